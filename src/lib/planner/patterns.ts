import type { GeoPoint } from '$lib/domain/geo';
import type { HalfDayPeriod, Weekday } from '$lib/domain/site';
import { monthsFrom, patternDates } from './calendar';
import { DistanceMatrix, type DistanceModel } from './distance';
import { isPublicHoliday } from './holidays';
import { mulberry32 } from './random';
import { openingSlotsOf } from './rules';
import type { IsoMonth, Pattern, PlannerSite, PlannerTour, WeekPair } from './types';

/**
 * Pattern slots are encoded as integers: slot = ((weekday − 1) × 2 + week) × 2 + period, with
 * week 0 = 1st & 3rd, 1 = 2nd & 4th, and period 0 = morning, 1 = afternoon. A "day type" is
 * slot >> 1 (weekday × week pair): the two half-days a vehicle may chain, depot → A → B → depot.
 */
const SLOT_COUNT = 24;
const DAY_TYPES = SLOT_COUNT / 2;

export function encodeSlot(weekday: Weekday, weeks: WeekPair, period: HalfDayPeriod): number {
	return ((weekday - 1) * 2 + (weeks === 'odd' ? 0 : 1)) * 2 + (period === 'morning' ? 0 : 1);
}

export function decodeSlot(slot: number): { weekday: Weekday; weeks: WeekPair; period: HalfDayPeriod } {
	return {
		weekday: ((slot >> 2) + 1) as Weekday,
		weeks: ((slot >> 1) & 1) === 0 ? 'odd' : 'even',
		period: (slot & 1) === 0 ? 'morning' : 'afternoon'
	};
}

/** Costs are in kilometres per month; penalties are expressed in the same unit. */
export interface PatternWeights {
	/** Per half-day slot where every tour is out: nobody could replace an absent adviser then. */
	overlap: number;
	/** Per pattern date of the horizon falling on a public holiday (each one forces a move). */
	holidayHit: number;
	/** Per site whose previous pattern changes: citizens remember their day. */
	change: number;
	/** Per day type whose morning → afternoon drive exceeds `maxTransferMinutes`. */
	longTransfer: number;
	/** Per site left without a pattern. */
	unassigned: number;
}

export const DEFAULT_PATTERN_WEIGHTS: PatternWeights = {
	overlap: 3,
	holidayHit: 1.5,
	change: 25,
	longTransfer: 1_000,
	unassigned: 10_000
};

export interface PatternSearchInput {
	/** The sites to give a pattern (those in service during the horizon). */
	sites: readonly PlannerSite[];
	/** siteId → tourId. Sites without a known tour get no pattern. */
	assignment: Readonly<Record<string, string>>;
	tours: readonly PlannerTour[];
	depot: GeoPoint;
	distance: DistanceModel;
	seed: number;
	/** Local-search budget; the search is "anytime": a larger budget never returns a worse cost. */
	iterations: number;
	/** Patterns in force: kept unless changing them saves more than `weights.change`. */
	previous?: readonly Pattern[];
	/** Months the plan covers, to count pattern dates falling on holidays. */
	horizon?: { from: IsoMonth; months: number };
	weights?: Partial<PatternWeights>;
	/**
	 * Longest drive between a morning and an afternoon site of the same day: the 12:00–14:00
	 * break minus a lunch. Default 90 minutes.
	 */
	maxTransferMinutes?: number;
}

export const DEFAULT_MAX_TRANSFER_MINUTES = 90;

export interface PatternSearchResult {
	patterns: Pattern[];
	/** Sites that could get no pattern (no free opening slot in their tour). */
	unassigned: string[];
	/** Objective value (km per month plus penalties). */
	cost: number;
	/** Estimated kilometres per month if every pattern date were kept (2 occurrences a month). */
	kmPerMonth: number;
}

/** Simulated-annealing schedule: a cycle restarts from the best state seen, hot again. */
const CYCLE = 4000;
const T_START = 15;
const T_END = 0.05;

/**
 * Assigns each site of each tour a recurring slot, minimising the kilometres of the resulting
 * days (a morning site and an afternoon site on the same day type share one loop from the depot)
 * plus the penalties above, with at most one site per (tour, slot) and only slots the site opens;
 * a day whose midday drive exceeds `maxTransferMinutes` is heavily penalised.
 *
 * Greedy construction (previous patterns first, then far sites first, each at its cheapest free
 * slot), then simulated annealing with relocate/swap moves and whole-day swaps. The temperature
 * depends only on the iteration index and the generator only on the seed, so the first N
 * iterations are the same whatever the budget, and the best state seen is returned: more
 * iterations never give a worse cost.
 */
export function searchPatterns(input: PatternSearchInput): PatternSearchResult {
	const w = { ...DEFAULT_PATTERN_WEIGHTS, ...input.weights };
	const tours = [...input.tours].sort((a, b) => a.number - b.number);
	const tourIndex = new Map(tours.map((t, i) => [t.id, i]));
	const T = tours.length;
	const sites = [...input.sites]
		.filter((s) => tourIndex.has(input.assignment[s.id] ?? ''))
		.sort((a, b) => a.id.localeCompare(b.id));
	const skipped = input.sites.filter((s) => !tourIndex.has(input.assignment[s.id] ?? '')).map((s) => s.id);
	const n = sites.length;
	const matrix = new DistanceMatrix([input.depot, ...sites.map((s) => s.point)], input.distance);
	const siteTour = Int32Array.from(sites, (s) => tourIndex.get(input.assignment[s.id] ?? '') ?? 0);
	const allowed: number[][] = sites.map((s) => {
		const slots = new Set<number>();
		for (const o of openingSlotsOf(s)) {
			if (o.weekday < 1 || o.weekday > 6) continue;
			slots.add(encodeSlot(o.weekday, 'odd', o.period));
			slots.add(encodeSlot(o.weekday, 'even', o.period));
		}
		return [...slots].sort((a, b) => a - b);
	});
	const allowedMask = Int32Array.from(allowed, (list) => list.reduce((m, s) => m | (1 << s), 0));
	const maxTransfer = input.maxTransferMinutes ?? DEFAULT_MAX_TRANSFER_MINUTES;
	const tooFar = new Uint8Array(n * n);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < n; j++) {
			const a = sites[i]?.point;
			const b = sites[j]?.point;
			if (a && b && input.distance.minutes(a, b) > maxTransfer) tooFar[i * n + j] = 1;
		}
	}

	const holidayHits = new Float64Array(SLOT_COUNT);
	if (input.horizon) {
		for (const month of monthsFrom(input.horizon.from, input.horizon.months)) {
			for (let slot = 0; slot < SLOT_COUNT; slot += 2) {
				const { weekday, weeks } = decodeSlot(slot);
				const hits = patternDates(month, weekday, weeks).filter(isPublicHoliday).length;
				holidayHits[slot] = (holidayHits[slot] ?? 0) + hits;
				holidayHits[slot + 1] = (holidayHits[slot + 1] ?? 0) + hits;
			}
		}
	}
	const prevSlot = new Int32Array(n).fill(-1);
	const previousBySite = new Map((input.previous ?? []).map((p) => [p.siteId, p]));
	sites.forEach((s, i) => {
		const p = previousBySite.get(s.id);
		if (p && p.tourId === input.assignment[s.id]) prevSlot[i] = encodeSlot(p.weekday, p.weeks, p.period);
	});

	// --- state ---
	const occ = new Int32Array(T * SLOT_COUNT).fill(-1);
	const slotOf = new Int32Array(n).fill(-1);
	const busy = new Int32Array(SLOT_COUNT);

	const dayCost = (t: number, d: number): number => {
		const m = occ[t * SLOT_COUNT + 2 * d] ?? -1;
		const a = occ[t * SLOT_COUNT + 2 * d + 1] ?? -1;
		if (m < 0 && a < 0) return 0;
		// Twice a month: both occurrences of the week pair.
		if (m < 0) return 2 * matrix.loop(a + 1, -1);
		if (a < 0) return 2 * matrix.loop(m + 1, -1);
		return 2 * matrix.loop(m + 1, a + 1) + (tooFar[m * n + a] ? w.longTransfer : 0);
	};
	const slotPenalty = (s: number): number => (T >= 2 && (busy[s] ?? 0) >= T ? w.overlap : 0);
	const siteCost = (i: number): number => {
		const s = slotOf[i] ?? -1;
		if (s < 0) return w.unassigned;
		const prev = prevSlot[i] ?? -1;
		return w.holidayHit * (holidayHits[s] ?? 0) + (prev >= 0 && prev !== s ? w.change : 0);
	};
	const dayCosts = (): number => {
		let c = 0;
		for (let t = 0; t < T; t++) for (let d = 0; d < DAY_TYPES; d++) c += dayCost(t, d);
		return c;
	};
	const kmNow = (): number => {
		let km = 0;
		for (let t = 0; t < T; t++) {
			for (let d = 0; d < DAY_TYPES; d++) {
				const m = occ[t * SLOT_COUNT + 2 * d] ?? -1;
				const a = occ[t * SLOT_COUNT + 2 * d + 1] ?? -1;
				if (m >= 0 || a >= 0) km += 2 * matrix.loop((m >= 0 ? m : a) + 1, m >= 0 && a >= 0 ? a + 1 : -1);
			}
		}
		return km;
	};
	const totalCost = (): number => {
		let c = dayCosts();
		for (let s = 0; s < SLOT_COUNT; s++) c += slotPenalty(s);
		for (let i = 0; i < n; i++) c += siteCost(i);
		return c;
	};

	type Change = [site: number, slot: number];
	const apply = (changes: readonly Change[]) => {
		for (const [i] of changes) {
			const old = slotOf[i] ?? -1;
			if (old >= 0) {
				const k = (siteTour[i] ?? 0) * SLOT_COUNT + old;
				if (occ[k] === i) occ[k] = -1;
				busy[old] = (busy[old] ?? 0) - 1;
			}
		}
		for (const [i, s] of changes) {
			slotOf[i] = s;
			if (s >= 0) {
				occ[(siteTour[i] ?? 0) * SLOT_COUNT + s] = i;
				busy[s] = (busy[s] ?? 0) + 1;
			}
		}
	};
	/** The part of the cost the changes can affect. */
	const localCost = (days: readonly number[], slots: readonly number[], changes: readonly Change[]) => {
		let c = 0;
		for (const k of days) c += dayCost(k >> 4, k & 15);
		for (const s of slots) c += slotPenalty(s);
		for (const [i] of changes) c += siteCost(i);
		return c;
	};
	/** Applies the changes and returns the cost delta; `undo` reverts them. */
	const tryChanges = (changes: readonly Change[]): { delta: number; undo: Change[] } => {
		const days: number[] = [];
		const slots: number[] = [];
		const undo: Change[] = [];
		for (const [i, s] of changes) {
			const t = siteTour[i] ?? 0;
			const old = slotOf[i] ?? -1;
			undo.push([i, old]);
			for (const x of [old, s]) {
				if (x < 0) continue;
				const dayKey = (t << 4) | (x >> 1);
				if (!days.includes(dayKey)) days.push(dayKey);
				if (!slots.includes(x)) slots.push(x);
			}
		}
		const before = localCost(days, slots, changes);
		apply(changes);
		return { delta: localCost(days, slots, changes) - before, undo };
	};

	// --- greedy construction ---
	sites.forEach((_, i) => {
		const prev = prevSlot[i] ?? -1;
		const t = siteTour[i] ?? 0;
		if (prev >= 0 && ((allowedMask[i] ?? 0) >> prev) & 1 && occ[t * SLOT_COUNT + prev] === -1)
			apply([[i, prev]]);
	});
	const order = sites
		.map((s, i) => ({ i, far: matrix.km(0, i + 1), id: s.id }))
		.filter(({ i }) => (slotOf[i] ?? -1) < 0)
		.sort((a, b) => b.far - a.far || a.id.localeCompare(b.id));
	for (const { i } of order) {
		const t = siteTour[i] ?? 0;
		let best: { slot: number; delta: number } | null = null;
		for (const s of allowed[i] ?? []) {
			if (occ[t * SLOT_COUNT + s] !== -1) continue;
			const { delta, undo } = tryChanges([[i, s]]);
			apply(undo);
			if (best === null || delta < best.delta - 1e-9) best = { slot: s, delta };
		}
		if (best) apply([[i, best.slot]]);
	}

	// --- simulated annealing ---
	const rng = mulberry32(input.seed);
	let cost = totalCost();
	let bestCost = cost;
	const bestSlots = Int32Array.from(slotOf);
	const restore = (slots: Int32Array) => {
		occ.fill(-1);
		busy.fill(0);
		slotOf.fill(-1);
		apply(Array.from(slots, (s, i): Change => [i, s]));
	};
	const nextMove = (): Change[] | null => {
		if (n === 0) return null;
		if (rng.next() < 0.7 || T === 0) {
			const i = rng.int(n);
			const options = allowed[i] ?? [];
			if (options.length === 0) return null;
			const s = options[rng.int(options.length)] ?? -1;
			const cur = slotOf[i] ?? -1;
			if (s === cur) return null;
			const j = occ[(siteTour[i] ?? 0) * SLOT_COUNT + s] ?? -1;
			if (j < 0) return [[i, s]];
			if (cur >= 0)
				return ((allowedMask[j] ?? 0) >> cur) & 1
					? [
							[i, s],
							[j, cur]
						]
					: null;
			return [
				[i, s],
				[j, -1]
			]; // an unplaced site ejects j, which may find another slot later
		}
		const t = rng.int(T);
		const d1 = rng.int(DAY_TYPES);
		const d2 = rng.int(DAY_TYPES);
		if (d1 === d2) return null;
		const changes: Change[] = [];
		for (const [from, to] of [
			[2 * d1, 2 * d2],
			[2 * d1 + 1, 2 * d2 + 1],
			[2 * d2, 2 * d1],
			[2 * d2 + 1, 2 * d1 + 1]
		] as const) {
			const i = occ[t * SLOT_COUNT + from] ?? -1;
			if (i < 0) continue;
			if (!(((allowedMask[i] ?? 0) >> to) & 1)) return null;
			changes.push([i, to]);
		}
		return changes.length > 0 ? changes : null;
	};
	for (let it = 0; it < input.iterations; it++) {
		if (it > 0 && it % CYCLE === 0) {
			restore(bestSlots);
			cost = bestCost;
		}
		const temperature = T_START * (T_END / T_START) ** ((it % CYCLE) / CYCLE);
		const move = nextMove();
		if (!move) continue;
		const { delta, undo } = tryChanges(move);
		if (delta <= 0 || rng.next() < Math.exp(-delta / temperature)) {
			cost += delta;
			if (cost < bestCost - 1e-9) {
				cost = totalCost(); // resynchronise: no drift of the incremental sum
				if (cost < bestCost - 1e-9) {
					bestCost = cost;
					bestSlots.set(slotOf);
				}
			}
		} else {
			apply(undo);
		}
	}
	restore(bestSlots);

	const patterns: Pattern[] = [];
	const unassigned = [...skipped];
	sites.forEach((s, i) => {
		const slot = slotOf[i] ?? -1;
		if (slot < 0) {
			unassigned.push(s.id);
			return;
		}
		patterns.push({ siteId: s.id, tourId: tours[siteTour[i] ?? 0]?.id ?? '', ...decodeSlot(slot) });
	});
	return { patterns, unassigned: unassigned.sort(), cost: totalCost(), kmPerMonth: kmNow() };
}
