import { describe, expect, it } from 'vitest';
import ical from 'node-ical';
import { buildCalendar, type CalendarEntry } from './ics';

const entry = (over: Partial<CalendarEntry>): CalendarEntry => ({
	id: 'mairie-lavit:2027-03:2',
	date: '2027-03-22',
	start: '14:00',
	end: '17:00',
	cancelled: false,
	sequence: 0,
	updatedAt: '2026-11-23T09:00:00.000Z',
	summary: 'France Services itinérante — Lavit',
	location: 'Mairie de Lavit, 82120 Lavit',
	description: 'Permanence France Services',
	url: 'https://example.org/communes/82120',
	...over
});

describe('iCalendar feed', () => {
	// Summer time starts in France on Sunday 28 March 2027.
	const text = buildCalendar({
		name: 'France Services itinérante — Lavit',
		description: 'Permanences',
		url: 'https://example.org/communes/82120',
		entries: [
			entry({}),
			entry({ id: 'mairie-lavit:2027-04:1', date: '2027-04-05', start: '09:00', end: '12:00', sequence: 2 }),
			entry({ id: 'mairie-lavit:2027-04:2', date: '2027-04-19', cancelled: true, sequence: 1 })
		]
	});
	const events = Object.values(ical.sync.parseICS(text)).filter(
		(c): c is ical.VEvent => c?.type === 'VEVENT'
	);

	it('parses in an independent parser, one event per permanence with a stable UID', () => {
		expect(events.map((e) => e.uid)).toEqual([
			'mairie-lavit:2027-03:2@tournees-france-services',
			'mairie-lavit:2027-04:1@tournees-france-services',
			'mairie-lavit:2027-04:2@tournees-france-services'
		]);
	});

	it('keeps Paris hours on both sides of the daylight-saving change', () => {
		const [winter, summer] = events;
		// 14:00 in Paris in winter is 13:00 UTC; 09:00 in summer is 07:00 UTC.
		expect(winter?.start.toISOString()).toBe('2027-03-22T13:00:00.000Z');
		expect(winter?.end?.toISOString()).toBe('2027-03-22T16:00:00.000Z');
		expect(summer?.start.toISOString()).toBe('2027-04-05T07:00:00.000Z');
		const paris = (d: Date) =>
			new Intl.DateTimeFormat('fr-FR', {
				timeZone: 'Europe/Paris',
				hour: '2-digit',
				minute: '2-digit'
			}).format(d);
		expect(paris(winter!.start)).toBe('14:00');
		expect(paris(summer!.start)).toBe('09:00');
	});

	it('marks a cancellation and raises the sequence so subscribed agendas update', () => {
		expect(events[2]?.status).toBe('CANCELLED');
		expect(events[2]?.summary).toMatch(/^ANNULÉ/);
		expect(Number(events[1]?.sequence)).toBe(2);
		expect(text).toContain('METHOD:PUBLISH');
	});
});
