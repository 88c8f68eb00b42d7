import { monthsFrom } from './calendar';
import { buildNotices, materialise } from './materialise';
import { partitionSites } from './partition';
import { searchPatterns, type PatternWeights } from './patterns';
import { planStats, type PlanStats } from './stats';
import type { IsoMonth, Pattern, Permanence, PlanNotice, PlannerContext, PlannerSite } from './types';
import { buildWorld, type World } from './world';

/** Default search budget, tuned on the 27 Tarn-et-Garonne sites (see README: < 2 s, within 3 % of 30×). */
export const DEFAULT_ITERATIONS = 20_000;
export const DEFAULT_MONTHS = 6;

export interface PlanToursInput extends PlannerContext {
	/** First month planned, `YYYY-MM`. */
	from: IsoMonth;
	months?: number;
	seed: number;
	iterations?: number;
	/** Patterns in force: changing one costs `weights.change` km-equivalent. */
	previousPatterns?: readonly Pattern[];
	/** Propose tours for every site, ignoring their current `tourId` (else only sites without one). */
	repartition?: boolean;
	weights?: Partial<PatternWeights>;
	/** Partition only: how much a compact area per tour matters (default `DEFAULT_AREA_WEIGHT`). */
	areaWeight?: number;
	/** Longest midday drive between a morning and an afternoon site (default 90 min). */
	maxTransferMinutes?: number;
}

export interface PlanResult {
	/** siteId → tourId for every site with a tour. */
	assignment: Record<string, string>;
	patterns: Pattern[];
	permanences: Permanence[];
	notices: PlanNotice[];
	stats: PlanStats;
}

/** Whether the site serves at least one day between `start` and `end` (ISO, inclusive). */
export function servesDuring(site: PlannerSite, start: string, end: string): boolean {
	if (site.status === 'planned' || site.status === 'closed') return false;
	if (site.activeFrom && site.activeFrom > end) return false;
	if (site.status === 'closing' && site.closingOn !== null && site.closingOn < start) return false;
	return true;
}

export function horizonBounds(months: readonly IsoMonth[]): { start: string; end: string } {
	const first = months[0] ?? '1970-01';
	const last = months[months.length - 1] ?? first;
	return { start: `${first}-01`, end: `${last}-31` };
}

/** Materialises patterns into permanences, notices and statistics (shared with the naive baseline). */
export function finishPlan(
	world: World,
	assignment: Record<string, string>,
	patterns: Pattern[],
	months: readonly IsoMonth[]
): PlanResult {
	const { booking, shortfalls } = materialise(world, patterns, months);
	const permanences = booking.list();
	return {
		assignment,
		patterns,
		permanences,
		notices: buildNotices(world, permanences, shortfalls, months, patterns),
		stats: planStats(world, permanences, assignment, months)
	};
}

/**
 * Plans the tours over a horizon: (1) which tour serves which site (kept when given, proposed
 * otherwise), (2) a recurring pattern per site, (3) dated permanences with crews, replacements,
 * moves and notices. Pure and deterministic: same input and seed, same plan.
 */
export function planTours(input: PlanToursInput): PlanResult {
	const world = buildWorld(input);
	const months = monthsFrom(input.from, input.months ?? DEFAULT_MONTHS);
	const { start, end } = horizonBounds(months);
	const iterations = input.iterations ?? DEFAULT_ITERATIONS;
	const inService = input.sites.filter((s) => servesDuring(s, start, end));
	const known = (tourId: string | null): tourId is string => tourId !== null && world.tours.has(tourId);

	const assignment: Record<string, string> = {};
	const fixed: Record<string, string> = {};
	if (!input.repartition) for (const s of input.sites) if (known(s.tourId)) fixed[s.id] = s.tourId;
	if (inService.every((s) => fixed[s.id] !== undefined)) {
		Object.assign(assignment, fixed);
	} else {
		const proposed = partitionSites({
			sites: inService,
			tours: input.tours,
			depot: input.depot,
			distance: world.distance,
			seed: input.seed,
			iterations,
			fixed,
			areaWeight: input.areaWeight,
			maxTransferMinutes: input.maxTransferMinutes
		});
		Object.assign(assignment, fixed, proposed.assignment);
	}

	const { patterns } = searchPatterns({
		sites: inService,
		assignment,
		tours: input.tours,
		depot: input.depot,
		distance: world.distance,
		seed: input.seed,
		iterations,
		previous: input.previousPatterns,
		horizon: { from: input.from, months: months.length },
		weights: input.weights,
		maxTransferMinutes: input.maxTransferMinutes
	});
	return finishPlan(world, assignment, patterns, months);
}
