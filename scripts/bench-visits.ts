/**
 * Home-visit slot suggestion benchmark: the 27 Tarn-et-Garonne sites and their 3 tours planned
 * over the horizon (`planTours`, the département's own tours), then 200 pending requests at
 * seeded random homes (a commune centre of the département ± ~1.5 km), each handled one after
 * another by its area's tour (the tour of the nearest site): suggest 3 slots, book the best,
 * so the agenda fills up as it would.
 *   npm run bench:visits            (or: npx tsx scripts/bench-visits.ts [YYYY-MM-DD] [seed])
 * Prints and writes bench/results/visits.json (the latest run; git keeps the history): time per
 * request (target: mean < 100 ms over a 2-month horizon), how many requests got 3 slots, the
 * detour booked, and the same requests booked at the earliest possible slot instead, for scale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { GeoPoint } from '../src/lib/domain/geo';
import type { HalfDayPeriod, Weekday } from '../src/lib/domain/site';
import {
	checkVisitSlot,
	greatCircleDetourModel,
	planTours,
	suggestVisitSlots,
	type Permanence,
	type ScheduledVisit,
	type VisitRequest,
	type VisitSlot
} from '../src/lib/planner';
import { addDaysIso, isoWeekday, monthOf, monthsFrom } from '../src/lib/planner/calendar';
import { tarnEtGaronneInputs } from '../src/lib/planner/fixtures';
import { mulberry32 } from '../src/lib/planner/random';
import { TARN_ET_GARONNE } from '../src/lib/server/referential/tarn-et-garonne';

const from = process.argv[2] ?? '2026-03-02';
const seed = Number(process.argv[3] ?? 82);
const REQUESTS = 200;
const HORIZON_DAYS = 61;
const TARGET_MS = 100;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const inputs = tarnEtGaronneInputs();
const model = greatCircleDetourModel();
const last = addDaysIso(from, HORIZON_DAYS - 1);
const months = monthsFrom(monthOf(from), 12).filter((m) => m <= monthOf(last)).length;
const planned = planTours({ ...inputs, from: monthOf(from), months, seed });
const permanencesOf = new Map<string, Permanence[]>();
for (const p of planned.permanences) {
	if (p.date < from || p.date > last) continue;
	permanencesOf.set(p.tourId, [...(permanencesOf.get(p.tourId) ?? []), p]);
}

// --- 200 requests, seeded ---------------------------------------------------------------------
const rng = mulberry32(seed);
const communes = TARN_ET_GARONNE.communes;
interface Pending {
	request: VisitRequest;
	tourId: string;
}
function areaTour(point: GeoPoint): string {
	let best = inputs.sites[0];
	for (const s of inputs.sites) if (best && model.km(point, s.point) < model.km(point, best.point)) best = s;
	return best?.tourId ?? 'tournee-1';
}
const pending: Pending[] = Array.from({ length: REQUESTS }, (_, i) => {
	const c = communes[rng.int(communes.length)] as { lat: number; lon: number };
	const point = { lat: c.lat + (rng.next() - 0.5) * 0.03, lon: c.lon + (rng.next() - 0.5) * 0.04 };
	const weekdays = ([1, 2, 3, 4, 5] as Weekday[]).filter(() => rng.next() < 0.6);
	if (weekdays.length === 0) weekdays.push((1 + rng.int(5)) as Weekday);
	if (rng.next() < 0.1) weekdays.push(6);
	const r = rng.next();
	const periods: HalfDayPeriod[] =
		r < 0.5 ? ['morning', 'afternoon'] : r < 0.75 ? ['morning'] : ['afternoon'];
	const availableFrom = rng.next() < 0.3 ? addDaysIso(from, 3 + rng.int(28)) : null;
	const availableTo = rng.next() < 0.2 ? addDaysIso(availableFrom ?? from, 10 + rng.int(31)) : null;
	return {
		tourId: areaTour(point),
		request: {
			id: `demande-${i + 1}`,
			point,
			availability: { from: availableFrom, to: availableTo, weekdays, periods }
		}
	};
});

// --- run: suggest, book -----------------------------------------------------------------------
interface RunResult {
	ms: number[];
	slotsPerRequest: number[];
	booked: (ScheduledVisit & { detourKm: number; detourMinutes: number })[];
	checkProblems: string[];
}

function run(pick: (slots: VisitSlot[]) => VisitSlot | undefined, count: number): RunResult {
	const visits: ScheduledVisit[] = [];
	const out: RunResult = { ms: [], slotsPerRequest: [], booked: [], checkProblems: [] };
	for (const { request, tourId } of pending) {
		const context = {
			tourId,
			permanences: permanencesOf.get(tourId) ?? [],
			visits,
			sites: inputs.sites,
			depot: inputs.depot
		};
		const started = performance.now();
		const slots = suggestVisitSlots({ ...context, request, from, horizonDays: HORIZON_DAYS, count });
		out.ms.push(performance.now() - started);
		out.slotsPerRequest.push(Math.min(slots.length, 3));
		const chosen = pick(slots);
		if (!chosen) continue;
		const problems = checkVisitSlot({
			...context,
			slot: { ...chosen, point: request.point },
			availability: request.availability,
			from
		});
		out.checkProblems.push(...problems.map((p) => `${request.id}: ${p.message}`));
		const visit = { id: `visite-${request.id}`, ...chosen, point: request.point };
		visits.push(visit);
		out.booked.push(visit);
	}
	return out;
}

const ranked = run((slots) => slots[0], 3);
const rank = (s: VisitSlot) => `${s.date}|${s.period === 'morning' ? 0 : 1}|${s.start}`;
const earliest = run(
	(slots) => [...slots].sort((a, b) => rank(a).localeCompare(rank(b)))[0],
	Number.POSITIVE_INFINITY
);

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const permanenceDays = new Set(planned.permanences.map((p) => `${p.tourId}|${p.date}`));
function summary(r: RunResult) {
	const km = r.booked.reduce((t, v) => t + v.detourKm, 0);
	const minutes = r.booked.reduce((t, v) => t + v.detourMinutes, 0);
	const halfDays = new Map<string, number>();
	for (const v of r.booked)
		halfDays.set(
			`${v.tourId}|${v.date}|${v.period}`,
			(halfDays.get(`${v.tourId}|${v.date}|${v.period}`) ?? 0) + 1
		);
	return {
		booked: r.booked.length,
		detourKmTotal: round(km),
		detourKmPerVisit: round(km / Math.max(1, r.booked.length)),
		detourMinutesPerVisit: round(minutes / Math.max(1, r.booked.length)),
		onAPermanenceDayPercent: round(
			(100 * r.booked.filter((v) => permanenceDays.has(`${v.tourId}|${v.date}`)).length) /
				Math.max(1, r.booked.length)
		),
		halfDaysUsed: halfDays.size,
		halfDaysWith2Visits: [...halfDays.values()].filter((n) => n >= 2).length,
		bookedByTour: Object.fromEntries(
			[...new Set(pending.map((p) => p.tourId))]
				.sort()
				.map((t) => [t, r.booked.filter((v) => v.tourId === t).length])
		),
		checkProblems: r.checkProblems.length
	};
}

const mean = ranked.ms.reduce((t, x) => t + x, 0) / ranked.ms.length;
const workingDays = Array.from({ length: HORIZON_DAYS }, (_, i) => addDaysIso(from, i)).filter(
	(d) => isoWeekday(d) !== 7
).length;
const report = {
	at: new Date().toISOString(),
	machine: { cpus: cpus().length, node: process.version },
	horizon: { from, to: last, days: HORIZON_DAYS, daysExceptSundays: workingDays },
	seed,
	sites: inputs.sites.length,
	tours: permanencesOf.size,
	permanencesInHorizon: [...permanencesOf.values()].reduce((t, l) => t + l.length, 0),
	requests: REQUESTS,
	options: {
		visitMinutes: 60,
		maxVisitsPerHalfDay: 2,
		count: 3,
		stepMinutes: 5,
		workingWeekdays: 'Monday–Saturday'
	},
	distanceModel: 'great circle × 1.3 at 55 km/h',
	msPerRequest: {
		mean: round(mean, 3),
		p50: round(percentile(ranked.ms, 50), 3),
		p95: round(percentile(ranked.ms, 95), 3),
		p99: round(percentile(ranked.ms, 99), 3),
		max: round(Math.max(...ranked.ms), 3),
		first: round(ranked.ms[0] ?? 0, 3),
		total: round(
			ranked.ms.reduce((t, x) => t + x, 0),
			1
		)
	},
	requestsWith3Slots: ranked.slotsPerRequest.filter((n) => n === 3).length,
	requestsWith1or2Slots: ranked.slotsPerRequest.filter((n) => n === 1 || n === 2).length,
	requestsWithNoSlot: ranked.slotsPerRequest.filter((n) => n === 0).length,
	rankedByDetour: summary(ranked),
	earliestSlotInstead: summary(earliest),
	targets: { meanUnder100ms: mean < TARGET_MS }
};
const saving =
	1 - report.rankedByDetour.detourKmTotal / Math.max(1e-9, report.earliestSlotInstead.detourKmTotal);

mkdirSync('bench/results', { recursive: true });
const file = 'bench/results/visits.json';
writeFileSync(
	file,
	JSON.stringify({ ...report, detourSavingVsEarliestPercent: round(100 * saving) }, null, 2) + '\n'
);
console.log(JSON.stringify(report, null, 2));
console.log(`
${REQUESTS} requests, ${HORIZON_DAYS} days from ${from}, ${report.tours} tours, ${report.permanencesInHorizon} permanences:
  ${report.msPerRequest.mean} ms per request on average (p95 ${report.msPerRequest.p95}, max ${report.msPerRequest.max}) — target < ${TARGET_MS} ms: ${report.targets.meanUnder100ms ? 'met' : 'MISSED'}
  3 slots for ${report.requestsWith3Slots}, 1–2 for ${report.requestsWith1or2Slots}, none for ${report.requestsWithNoSlot}
  booked best: ${report.rankedByDetour.booked} visits, ${report.rankedByDetour.detourKmTotal} km of detour (${report.rankedByDetour.detourKmPerVisit} km/visit, ${report.rankedByDetour.onAPermanenceDayPercent} % on a permanence day)
  booked earliest instead: ${report.earliestSlotInstead.detourKmTotal} km (ranking by detour saves ${round(100 * saving)} %)
  slots refused by checkVisitSlot: ${report.rankedByDetour.checkProblems + report.earliestSlotInstead.checkProblems}
written to ${file}`);
