import type { GeoPoint } from '$lib/domain/geo';
import { DistanceMatrix, type DistanceModel } from './distance';
import { DEFAULT_MAX_TRANSFER_MINUTES } from './patterns';
import { mulberry32, shuffled, type Rng } from './random';
import { openingSlotsOf } from './rules';
import type { PlannerSite, PlannerTour } from './types';

export interface PartitionInput {
	sites: readonly PlannerSite[];
	tours: readonly PlannerTour[];
	depot: GeoPoint;
	distance: DistanceModel;
	seed: number;
	/** Budget: one perturbation + descent per `ITERATIONS_PER_KICK` iterations. */
	iterations: number;
	/** Sites whose tour is decided (siteId → tourId): never moved. */
	fixed?: Readonly<Record<string, string>>;
	/** Longest midday drive between two sites chained on one day (default 90 min). */
	maxTransferMinutes?: number;
	/** Weight of the area term (km per month per km from a site to its tour's medoid); see below. */
	areaWeight?: number;
}

export interface PartitionResult {
	assignment: Record<string, string>;
	/** Objective: estimated km per month (`pairingKm`) + area weight × spread (`areaSpread`). */
	cost: number;
}

export const ITERATIONS_PER_KICK = 500;
export const DEFAULT_AREA_WEIGHT = 1;

/**
 * Estimated monthly km of one tour's set of sites: pair sites into days (morning + afternoon,
 * depot → A → B → depot) greedily by Clarke–Wright savings s(i,j) = d(0,i) + d(0,j) − d(i,j),
 * only pairs that share a weekday with one open in the morning and the other in the afternoon
 * and are close enough for the midday break;
 * unpaired sites make a day alone. Each day type happens twice a month.
 */
function pairingKm(members: readonly number[], matrix: DistanceMatrix, pairable: Uint8Array, n: number) {
	const pairs: [number, number, number][] = [];
	for (let x = 0; x < members.length; x++) {
		for (let y = x + 1; y < members.length; y++) {
			const i = members[x] as number;
			const j = members[y] as number;
			if (!pairable[i * n + j]) continue;
			const saving = matrix.km(0, i + 1) + matrix.km(0, j + 1) - matrix.km(i + 1, j + 1);
			pairs.push([saving, i, j]);
		}
	}
	pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
	const used = new Set<number>();
	let km = 0;
	for (const [, i, j] of pairs) {
		if (used.has(i) || used.has(j)) continue;
		used.add(i);
		used.add(j);
		km += matrix.loop(i + 1, j + 1);
	}
	for (const i of members) if (!used.has(i)) km += matrix.loop(i + 1, -1);
	return 2 * km;
}

/**
 * Sum of distances from each site to the tour's medoid (the member minimising that sum): how
 * spread the tour's area is. Days are loops from the depot, so pairing alone does not care
 * whether a tour is one area; but advisers fill free half-days with home visits and catch-ups
 * near their sites and work with the relays of their area, so a tour should be a compact sector.
 */
function areaSpread(members: readonly number[], matrix: DistanceMatrix): number {
	let best = 0;
	for (let x = 0; x < members.length; x++) {
		let sum = 0;
		for (const j of members) sum += matrix.km((members[x] as number) + 1, j + 1);
		if (x === 0 || sum < best) best = sum;
	}
	return best;
}

/**
 * Proposes which tour serves which site: fewest estimated km with balanced sizes (tour sizes
 * differ by at most one, or by no more than the fixed sites impose).
 *
 * Start: when nothing is fixed, a sweep (Gillett & Miller 1974) — sites sorted by bearing from
 * the depot and cut into consecutive sectors, trying every starting site; otherwise each free
 * site goes to the smallest tour. Then a seeded iterated local search: first-improvement descent
 * over "move a site" and "swap two sites" neighbourhoods, then random kicks (a few swaps) from the
 * best partition, each followed by a descent, keeping the best. Deterministic given the seed,
 * and a larger budget only adds kicks after the same first ones.
 */
export function partitionSites(input: PartitionInput): PartitionResult {
	const tours = [...input.tours].sort((a, b) => a.number - b.number);
	const T = tours.length;
	const sites = [...input.sites].sort((a, b) => a.id.localeCompare(b.id));
	const n = sites.length;
	if (T === 0 || n === 0) return { assignment: {}, cost: 0 };
	const matrix = new DistanceMatrix([input.depot, ...sites.map((s) => s.point)], input.distance);
	const maxTransfer = input.maxTransferMinutes ?? DEFAULT_MAX_TRANSFER_MINUTES;
	const pairable = new Uint8Array(n * n);
	const halves = sites.map((s) => {
		const m = new Set<number>();
		const a = new Set<number>();
		for (const o of openingSlotsOf(s)) (o.period === 'morning' ? m : a).add(o.weekday);
		return { m, a };
	});
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < n; j++) {
			const hi = halves[i];
			const hj = halves[j];
			if (!hi || !hj || i === j) continue;
			const near =
				input.distance.minutes(sites[i]?.point ?? input.depot, sites[j]?.point ?? input.depot) <= maxTransfer;
			const ok = near && ([...hi.m].some((d) => hj.a.has(d)) || [...hi.a].some((d) => hj.m.has(d)));
			pairable[i * n + j] = ok ? 1 : 0;
		}
	}
	const tourIndex = new Map(tours.map((t, i) => [t.id, i]));
	const fixedTour = sites.map((s) => tourIndex.get(input.fixed?.[s.id] ?? '') ?? -1);
	const free = sites.map((_, i) => i).filter((i) => fixedTour[i] === -1);

	const areaWeight = input.areaWeight ?? DEFAULT_AREA_WEIGHT;
	// Local search revisits the same sets of sites over and over: memoise their estimate.
	const memo = new Map<string, number>();
	const tourEstimate = (list: readonly number[]) => {
		const key = list.join(',');
		let value = memo.get(key);
		if (value === undefined) {
			value = pairingKm(list, matrix, pairable, n) + areaWeight * areaSpread(list, matrix);
			if (memo.size > 500_000) memo.clear();
			memo.set(key, value);
		}
		return value;
	};
	const members = (assign: Int32Array, t: number) => {
		const out: number[] = [];
		for (let i = 0; i < n; i++) if (assign[i] === t) out.push(i);
		return out;
	};
	const tourCosts = (assign: Int32Array) =>
		Array.from({ length: T }, (_, t) => tourEstimate(members(assign, t)));
	const sizesOf = (assign: Int32Array) => {
		const sizes = new Array<number>(T).fill(0);
		for (const t of assign) sizes[t] = (sizes[t] ?? 0) + 1;
		return sizes;
	};
	const spread = (sizes: readonly number[]) => Math.max(...sizes) - Math.min(...sizes);
	const shift = (sizes: number[], from: number, to: number) => {
		sizes[from] = (sizes[from] ?? 0) - 1;
		sizes[to] = (sizes[to] ?? 0) + 1;
	};

	// --- start ---
	let assign: Int32Array = Int32Array.from(fixedTour);
	if (free.length === n) {
		const bearing = (i: number) => {
			const p = sites[i]?.point ?? input.depot;
			return Math.atan2(
				p.lat - input.depot.lat,
				(p.lon - input.depot.lon) * Math.cos((p.lat * Math.PI) / 180)
			);
		};
		const bySweep = [...free].sort((a, b) => bearing(a) - bearing(b) || a - b);
		const sizes = tours.map((_, t) => Math.floor(n / T) + (t < n % T ? 1 : 0));
		let best: { assign: Int32Array; cost: number } | null = null;
		for (let start = 0; start < n; start++) {
			const candidate = new Int32Array(n);
			let t = 0;
			let filled = 0;
			for (let k = 0; k < n; k++) {
				if (filled === sizes[t]) {
					t++;
					filled = 0;
				}
				candidate[bySweep[(start + k) % n] as number] = t;
				filled++;
			}
			const cost = tourCosts(candidate).reduce((a, b) => a + b, 0);
			if (best === null || cost < best.cost - 1e-9) best = { assign: candidate, cost };
		}
		assign = best?.assign ?? assign;
	} else {
		const sizes = tours.map((_, t) => fixedTour.filter((f) => f === t).length);
		for (const i of free) {
			let target = 0;
			for (let t = 1; t < T; t++) if ((sizes[t] ?? 0) < (sizes[target] ?? 0)) target = t;
			assign[i] = target;
			sizes[target] = (sizes[target] ?? 0) + 1;
		}
	}
	const maxSpread = Math.max(1, spread(sizesOf(assign)));

	// --- local search ---
	const descend = (state: Int32Array, rng: Rng): { state: Int32Array; cost: number } => {
		const costs = tourCosts(state);
		const sizes = sizesOf(state);
		/** Keeps the change if it lowers the cost of tours a and b. */
		const improves = (a: number, b: number): boolean => {
			const ca = tourEstimate(members(state, a));
			const cb = tourEstimate(members(state, b));
			if (ca + cb >= (costs[a] as number) + (costs[b] as number) - 1e-9) return false;
			costs[a] = ca;
			costs[b] = cb;
			return true;
		};
		let improved = true;
		while (improved) {
			improved = false;
			for (const i of shuffled(free, rng)) {
				// Move i to another tour, if the sizes stay balanced.
				for (let b = 0; b < T; b++) {
					const a = state[i] as number;
					if (b === a) continue;
					shift(sizes, a, b);
					if (spread(sizes) <= maxSpread) {
						state[i] = b;
						if (improves(a, b)) {
							improved = true;
							continue;
						}
						state[i] = a;
					}
					shift(sizes, b, a);
				}
				// Swap i with a site of another tour.
				for (const j of free) {
					const a = state[i] as number;
					const b = state[j] as number;
					if (b === a) continue;
					state[i] = b;
					state[j] = a;
					if (improves(a, b)) {
						improved = true;
						continue;
					}
					state[i] = a;
					state[j] = b;
				}
			}
		}
		return { state, cost: costs.reduce((x, y) => x + y, 0) };
	};

	const rng = mulberry32(input.seed);
	let best = descend(Int32Array.from(assign), rng);
	const kicks = Math.floor(input.iterations / ITERATIONS_PER_KICK);
	for (let k = 0; k < kicks && free.length >= 2; k++) {
		const state = Int32Array.from(best.state);
		const swaps = 2 + rng.int(2);
		for (let s = 0; s < swaps; s++) {
			const i = free[rng.int(free.length)] as number;
			const j = free[rng.int(free.length)] as number;
			[state[i], state[j]] = [state[j] as number, state[i] as number];
		}
		const next = descend(state, rng);
		if (next.cost < best.cost - 1e-9) best = next;
	}
	const assignment: Record<string, string> = {};
	sites.forEach((s, i) => {
		const tour = tours[best.state[i] as number];
		if (tour) assignment[s.id] = tour.id;
	});
	return { assignment, cost: best.cost };
}
