/**
 * Planner benchmark: a 12-month plan for the 27 Tarn-et-Garonne sites, 3 tours, 6 advisers.
 *   npm run bench:planner            (or: npx tsx scripts/bench-planner.ts [YYYY-MM] [seed])
 * Prints and writes bench/results/planner.json (the latest run; git keeps the history) with
 * (a) the planner at its default budget: time (target < 2 s) and km per month;
 * (b) the naive baseline (round-robin tours, first free slot): target, planner ≥ 20 % fewer km;
 * (c) the planner with 30 × the iterations: target, default within 3 % of it.
 * Both planner runs propose the tours (`repartition`); the département's own tours with
 * optimised patterns are reported alongside.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { DEFAULT_ITERATIONS, naivePlan, planTours, type PlanResult } from '../src/lib/planner';
import { tarnEtGaronneInputs } from '../src/lib/planner/fixtures';

const from = process.argv[2] ?? '2026-01';
const seed = Number(process.argv[3] ?? 82);
const months = 12;
const inputs = tarnEtGaronneInputs();
const round = (n: number) => Math.round(n * 10) / 10;

function timed(run: () => PlanResult): { result: PlanResult; ms: number } {
	const started = performance.now();
	const result = run();
	return { result, ms: round(performance.now() - started) };
}

const plannerRun =
	(iterations: number, repartition = true) =>
	() =>
		planTours({ ...inputs, from, months, seed, iterations, repartition });

// (a) default budget: the first (cold) run is the one that counts against the target.
const cold = timed(plannerRun(DEFAULT_ITERATIONS));
const warm = [1, 2, 3].map(() => timed(plannerRun(DEFAULT_ITERATIONS)).ms).sort((x, y) => x - y);
const planner = cold.result;
// (b) naive baseline
const naive = timed(() => naivePlan({ ...inputs, from, months }));
// (c) 30 × the budget
const long = timed(plannerRun(30 * DEFAULT_ITERATIONS));
// The département's tours kept, patterns optimised.
const referentialTours = timed(plannerRun(DEFAULT_ITERATIONS, false));

const summary = (r: PlanResult) => ({
	kmPerMonth: r.stats.kmPerMonth,
	kmByTour: r.stats.kmByTour,
	sitesByTour: r.stats.sitesByTour,
	halfDaysByTour: r.stats.halfDaysByTour,
	freeHalfDaysByTour: r.stats.freeHalfDaysByTour,
	permanences: r.permanences.length,
	moved: r.stats.moved,
	replaced: r.stats.replaced,
	notices: r.notices.length
});
const savingVsNaive = 1 - planner.stats.kmPerMonth / naive.result.stats.kmPerMonth;
const gapTo30x = planner.stats.kmPerMonth / long.result.stats.kmPerMonth - 1;

const at = new Date().toISOString();
const report = {
	at,
	machine: { cpus: cpus().length, node: process.version },
	horizon: { from, months },
	seed,
	sites: inputs.sites.length,
	tours: inputs.tours.length,
	advisers: inputs.advisers.length,
	distanceModel: 'great circle × 1.3 at 55 km/h',
	defaultIterations: DEFAULT_ITERATIONS,
	planner: { ms: cold.ms, warmMedianMs: warm[1], ...summary(planner) },
	naive: { ms: naive.ms, ...summary(naive.result) },
	planner30x: { iterations: 30 * DEFAULT_ITERATIONS, ms: long.ms, ...summary(long.result) },
	referentialTours: { ms: referentialTours.ms, ...summary(referentialTours.result) },
	savingVsNaivePercent: round(100 * savingVsNaive),
	gapTo30xPercent: round(100 * gapTo30x),
	targets: {
		defaultUnder2s: cold.ms < 2000,
		atLeast20PercentFewerKmThanNaive: savingVsNaive >= 0.2,
		within3PercentOf30x: gapTo30x <= 0.03
	}
};

mkdirSync('bench/results', { recursive: true });
const file = 'bench/results/planner.json';
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));
console.log(`
(a) planner, default budget (${DEFAULT_ITERATIONS} iterations): ${cold.ms} ms (warm ${warm[1]} ms), ${planner.stats.kmPerMonth} km/month
(b) naive baseline: ${naive.result.stats.kmPerMonth} km/month — planner ${report.savingVsNaivePercent} % fewer
(c) planner, 30 × the iterations: ${long.ms} ms, ${long.result.stats.kmPerMonth} km/month — default ${report.gapTo30xPercent} % above
    département's tours, optimised patterns: ${referentialTours.result.stats.kmPerMonth} km/month
written to ${file}`);
