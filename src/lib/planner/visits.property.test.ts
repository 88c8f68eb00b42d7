import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import joursFeries from '@socialgouv/jours-feries';
import type { GeoPoint } from '$lib/domain/geo';
import type { HalfDayPeriod, Weekday } from '$lib/domain/site';
import { greatCircleDetourModel } from './distance';
import {
	checkVisitSlot,
	suggestVisitSlots,
	type BlockedHalfDay,
	type ScheduledVisit,
	type SuggestVisitSlotsInput,
	type VisitPermanence,
	type VisitSite,
	type VisitSlot
} from './visits';

/**
 * Slot suggestion against an independent oracle: every 5-minute start of every half-day of the
 * horizon is tried by brute force, the day's loop is summed stop by stop in chronological order,
 * and dates, weekdays and holidays come from UTC arithmetic and @socialgouv/jours-feries rather
 * than the planner's calendar.
 */

/** Kept small for CI; raise it to hunt: VISITS_RUNS=20. */
const RUNS = Number(process.env.VISITS_RUNS ?? 1);
const model = greatCircleDetourModel();
const DEPOT: GeoPoint = { lat: 44.0223, lon: 1.36402 };
const BOX = { minLat: 43.77, maxLat: 44.39, minLon: 0.74, maxLon: 2.0 };
const TOUR = 'A';
const STEP = 5;
const WINDOWS: Record<HalfDayPeriod, [number, number]> = { morning: [540, 720], afternoon: [840, 1020] };
const PERIODS: HalfDayPeriod[] = ['morning', 'afternoon'];

// --- independent calendar -------------------------------------------------------------------
const DAY_MS = 86_400_000;
const isoAt = (base: string, days: number) =>
	new Date(Date.parse(`${base}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
const holidays = new Set<string>();
for (let year = 2025; year <= 2029; year++) {
	for (const d of Object.values(joursFeries(year))) {
		const s = new Date(d.getTime() + 12 * 3600 * 1000); // local midnight ± DST hour, read as a civil date
		holidays.add(
			`${s.getFullYear()}-${String(s.getMonth() + 1).padStart(2, '0')}-${String(s.getDate()).padStart(2, '0')}`
		);
	}
}
const mins = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const hhmm = (m: number) =>
	`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// --- scenarios ------------------------------------------------------------------------------
/** Anywhere in the département's box. */
const anywhere = fc
	.record({ lat: fc.integer({ min: 0, max: 1000 }), lon: fc.integer({ min: 0, max: 1000 }) })
	.map(({ lat, lon }) => ({
		lat: BOX.minLat + ((BOX.maxLat - BOX.minLat) * lat) / 1000,
		lon: BOX.minLon + ((BOX.maxLon - BOX.minLon) * lon) / 1000
	}));
/** Within ~6 km of Lavit: one area a tour serves, a few minutes apart. */
const local = fc
	.record({ lat: fc.integer({ min: -50, max: 50 }), lon: fc.integer({ min: -50, max: 50 }) })
	.map(({ lat, lon }) => ({ lat: 43.9556 + lat / 1000, lon: 0.9245 + lon / 1000 }));
const point = fc.oneof(anywhere, local);
const period = fc.constantFrom<HalfDayPeriod>('morning', 'afternoon');
const PERMANENCE_HOURS: Record<HalfDayPeriod, [string, string][]> = {
	morning: [
		['09:00', '12:00'],
		['09:30', '11:30'],
		['08:30', '12:30']
	],
	afternoon: [
		['14:00', '17:00'],
		['13:30', '16:30'],
		['12:00', '15:00']
	]
};
const wide = fc.record({
	start: fc.integer({ min: 0, max: 3 * 365 }),
	horizon: fc.integer({ min: 1, max: 21 }),
	sites: fc.array(point, { minLength: 1, maxLength: 6 }),
	permanences: fc.array(
		fc.record({
			site: fc.nat(),
			day: fc.nat(60),
			period,
			hours: fc.integer({ min: 0, max: 2 }),
			tour: fc.constantFrom<string | undefined>(TOUR, TOUR, TOUR, 'B', undefined)
		}),
		{ maxLength: 14 }
	),
	visits: fc.array(
		fc.record({
			day: fc.nat(60),
			period,
			offset: fc.integer({ min: 0, max: 30 }),
			length: fc.constantFrom<number>(15, 30, 45, 60, 90),
			point,
			tour: fc.constantFrom(TOUR, TOUR, 'B')
		}),
		{ maxLength: 30 }
	),
	blocked: fc.array(fc.record({ day: fc.nat(60), period: fc.option(period) }), {
		maxLength: 2
	}),
	home: point,
	weekdays: fc.subarray<Weekday>([1, 2, 3, 4, 5, 6]),
	periods: fc.subarray(PERIODS),
	availableFrom: fc.option(fc.integer({ min: -3, max: 20 })),
	availableTo: fc.option(fc.integer({ min: -1, max: 25 })),
	visitMinutes: fc.constantFrom<number>(20, 30, 45, 60, 90),
	maxVisits: fc.integer({ min: 1, max: 3 }),
	count: fc.integer({ min: 1, max: 5 }),
	saturdays: fc.boolean()
});
type Scenario = typeof wide extends fc.Arbitrary<infer T> ? T : never;
/**
 * A few days in one area, short visits, several already booked: half-days with more than one
 * gap, where the cheapest gap is not always the first.
 */
const dense: fc.Arbitrary<Scenario> = fc
	.record({
		base: wide,
		horizon: fc.integer({ min: 1, max: 3 }),
		sites: fc.array(local, { minLength: 1, maxLength: 3 }),
		visits: fc.array(
			fc.record({
				day: fc.nat(60),
				period,
				offset: fc.integer({ min: 0, max: 30 }),
				length: fc.constantFrom<number>(15, 20, 30),
				point: local,
				tour: fc.constant(TOUR)
			}),
			{ minLength: 2, maxLength: 8 }
		),
		home: local,
		visitMinutes: fc.constantFrom<number>(15, 20, 30)
	})
	.map(({ base, ...dense }) => ({
		...base,
		...dense,
		weekdays: [1, 2, 3, 4, 5, 6],
		periods: PERIODS,
		availableFrom: null,
		availableTo: null,
		maxVisits: 3,
		saturdays: true
	}));
const scenario = fc.oneof(wide, dense);

function build(s: Scenario): SuggestVisitSlotsInput {
	const from = isoAt('2026-01-01', s.start);
	/** Days from −1 to the horizon's end + 1: the agenda is as dense for short horizons as for long ones. */
	const near = (day: number) => (day % (s.horizon + 3)) - 1;
	const sites: VisitSite[] = s.sites.map((p, i) => ({ id: `lieu-${i}`, name: `Lieu ${i}`, point: p }));
	// The tour's agenda as the app keeps it: one permanence per half-day and vehicle, and no two
	// of its stops at the same time (travel between them is not guaranteed: people book by hand).
	const taken = new Set<string>();
	const permanences: VisitPermanence[] = [];
	s.permanences.forEach((p, i) => {
		const date = isoAt(from, near(p.day));
		const k = `${p.tour ?? TOUR}|${date}|${p.period}`;
		if (taken.has(k)) return;
		taken.add(k);
		const [start, end] = PERMANENCE_HOURS[p.period][p.hours] ?? ['09:00', '12:00'];
		const site = sites[p.site % sites.length] as VisitSite;
		permanences.push({ id: `p${i}`, siteId: site.id, date, period: p.period, start, end, tourId: p.tour });
	});
	const intervals: { tour: string | undefined; date: string; start: number; end: number }[] = permanences.map(
		(p) => ({
			tour: p.tourId ?? TOUR,
			date: p.date,
			start: mins(p.start),
			end: mins(p.end)
		})
	);
	const visits: ScheduledVisit[] = [];
	s.visits.forEach((v, i) => {
		const date = isoAt(from, near(v.day));
		const start = (WINDOWS[v.period][0] as number) + STEP * v.offset;
		const end = start + v.length;
		if (intervals.some((x) => x.tour === v.tour && x.date === date && x.start < end && start < x.end)) return;
		intervals.push({ tour: v.tour, date, start, end });
		visits.push({
			id: `v${i}`,
			tourId: v.tour,
			date,
			period: v.period,
			start: hhmm(start),
			end: hhmm(end),
			point: v.point
		});
	});
	const blocked: BlockedHalfDay[] = s.blocked.map((b) => ({
		date: isoAt(from, near(b.day)),
		period: b.period,
		reason: 'congés'
	}));
	return {
		request: {
			id: 'demande',
			point: s.home,
			availability: {
				from: s.availableFrom === null ? null : isoAt(from, s.availableFrom),
				to: s.availableTo === null ? null : isoAt(from, s.availableTo),
				weekdays: s.weekdays,
				periods: s.periods
			}
		},
		tourId: TOUR,
		permanences,
		visits,
		sites,
		depot: DEPOT,
		from,
		horizonDays: s.horizon,
		visitMinutes: s.visitMinutes,
		maxVisitsPerHalfDay: s.maxVisits,
		count: s.count,
		blocked,
		workingWeekdays: s.saturdays ? [1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5]
	};
}

// --- the oracle -----------------------------------------------------------------------------
interface OracleStop {
	point: GeoPoint;
	start: number;
	end: number;
}

/** The tour's stops of a day, in chronological order. */
function stopsOf(input: SuggestVisitSlotsInput, date: string): OracleStop[] {
	const sitePoint = new Map(input.sites.map((s) => [s.id, s.point]));
	return [
		...input.permanences
			.filter((p) => p.date === date && (p.tourId ?? TOUR) === TOUR)
			.map((p) => ({ point: sitePoint.get(p.siteId) as GeoPoint, start: mins(p.start), end: mins(p.end) })),
		...input.visits
			.filter((v) => v.date === date && v.tourId === TOUR)
			.map((v) => ({ point: v.point, start: mins(v.start), end: mins(v.end) }))
	].sort((a, b) => a.start - b.start);
}

/** depot → every stop by start time → depot, leg by leg. */
function loop(stops: readonly OracleStop[], leg: (a: GeoPoint, b: GeoPoint) => number): number {
	if (stops.length === 0) return 0;
	const points = [DEPOT, ...[...stops].sort((a, b) => a.start - b.start).map((s) => s.point), DEPOT];
	let total = 0;
	for (let i = 1; i < points.length; i++) total += leg(points[i - 1] as GeoPoint, points[i] as GeoPoint);
	return total;
}

function detour(day: readonly OracleStop[], added: OracleStop): { km: number; minutes: number } {
	const km = (a: GeoPoint, b: GeoPoint) => model.km(a, b);
	const minutes = (a: GeoPoint, b: GeoPoint) => model.minutes(a, b);
	return {
		km: loop([...day, added], km) - loop(day, km),
		minutes: loop([...day, added], minutes) - loop(day, minutes)
	};
}

/** Whether a visit at `home` from `start` fits the day: no overlap, travel from/to its neighbours. */
function fits(day: readonly OracleStop[], home: GeoPoint, start: number, length: number): boolean {
	const end = start + length;
	if (day.some((s) => s.start < end && start < s.end)) return false;
	const before = day.filter((s) => s.end <= start);
	const after = day.filter((s) => s.start >= end);
	const prev = before[before.length - 1];
	const next = after[0];
	if (prev && prev.end + model.minutes(prev.point, home) > start) return false;
	if (next && end + model.minutes(home, next.point) > next.start) return false;
	return true;
}

interface OracleHalfDay {
	date: string;
	period: HalfDayPeriod;
	km: number;
	/** Feasible starts (5-minute grid) and their detour. */
	starts: Map<number, number>;
}

function oracle(input: SuggestVisitSlotsInput): OracleHalfDay[] {
	const av = input.request.availability;
	const length = input.visitMinutes ?? 60;
	const max = input.maxVisitsPerHalfDay ?? 2;
	const out: OracleHalfDay[] = [];
	for (let d = 0; d < (input.horizonDays ?? 61); d++) {
		const date = isoAt(input.from, d);
		const weekday = weekdayOf(date);
		if (weekday === 7 || holidays.has(date)) continue;
		const working = input.workingWeekdays ?? [1, 2, 3, 4, 5, 6];
		if (!working.includes(weekday as Weekday) || !av.weekdays.includes(weekday as Weekday)) continue;
		if ((av.from && date < av.from) || (av.to && date > av.to)) continue;
		const day = stopsOf(input, date);
		for (const period of PERIODS) {
			if (!av.periods.includes(period)) continue;
			if ((input.blocked ?? []).some((b) => b.date === date && (b.period === null || b.period === period)))
				continue;
			if (
				input.permanences.some((p) => p.date === date && p.period === period && (p.tourId ?? TOUR) === TOUR)
			)
				continue;
			const booked = input.visits.filter((v) => v.date === date && v.period === period && v.tourId === TOUR);
			if (booked.length >= max) continue;
			const [open, close] = WINDOWS[period];
			const starts = new Map<number, number>();
			for (let start = open; start + length <= close; start += STEP) {
				if (fits(day, input.request.point, start, length)) {
					starts.set(start, detour(day, { point: input.request.point, start, end: start + length }).km);
				}
			}
			if (starts.size > 0) out.push({ date, period, km: Math.min(...starts.values()), starts });
		}
	}
	return out.sort((a, b) => a.km - b.km);
}

// --- properties -----------------------------------------------------------------------------
function checkSlot(input: SuggestVisitSlotsInput, slot: VisitSlot, truth: OracleHalfDay[]): void {
	const av = input.request.availability;
	const start = mins(slot.start);
	const end = mins(slot.end);
	const [open, close] = WINDOWS[slot.period];
	// Fits its window, lasts the visit length.
	expect(end - start).toBe(input.visitMinutes);
	expect(start).toBeGreaterThanOrEqual(open);
	expect(end).toBeLessThanOrEqual(close);
	// Availability, working day.
	expect(av.weekdays).toContain(weekdayOf(slot.date));
	expect(av.periods).toContain(slot.period);
	if (av.from) expect(slot.date >= av.from).toBe(true);
	if (av.to) expect(slot.date <= av.to).toBe(true);
	expect(slot.date >= input.from && slot.date <= isoAt(input.from, (input.horizonDays ?? 61) - 1)).toBe(true);
	expect(holidays.has(slot.date)).toBe(false);
	// No permanence of the tour that half-day, nothing of the tour at the same time, capacity.
	const mine = (p: { tourId?: string }) => (p.tourId ?? TOUR) === TOUR;
	expect(input.permanences.some((p) => mine(p) && p.date === slot.date && p.period === slot.period)).toBe(
		false
	);
	for (const s of stopsOf(input, slot.date)) expect(s.start < end && start < s.end).toBe(false);
	const booked = input.visits.filter(
		(v) => v.tourId === TOUR && v.date === slot.date && v.period === slot.period
	);
	expect(booked.length).toBeLessThan(input.maxVisitsPerHalfDay ?? 2);
	// The detour is the route difference, recomputed from scratch.
	const day = stopsOf(input, slot.date);
	const again = detour(day, { point: input.request.point, start, end });
	expect(Math.abs(slot.detourKm - again.km)).toBeLessThan(1e-6);
	expect(Math.abs(slot.detourMinutes - again.minutes)).toBeLessThan(1e-6);
	// Feasible by brute force, the cheapest of its half-day, as early as its gap allows.
	const half = truth.find((h) => h.date === slot.date && h.period === slot.period);
	expect(half).toBeDefined();
	expect(half?.starts.has(start)).toBe(true);
	expect(Math.abs(slot.detourKm - (half?.km ?? NaN))).toBeLessThan(1e-6);
	const earlier = half?.starts.get(start - STEP);
	if (earlier !== undefined) expect(Math.abs(earlier - slot.detourKm)).toBeGreaterThan(1e-9);
	// The server accepts it, and refuses the same slot booked a second time.
	const slotInput = {
		...input,
		slot: { ...slot, point: input.request.point },
		availability: av,
		from: input.from
	};
	expect(checkVisitSlot(slotInput)).toEqual([]);
	const twice = checkVisitSlot({
		...slotInput,
		visits: [...input.visits, { ...slot, id: 'autre-appareil', point: input.request.point }]
	});
	expect(twice.map((p) => p.rule)).toContain('overlap');
}

describe('suggestVisitSlots (property)', () => {
	it(
		'proposes only valid slots, the cheapest ones, with the route difference as detour',
		{ timeout: 30_000 * RUNS },
		() => {
			let suggested = 0;
			fc.assert(
				fc.property(scenario, (s) => {
					const input = build(s);
					const slots = suggestVisitSlots(input);
					const truth = oracle(input);
					expect(slots).toHaveLength(Math.min(input.count ?? 3, truth.length));
					expect(new Set(slots.map((x) => `${x.date}|${x.period}`)).size).toBe(slots.length);
					slots.forEach((slot, i) => {
						expect(slot.tourId).toBe(TOUR);
						checkSlot(input, slot, truth);
						// Ranked like the oracle's best half-days.
						expect(Math.abs(slot.detourKm - (truth[i]?.km ?? NaN))).toBeLessThan(1e-6);
						if (i > 0) expect(slot.detourKm).toBeGreaterThanOrEqual((slots[i - 1] as VisitSlot).detourKm);
					});
					suggested += slots.length;
				}),
				{ numRuns: 400 * RUNS }
			);
			expect(suggested).toBeGreaterThan(100); // the scenarios do reach suggestions
		}
	);

	it('keeps the agenda valid as requests are booked one after another', { timeout: 30_000 * RUNS }, () => {
		fc.assert(
			fc.property(
				scenario,
				fc.array(fc.tuple(point, fc.subarray<Weekday>([1, 2, 3, 4, 5])), { maxLength: 12 }),
				(s, people) => {
					const input = build({ ...s, horizon: Math.max(s.horizon, 10) });
					const visits = [...input.visits];
					for (const [i, [home, weekdays]] of people.entries()) {
						const [best] = suggestVisitSlots({
							...input,
							visits,
							request: { id: `d${i}`, point: home, availability: { weekdays, periods: PERIODS } }
						});
						if (best) visits.push({ ...best, id: `nouvelle-${i}`, point: home });
					}
					// Every visit booked here still passes the check against all the others.
					for (const v of visits.slice(input.visits.length)) {
						expect(checkVisitSlot({ ...input, visits, slot: v, visitId: v.id })).toEqual([]);
					}
				}
			),
			{ numRuns: 60 * RUNS }
		);
	});
});
