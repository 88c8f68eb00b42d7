import { describe, expect, it } from 'vitest';
import type { GeoPoint } from '$lib/domain/geo';
import type { HalfDayPeriod, Weekday } from '$lib/domain/site';
import { dayRouteKm, greatCircleDetourModel } from './distance';
import { tarnEtGaronneInputs } from './fixtures';
import {
	checkVisitSlot,
	suggestVisitSlots,
	type ScheduledVisit,
	type SuggestVisitSlotsInput,
	type VisitAvailability,
	type VisitPermanence
} from './visits';

const inputs = tarnEtGaronneInputs();
const pointOf = (id: string): GeoPoint => {
	const site = inputs.sites.find((s) => s.id === id);
	if (!site) throw new Error(id);
	return site.point;
};
const LAVIT = pointOf('mairie-lavit');
const GRAMONT = pointOf('mairie-gramont');
const LAGUEPIE = pointOf('mairie-laguepie');
/** A home 2.5 km from Lavit's town hall. */
const NEAR_LAVIT: GeoPoint = { lat: LAVIT.lat + 0.02, lon: LAVIT.lon + 0.01 };
const model = greatCircleDetourModel();

const ANY: VisitAvailability = { weekdays: [1, 2, 3, 4, 5], periods: ['morning', 'afternoon'] };
/** Monday 7 December 2026. */
const MONDAY = '2026-12-07';

function permanence(
	siteId: string,
	date: string,
	period: HalfDayPeriod,
	hours = period === 'morning' ? ['09:00', '12:00'] : ['14:00', '17:00']
): VisitPermanence {
	return { id: `${siteId}:${date}`, siteId, date, period, start: hours[0] ?? '', end: hours[1] ?? '' };
}

function visit(
	id: string,
	date: string,
	period: HalfDayPeriod,
	start: string,
	end: string,
	point: GeoPoint
): ScheduledVisit {
	return { id, tourId: 'tournee-1', date, period, start, end, point };
}

function input(over: Partial<SuggestVisitSlotsInput> = {}): SuggestVisitSlotsInput {
	return {
		request: { id: 'demande-1', point: NEAR_LAVIT, availability: ANY },
		tourId: 'tournee-1',
		permanences: [],
		visits: [],
		sites: inputs.sites,
		depot: inputs.depot,
		from: MONDAY,
		horizonDays: 14,
		...over
	};
}

const key = (s: { date: string; period: string }) => `${s.date} ${s.period}`;

describe('suggestVisitSlots', () => {
	it('prefers the afternoon of a day the tour holds a permanence nearby to an empty day', () => {
		const slots = suggestVisitSlots(
			input({ permanences: [permanence('mairie-lavit', '2026-12-08', 'morning')] })
		);
		expect(slots.map(key)).toEqual(['2026-12-08 afternoon', '2026-12-07 morning', '2026-12-07 afternoon']);
		const [best, empty] = slots;
		expect(best).toMatchObject({ tourId: 'tournee-1', start: '14:00', end: '15:00' });
		expect(best?.explanation).toBe(
			'mardi 8 décembre, après-midi, 14 h – 15 h : la tournée est en permanence le matin à « Mairie de Lavit » (détour : +1,5 km, +2 min)'
		);
		// The detour is the day's loop with the visit minus the loop without it.
		const withVisit = dayRouteKm(inputs.depot, [LAVIT, NEAR_LAVIT], model);
		expect(best?.detourKm).toBeCloseTo(withVisit - dayRouteKm(inputs.depot, [LAVIT], model), 9);
		// An empty day costs the whole return trip from Montauban.
		expect(empty?.detourKm).toBeCloseTo(2 * model.km(inputs.depot, NEAR_LAVIT), 9);
		expect(empty?.detourMinutes).toBeCloseTo(2 * model.minutes(inputs.depot, NEAR_LAVIT), 9);
		expect(empty?.explanation).toBe(
			"lundi 7 décembre, matin, 9 h – 10 h : aucune autre étape ce jour-là, aller-retour depuis l'Hôtel du Département (détour : +90 km, +99 min)"
		);
	});

	it('never proposes a half-day of permanence, and ignores other tours', () => {
		const slots = suggestVisitSlots(
			input({
				count: 100,
				permanences: [
					permanence('mairie-lavit', '2026-12-08', 'morning'),
					{ ...permanence('mairie-gramont', '2026-12-09', 'morning'), tourId: 'tournee-1' },
					{ ...permanence('mairie-dunes', '2026-12-10', 'morning'), tourId: 'tournee-2' }
				],
				visits: [
					{ ...visit('v', '2026-12-11', 'morning', '09:00', '10:00', NEAR_LAVIT), tourId: 'tournee-2' }
				]
			})
		);
		const keys = slots.map(key);
		expect(keys).not.toContain('2026-12-08 morning');
		expect(keys).not.toContain('2026-12-09 morning');
		expect(keys).toContain('2026-12-10 morning');
		expect(slots.find((s) => key(s) === '2026-12-11 morning')?.start).toBe('09:00');
		// 10 working days (no Saturday in the availability) × 2 half-days − 2 permanences.
		expect(slots).toHaveLength(18);
	});

	it('fits a visit after one already booked, leaving the travel time, and skips a full half-day', () => {
		const booked = visit('v1', '2026-12-08', 'afternoon', '14:00', '15:00', LAVIT);
		const base = input({
			permanences: [permanence('mairie-lavit', '2026-12-08', 'morning')],
			visits: [booked]
		});
		const [best] = suggestVisitSlots(base);
		const travel = model.minutes(LAVIT, NEAR_LAVIT);
		expect(travel).toBeGreaterThan(0);
		expect(travel).toBeLessThan(5);
		expect(best).toMatchObject({ date: '2026-12-08', period: 'afternoon', start: '15:05', end: '16:05' });
		expect(best?.explanation).toContain('une autre visite à domicile cet après-midi-là');
		// Full at 1 visit per half-day: that afternoon is skipped.
		const full = suggestVisitSlots({ ...base, maxVisitsPerHalfDay: 1, count: 100 });
		expect(full.map(key)).not.toContain('2026-12-08 afternoon');
	});

	it('keeps booked hours: a visit goes into a gap, never over another one', () => {
		// 14:00–15:00 and 15:30–16:30 leave no hour: 15:00 + travel is past 15:30 − 60 min.
		const visits = [
			visit('v1', '2026-12-08', 'afternoon', '14:00', '15:00', NEAR_LAVIT),
			visit('v2', '2026-12-08', 'afternoon', '15:30', '16:30', NEAR_LAVIT)
		];
		const slots = suggestVisitSlots(input({ visits, maxVisitsPerHalfDay: 3, count: 100 }));
		expect(slots.map(key)).not.toContain('2026-12-08 afternoon');
		// A 30-minute visit fits between them (the travel from the same home is 0).
		const afternoons = {
			id: 'd',
			point: NEAR_LAVIT,
			availability: { ...ANY, periods: ['afternoon' as const] }
		};
		const short = suggestVisitSlots(
			input({ request: afternoons, visits, maxVisitsPerHalfDay: 3, visitMinutes: 30 })
		);
		expect(short[0]).toMatchObject({ date: '2026-12-08', period: 'afternoon', start: '15:00', end: '15:30' });
		expect(short[0]?.detourKm).toBe(0);
	});

	it('takes the cheapest gap of the half-day, not the first', () => {
		// Booked: Lavit 10:00–10:30; afternoon permanence at Gramont, west. The home lies between.
		const home: GeoPoint = { lat: 43.952, lon: 0.9 };
		const slots = suggestVisitSlots(
			input({
				request: { id: 'd', point: home, availability: { weekdays: [2], periods: ['morning'] } },
				permanences: [permanence('mairie-gramont', '2026-12-08', 'afternoon')],
				visits: [visit('v1', '2026-12-08', 'morning', '10:00', '10:30', LAVIT)],
				visitMinutes: 30,
				horizonDays: 3
			})
		);
		// Before Lavit (9:00) would cost depot → home → Lavit instead of depot → Lavit.
		const first = model.km(inputs.depot, home) + model.km(home, LAVIT) - model.km(inputs.depot, LAVIT);
		const after = model.km(LAVIT, home) + model.km(home, GRAMONT) - model.km(LAVIT, GRAMONT);
		expect(after).toBeLessThan(first);
		expect(slots).toHaveLength(1);
		expect(slots[0]).toMatchObject({ start: '10:35', end: '11:05' });
		expect(slots[0]?.detourKm).toBeCloseTo(after, 9);
	});

	it('still finds a later gap when hand-booked hours leave no time to drive from a far stop', () => {
		// Laguépie until 10:00 then Lavit at 10:00: impossible by road, but booked; after Lavit fits.
		const slots = suggestVisitSlots(
			input({
				request: { id: 'd', point: NEAR_LAVIT, availability: { weekdays: [2], periods: ['morning'] } },
				visits: [
					visit('v1', '2026-12-08', 'morning', '09:00', '10:00', LAGUEPIE),
					visit('v2', '2026-12-08', 'morning', '10:00', '10:30', LAVIT)
				],
				maxVisitsPerHalfDay: 3,
				horizonDays: 3
			})
		);
		expect(slots.map((s) => [s.date, s.start, s.end])).toEqual([['2026-12-08', '10:35', '11:35']]);
	});

	it('leaves the time to drive from the morning permanence, and to reach the afternoon one', () => {
		const far: GeoPoint = { lat: LAGUEPIE.lat, lon: LAGUEPIE.lon - 0.02 };
		const travel = model.minutes(GRAMONT, far);
		expect(travel).toBeGreaterThan(130);
		const after = suggestVisitSlots(
			input({
				request: { id: 'd', point: far, availability: { weekdays: [2], periods: ['afternoon'] } },
				permanences: [permanence('mairie-gramont', '2026-12-08', 'morning')],
				horizonDays: 3
			})
		);
		const start = Math.ceil((12 * 60 + travel) / 5) * 5;
		expect(after).toHaveLength(1);
		expect(after[0]?.start).toBe(`${Math.floor(start / 60)}:${String(start % 60).padStart(2, '0')}`);
		// Before an afternoon permanence at noon over 2 h away, a morning visit would have to end before 10 h.
		const before = suggestVisitSlots(
			input({
				request: { id: 'd', point: far, availability: { weekdays: [2], periods: ['morning'] } },
				permanences: [permanence('mairie-gramont', '2026-12-08', 'afternoon', ['12:00', '15:00'])],
				horizonDays: 3
			})
		);
		expect(before).toEqual([]);
	});

	it('skips Sundays, public holidays and blocked half-days', () => {
		const all: VisitAvailability = { weekdays: [1, 2, 3, 4, 5, 6], periods: ['morning', 'afternoon'] };
		const slots = suggestVisitSlots(
			input({
				request: { id: 'd', point: NEAR_LAVIT, availability: all },
				from: '2026-12-21',
				horizonDays: 14,
				count: 100,
				blocked: [
					{ date: '2026-12-22', period: null, reason: 'congés' },
					{ date: '2026-12-23', period: 'afternoon', reason: 'formation' }
				]
			})
		);
		const dates = new Set(slots.map((s) => s.date));
		expect(dates.has('2026-12-25')).toBe(false); // Noël
		expect(dates.has('2027-01-01')).toBe(false); // Jour de l'an
		expect(dates.has('2026-12-27')).toBe(false); // Sunday
		expect(dates.has('2026-12-26')).toBe(true); // Saturday, offered by the person
		expect(dates.has('2026-12-22')).toBe(false);
		expect(slots.map(key)).toContain('2026-12-23 morning');
		expect(slots.map(key)).not.toContain('2026-12-23 afternoon');
		// 14 days − 2 Sundays − 2 holidays = 10 days, 20 half-days, − 3 blocked.
		expect(slots).toHaveLength(17);
		// A crew that does not work on Saturdays.
		const weekdaysOnly = suggestVisitSlots({ ...input(), workingWeekdays: [1, 2, 3, 4, 5], count: 100 });
		expect(weekdaysOnly.some((s) => s.date === '2026-12-12')).toBe(false);
	});

	it('respects the availability: dates, weekdays, half-days', () => {
		const availability: VisitAvailability = {
			from: '2026-12-09',
			to: '2026-12-17',
			weekdays: [3, 4],
			periods: ['afternoon']
		};
		const slots = suggestVisitSlots(
			input({ request: { id: 'd', point: NEAR_LAVIT, availability }, count: 100, horizonDays: 61 })
		);
		expect(slots.map(key)).toEqual([
			'2026-12-09 afternoon',
			'2026-12-10 afternoon',
			'2026-12-16 afternoon',
			'2026-12-17 afternoon'
		]);
		const none = (a: Partial<VisitAvailability>) =>
			suggestVisitSlots(input({ request: { id: 'd', point: NEAR_LAVIT, availability: { ...ANY, ...a } } }));
		expect(none({ periods: [] })).toEqual([]);
		expect(none({ weekdays: [] })).toEqual([]);
		expect(none({ weekdays: [7 as Weekday] })).toEqual([]);
		expect(none({ to: '2026-12-06' })).toEqual([]);
		expect(none({ from: '2027-03-01' })).toEqual([]);
		expect(suggestVisitSlots(input({ count: 0 }))).toEqual([]);
	});

	it('throws on a permanence at an unknown site and on a nonsensical length', () => {
		expect(() =>
			suggestVisitSlots(input({ permanences: [permanence('nulle-part', '2026-12-08', 'morning')] }))
		).toThrow(/unknown site nulle-part/);
		expect(() => suggestVisitSlots(input({ visitMinutes: 0 }))).toThrow(RangeError);
		expect(() => suggestVisitSlots(input({ stepMinutes: 2.5 }))).toThrow(RangeError);
	});
});

describe('checkVisitSlot', () => {
	const ctx = {
		tourId: 'tournee-1',
		permanences: [permanence('mairie-lavit', '2026-12-08', 'morning')],
		visits: [visit('v1', '2026-12-08', 'afternoon', '14:00', '15:00', NEAR_LAVIT)],
		sites: inputs.sites,
		depot: inputs.depot
	};
	const slot = {
		date: '2026-12-08',
		period: 'afternoon' as HalfDayPeriod,
		start: '15:05',
		end: '16:05',
		point: LAVIT
	};
	const rules = (over: Partial<typeof slot>, extra: object = {}) =>
		checkVisitSlot({ ...ctx, slot: { ...slot, ...over }, ...extra }).map((p) => p.rule);

	it('accepts what the suggestion proposes', () => {
		const [best] = suggestVisitSlots(
			input({ ...ctx, request: { id: 'd', point: LAVIT, availability: ANY } })
		);
		expect(best).toMatchObject({ date: '2026-12-08', period: 'afternoon', start: '15:05' });
		expect(checkVisitSlot({ ...ctx, slot, availability: ANY, from: MONDAY })).toEqual([]);
	});

	it('refuses the same slot booked twice (two devices offline)', () => {
		const first = visit('v2', slot.date, slot.period, slot.start, slot.end, LAVIT);
		const problems = checkVisitSlot({ ...ctx, visits: [...ctx.visits, first], slot, maxVisitsPerHalfDay: 2 });
		expect(problems.map((p) => p.rule)).toEqual(['overlap', 'capacity']);
		expect(problems[0]?.message).toBe(
			'Chevauche une autre visite à domicile de la tournée (15 h 05 – 16 h 05).'
		);
		expect(problems[1]?.message).toBe('Déjà 2 visites à domicile cet après-midi (au plus 2).');
		// Moving that visit itself is not a conflict.
		expect(checkVisitSlot({ ...ctx, visits: [...ctx.visits, first], slot, visitId: 'v2' })).toEqual([]);
	});

	it('names each broken rule in French', () => {
		expect(rules({ period: 'morning', start: '10:00', end: '11:00' })).toEqual(['permanence']);
		expect(
			checkVisitSlot({ ...ctx, slot: { ...slot, period: 'morning', start: '10:00', end: '11:00' } })[0]
				?.message
		).toBe(
			'La tournée est en permanence à « Mairie de Lavit » ce matin (9 h – 12 h) : pas de visite sur une demi-journée de permanence.'
		);
		expect(rules({ start: '14:30', end: '15:30' })).toEqual(['overlap']);
		expect(rules({ start: '15:00', end: '16:00' })).toEqual(['travel']);
		expect(rules({ start: '16:30', end: '17:30' })).toEqual(['window']);
		expect(rules({ start: '9h', end: '10h' })).toEqual(['window']);
		expect(rules({ date: '2026-12-25' })).toEqual(['holiday']);
		expect(rules({ date: '2026-12-13' })).toEqual(['weekday']);
		expect(rules({}, { from: '2026-12-09' })).toEqual(['past']);
		expect(rules({}, { maxVisitsPerHalfDay: 1 })).toEqual(['capacity']);
		expect(rules({}, { blocked: [{ date: '2026-12-08', period: null, reason: 'congés' }] })).toEqual([
			'blocked'
		]);
		expect(
			rules(
				{},
				{ availability: { from: '2026-12-09', to: '2026-12-01', weekdays: [1], periods: ['morning'] } }
			)
		).toEqual(['availability', 'availability', 'availability', 'availability']);
		const travel = checkVisitSlot({ ...ctx, slot: { ...slot, start: '15:00', end: '16:00' } })[0]?.message;
		expect(travel).toMatch(
			/^Trop juste après la visite de 14 h – 15 h : \d+ min de route, début possible à 15 h 05 au plus tôt\.$/
		);
		const before = checkVisitSlot({
			...ctx,
			slot: { date: '2026-12-08', period: 'morning', start: '11:00', end: '12:00', point: LAGUEPIE },
			permanences: [permanence('mairie-gramont', '2026-12-08', 'afternoon')],
			visits: []
		});
		expect(before.map((p) => p.message)).toEqual([
			expect.stringMatching(/^Trop juste avant la permanence à « Mairie de Gramont » : \d+ min de route\.$/)
		]);
	});
});
