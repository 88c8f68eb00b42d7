import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { agendaDayLabel, buildAgenda, itemAt, type AgendaItem } from './agenda';
import { addDaysIso } from './dates';

const TODAY = '2026-11-23';

function permanence(
	id: string,
	date: string | null,
	start: string,
	end: string
): AgendaItem & { site: string } {
	return { id, date, start, end, site: `site-${id}` };
}
function visit(id: string, date: string | null, start: string, end: string): AgendaItem & { person: string } {
	return { id, date, start, end, person: `personne-${id}` };
}

/** "date start kind id" of each entry, day by day: what the page shows, in its order. */
function outline(agenda: ReturnType<typeof buildAgenda>) {
	return agenda.days.map((d) => ({
		date: d.date,
		entries: d.entries.map((e) => `${e.item.start} ${e.kind} ${e.item.id}`)
	}));
}

describe('buildAgenda', () => {
	it('puts a visit between the permanences of its day, by start time', () => {
		const agenda = buildAgenda({
			today: TODAY,
			permanences: [permanence('p2', TODAY, '14:00', '17:00'), permanence('p1', TODAY, '09:00', '12:00')],
			visits: [visit('v1', TODAY, '12:30', '13:30')]
		});
		expect(outline(agenda)).toEqual([
			{ date: TODAY, entries: ['09:00 permanence p1', '12:30 visit v1', '14:00 permanence p2'] }
		]);
		// The items themselves are handed back, with their own fields.
		const [first, second] = agenda.days[0]?.entries ?? [];
		expect(first?.kind === 'permanence' && first.item.site).toBe('site-p1');
		expect(second?.kind === 'visit' && second.item.person).toBe('personne-v1');
	});

	it('groups by day: today first even when empty, then only the days that have something', () => {
		const agenda = buildAgenda({
			today: TODAY,
			permanences: [
				permanence('p-26', '2026-11-26', '14:00', '17:00'),
				permanence('p-24', '2026-11-24', '09:00', '12:00')
			],
			visits: [visit('v-26', '2026-11-26', '10:00', '11:00'), visit('v-dec', '2026-12-02', '15:00', '16:00')]
		});
		expect(outline(agenda)).toEqual([
			{ date: TODAY, entries: [] },
			{ date: '2026-11-24', entries: ['09:00 permanence p-24'] },
			{ date: '2026-11-26', entries: ['10:00 visit v-26', '14:00 permanence p-26'] },
			{ date: '2026-12-02', entries: ['15:00 visit v-dec'] }
		]);
		expect(agenda.days.map((d) => d.relative)).toEqual(['today', 'tomorrow', null, null]);
		expect(agenda.later).toEqual({ days: 0, visits: 0 });
	});

	it('leaves out past days and requests that have no slot yet', () => {
		const agenda = buildAgenda({
			today: TODAY,
			permanences: [permanence('yesterday', '2026-11-22', '09:00', '12:00')],
			visits: [
				visit('to-plan', null, '', ''),
				visit('garbled', 'null', '', ''),
				visit('last-week', '2026-11-16', '14:00', '15:00'),
				visit('today', TODAY, '16:00', '17:00')
			]
		});
		expect(outline(agenda)).toEqual([{ date: TODAY, entries: ['16:00 visit today'] }]);
	});

	it('orders entries of the same hours the same way whatever the input order', () => {
		const items = {
			permanences: [permanence('b', TODAY, '14:00', '17:00'), permanence('a', TODAY, '14:00', '17:00')],
			visits: [visit('c', TODAY, '14:00', '15:00'), visit('d', TODAY, '14:00', '17:00')]
		};
		const agenda = buildAgenda({ today: TODAY, ...items });
		// Shorter first; at the same hours a permanence, then by id.
		expect(outline(agenda)[0]?.entries).toEqual([
			'14:00 visit c',
			'14:00 permanence a',
			'14:00 permanence b',
			'14:00 visit d'
		]);
		const reversed = buildAgenda({
			today: TODAY,
			permanences: [...items.permanences].reverse(),
			visits: [...items.visits].reverse()
		});
		expect(outline(reversed)).toEqual(outline(agenda));
	});

	it('shows at most `upcomingDays` days after today and says what comes later', () => {
		const agenda = buildAgenda({
			today: TODAY,
			permanences: [
				permanence('p1', '2026-11-24', '09:00', '12:00'),
				permanence('p2', '2026-11-25', '09:00', '12:00'),
				permanence('p3', '2026-11-26', '09:00', '12:00'),
				permanence('p4', '2026-11-26', '14:00', '17:00')
			],
			visits: [
				visit('v0', TODAY, '10:00', '11:00'),
				visit('v1', '2026-11-25', '14:00', '15:00'),
				visit('v2', '2026-11-26', '10:00', '11:00'),
				visit('v3', '2026-12-01', '10:00', '11:00')
			],
			upcomingDays: 2
		});
		expect(agenda.days.map((d) => d.date)).toEqual([TODAY, '2026-11-24', '2026-11-25']);
		// The 25th is shown whole: a day is never cut.
		expect(outline(agenda)[2]?.entries).toEqual(['09:00 permanence p2', '14:00 visit v1']);
		expect(agenda.later).toEqual({ days: 2, visits: 2 });
		// Today is always there, whatever the limit.
		const none = buildAgenda({
			today: TODAY,
			permanences: [permanence('p1', '2026-11-24', '09:00', '12:00')],
			visits: [],
			upcomingDays: 0
		});
		expect(outline(none)).toEqual([{ date: TODAY, entries: [] }]);
		expect(none.later).toEqual({ days: 1, visits: 0 });
	});

	it('keeps every dated item from today exactly once, sorted, whatever the input (property)', () => {
		const time = fc
			.tuple(fc.integer({ min: 8, max: 18 }), fc.constantFrom(0, 15, 30, 45))
			.map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
		const item = fc.record({
			day: fc.integer({ min: -3, max: 20 }),
			start: time,
			end: time
		});
		fc.assert(
			fc.property(
				fc.array(item, { maxLength: 25 }),
				fc.array(item, { maxLength: 25 }),
				fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
				(ps, vs, upcomingDays) => {
					const date = (d: number) => addDaysIso(TODAY, d);
					const permanences = ps.map((p, i) => permanence(`p${i}`, date(p.day), p.start, p.end));
					const visits = vs.map((v, i) => visit(`v${i}`, date(v.day), v.start, v.end));
					const agenda = buildAgenda({
						today: TODAY,
						permanences,
						visits,
						...(upcomingDays === undefined ? {} : { upcomingDays })
					});
					const shown = agenda.days.flatMap((d) => d.entries);
					const expected = [...permanences, ...visits].filter((x) => (x.date ?? '') >= TODAY);
					// Sorted by date then start; days distinct and ascending; today first.
					for (let i = 1; i < shown.length; i++) {
						const a = shown[i - 1];
						const b = shown[i];
						if (!a || !b) continue;
						expect(`${a.date} ${a.item.start}` <= `${b.date} ${b.item.start}`).toBe(true);
					}
					expect(agenda.days[0]?.date).toBe(TODAY);
					const dates = agenda.days.map((d) => d.date);
					expect(new Set(dates).size).toBe(dates.length);
					expect([...dates].sort()).toEqual(dates);
					for (const d of agenda.days) for (const e of d.entries) expect(e.date).toBe(d.date);
					if (upcomingDays !== undefined) expect(agenda.days.length).toBeLessThanOrEqual(upcomingDays + 1);
					// Nothing lost: shown once, or counted in `later`.
					expect(new Set(shown.map((e) => e.item.id)).size).toBe(shown.length);
					const hidden = expected.filter((x) => !shown.some((e) => e.item === x));
					expect(shown.length + hidden.length).toBe(expected.length);
					expect(agenda.later.visits).toBe(hidden.filter((x) => x.id.startsWith('v')).length);
					expect(agenda.later.days).toBe(new Set(hidden.map((x) => x.date)).size);
					// Hidden days all come after the last day shown.
					const lastShown = dates[dates.length - 1] ?? TODAY;
					for (const x of hidden) expect((x.date ?? '') > lastShown).toBe(true);
				}
			)
		);
	});

	it('does not change the arrays it is given', () => {
		const permanences = [
			permanence('p2', TODAY, '14:00', '17:00'),
			permanence('p1', TODAY, '09:00', '12:00')
		];
		const copy = structuredClone(permanences);
		buildAgenda({ today: TODAY, permanences, visits: [] });
		expect(permanences).toEqual(copy);
	});
});

describe('agendaDayLabel', () => {
	it('names today and tomorrow, and writes the date the French way', () => {
		expect(agendaDayLabel({ date: TODAY, relative: 'today' })).toBe("Aujourd'hui, lundi 23 novembre 2026");
		expect(agendaDayLabel({ date: '2026-11-24', relative: 'tomorrow' })).toBe(
			'Demain, mardi 24 novembre 2026'
		);
		expect(agendaDayLabel({ date: '2026-12-01', relative: null })).toBe('Mardi 1er décembre 2026');
	});
});

describe('the item an adviser records for, by the time of day', () => {
	const morning = { id: 'p-matin', start: '09:00', end: '12:00' };
	const afternoon = { id: 'p-apres-midi', start: '14:00', end: '17:00' };
	const visit = { id: 'visite', start: '12:30', end: '13:30' };
	const day = [afternoon, visit, morning];

	it('is the one in progress', () => {
		expect(itemAt(day, '10:00')).toBe(morning);
		expect(itemAt(day, '15:10')).toBe(afternoon);
		expect(itemAt(day, '12:30')).toBe(visit);
		expect(itemAt(day, '09:00')).toBe(morning);
	});

	it('else the next one to start, else the last one that ended', () => {
		expect(itemAt(day, '07:45')).toBe(morning);
		expect(itemAt(day, '12:00')).toBe(visit);
		expect(itemAt(day, '13:45')).toBe(afternoon);
		expect(itemAt(day, '18:20')).toBe(afternoon);
	});

	it('is nothing on a day without any', () => {
		expect(itemAt([], '10:00')).toBeNull();
	});
});
