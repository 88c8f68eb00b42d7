/**
 * Indicators benchmark: three years of a département's data seeded straight into the database
 * (the tours' permanences as the planner makes them, ~30,000 activity records, ~600 home-visit
 * requests), on SQLite and (when reachable) PostgreSQL; then each dashboard view is timed, in the
 * service (`computeIndicators`) and through the built server (the whole page, as a browser gets
 * it), with the CSV exports, and against the alternative of reading every record's row.
 *   npm run bench:indicators        (builds first)
 * Target: under 300 ms per dashboard view (the median of the runs of each view, the whole page;
 * p95 and max are reported too: the machine is shared, so the tail is noisy). Prints the figures and writes
 * bench/results/indicators-<engine>.json (the latest run; git keeps the history).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Insertable } from 'kysely';
import { ADMIN_THEMES, DIGITAL_THEMES } from '../src/lib/domain/activity';
import { addMonthsIso, lastDayOfMonth, parisDate } from '../src/lib/domain/dates';
import { HOME_VISIT_STATUSES } from '../src/lib/domain/home-visit';
import { planTours, type Pattern } from '../src/lib/planner';
import { mulberry32 } from '../src/lib/planner/random';
import { createApp } from '../src/lib/server/app';
import { readConfig } from '../src/lib/server/config';
import type {
	ActivityRecordTable,
	HomeVisitRequestTable,
	PermanenceTable
} from '../src/lib/server/db/schema';
import { computeIndicators, type IndicatorFilter } from '../src/lib/server/services/indicators';
import { PLANNER_SEED, plannerContext } from '../src/lib/server/services/plan-proposals';
import { pastPermanenceRow } from '../src/lib/server/demo/history';
import { enginesUnderTest } from '../tests/integration/engines';
import { startServer } from '../tests/integration/server';
import { TEST_CLOCK_NOW } from '../tests/clock';

const MONTHS = 36;
const TARGET_MS = 300;
const RUNS = 15;
const BATCH = 200;
const OPERATORS = [
	'caf',
	'assurance-maladie',
	'dgfip',
	'france-travail',
	'interieur',
	'assurance-retraite',
	'msa',
	'la-poste',
	'justice',
	'department',
	'other',
	null
];

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
async function timed(run: () => Promise<unknown>): Promise<{ median: number; p95: number; max: number }> {
	await run();
	const ms: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		await run();
		ms.push(performance.now() - started);
	}
	return { median: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(Math.max(...ms)) };
}

// The test's day (tests/clock.ts), as on the server the bench starts: the same figures any day.
const now = new Date(TEST_CLOCK_NOW);
const today = parisDate(now);
const current = today.slice(0, 7);
const first = addMonthsIso(current, -(MONTHS - 1));

type Ctx = Awaited<ReturnType<typeof createApp>>;

/** Seeds three years: permanences (4 % cancelled), records at the held ones and by phone, home visits. */
async function seed(ctx: Ctx) {
	const db = ctx.db;
	const rng = mulberry32(82);
	const planner = await plannerContext(db, `${first}-01`);
	const permanences: Insertable<PermanenceTable>[] = [];
	let patterns: Pattern[] = [];
	for (let m = 0; m < MONTHS; m += 12) {
		const plan = planTours({
			...planner,
			absences: [],
			from: addMonthsIso(first, m),
			months: Math.min(12, MONTHS - m),
			seed: PLANNER_SEED,
			previousPatterns: patterns
		});
		patterns = plan.patterns;
		for (const p of plan.permanences) {
			const cancelled = rng.next() < 0.04;
			permanences.push(
				pastPermanenceRow(p, { cancelled, explanations: [], at: now.toISOString(), version: 1 })
			);
		}
	}
	const pick = <T>(items: readonly T[]) => items[rng.int(items.length)] as T;
	const records: Insertable<ActivityRecordTable>[] = [];
	const record = (
		adviser: string,
		tourId: string,
		date: string,
		extra: Partial<Insertable<ActivityRecordTable>>
	) => {
		const admin = rng.next() < 0.85 ? [pick(ADMIN_THEMES)] : [];
		const digital = admin.length === 0 || rng.next() < 0.35 ? [pick(DIGITAL_THEMES)] : [];
		const operator = admin.length ? pick(OPERATORS) : null;
		const collective = rng.next() < 0.02;
		records.push({
			id: randomUUID(),
			adviser_id: adviser,
			tour_id: tourId,
			date,
			place: 'phone',
			permanence_id: null,
			home_visit_id: null,
			site_id: null,
			format: collective ? 'collective' : 'individual',
			workshop: collective
				? JSON.stringify({ title: 'Atelier', level: 'beginner', participants: 3 + rng.int(10) })
				: null,
			age_bracket: null,
			person_commune_insee: null,
			person_status: null,
			admin_themes: JSON.stringify(admin),
			digital_themes: JSON.stringify(digital),
			operator,
			level: operator && rng.next() < 0.12 ? 2 : 1,
			autonomy: null,
			equipment: '[]',
			aidants_connect: null,
			orientations: JSON.stringify(rng.next() < 0.08 ? ['mds'] : rng.next() < 0.05 ? ['mediationPlace'] : []),
			duration_minutes: 30,
			outcome: 'resolved',
			note: '',
			lists_version: 1,
			created_at: `${date}T16:00:00.000Z`,
			version: 1,
			...extra
		});
	};
	const held = permanences.filter((p) => p.status === 'planned' && p.date < today);
	for (const p of held) {
		const crew = JSON.parse(p.adviser_ids) as string[];
		for (let i = 0, k = 11 + rng.int(7); i < k; i++)
			record(pick(crew), p.tour_id, p.date, { place: 'permanence', permanence_id: p.id, site_id: p.site_id });
	}
	const advisers = planner.advisers.filter((a) => a.tourId);
	while (records.length < 30_000) {
		const a = pick(advisers);
		const month = addMonthsIso(first, rng.int(MONTHS));
		const date = `${month}-${String(1 + rng.int(28)).padStart(2, '0')}`;
		if (date < today) record(a.id, a.tourId as string, date, {});
	}
	const relay = await db
		.selectFrom('users')
		.select(['id', 'relay_organisation_id'])
		.where('role', '=', 'relay')
		.executeTakeFirstOrThrow();
	const communes = (await db.selectFrom('communes').select('insee').execute()).map((c) => c.insee);
	const visits: Insertable<HomeVisitRequestTable>[] = Array.from({ length: 600 }, () => {
		const month = addMonthsIso(first, rng.int(MONTHS));
		const at = `${month}-${String(1 + rng.int(28)).padStart(2, '0')}T10:00:00.000Z`;
		const status = pick(HOME_VISIT_STATUSES);
		return {
			id: randomUUID(),
			relay_organisation_id: relay.relay_organisation_id,
			created_by: relay.id,
			person_name: '',
			person_phone: '',
			commune_insee: pick(communes),
			street: '',
			access_notes: '',
			reasons: '["age"]',
			operator_id: null,
			subject: 'Démarche en ligne',
			availability: '{"weekdays":[1,2,3,4,5],"periods":["morning"],"from":null,"to":null,"note":""}',
			consent_at: at,
			tour_id: pick(['tournee-1', 'tournee-2', 'tournee-3']),
			status,
			status_reason: null,
			slot_date: null,
			slot_period: null,
			slot_start: null,
			slot_end: null,
			closed_at: null,
			anonymised_at: at,
			created_at: at,
			updated_at: at,
			version: 1
		};
	});
	const insert = async <T>(table: 'permanences' | 'activity_records' | 'home_visit_requests', rows: T[]) => {
		for (let i = 0; i < rows.length; i += BATCH)
			await db
				.insertInto(table)
				.values(rows.slice(i, i + BATCH) as never)
				.execute();
	};
	const started = performance.now();
	await db.deleteFrom('permanences').execute();
	await insert('permanences', permanences);
	await insert('activity_records', records);
	await insert('home_visit_requests', visits);
	return {
		seedMs: round(performance.now() - started),
		permanences: permanences.length,
		heldPermanences: held.length,
		activityRecords: records.length,
		homeVisitRequests: visits.length,
		advisers: advisers.map((a) => a.id),
		sites: [...new Set(permanences.map((p) => p.site_id))]
	};
}

/** The alternative: read every record of the view and count in TypeScript. */
async function readEveryRow(ctx: Ctx, filter: IndicatorFilter) {
	const rows = await ctx.db
		.selectFrom('activity_records')
		.select(['date', 'tour_id', 'site_id', 'adviser_id', 'level', 'operator', 'format', 'workshop', 'place'])
		.select(['admin_themes', 'digital_themes', 'orientations'])
		.where('date', '>=', `${filter.from}-01`)
		.where('date', '<=', lastDayOfMonth(filter.to))
		.execute();
	const counts = new Map<string, number>();
	for (const r of rows)
		for (const code of [
			...(JSON.parse(r.admin_themes) as string[]),
			...(JSON.parse(r.digital_themes) as string[]),
			...(JSON.parse(r.orientations) as string[])
		])
			counts.set(code, (counts.get(code) ?? 0) + 1);
	return counts;
}

// BENCH_ENGINES=sqlite (or postgres) runs one engine only.
const engines = (await enginesUnderTest()).filter(
	(e) => !process.env.BENCH_ENGINES || process.env.BENCH_ENGINES.split(',').includes(e.name)
);
mkdirSync('bench/results', { recursive: true });
for (const engine of engines) {
	const env = engine.freshEnv();
	const ctx = await createApp(readConfig({ ...env, DEMO: 'true', DEMO_CALENDAR: 'false' }), () => now);
	const data = await seed(ctx);
	const views: Record<string, IndicatorFilter> = {
		'12 months (default view)': {
			from: addMonthsIso(current, -11),
			to: current,
			tourId: null,
			siteId: null,
			adviserId: null
		},
		'36 months, whole département': { from: first, to: current, tourId: null, siteId: null, adviserId: null },
		'12 months, one tour': {
			from: addMonthsIso(current, -11),
			to: current,
			tourId: 'tournee-2',
			siteId: null,
			adviserId: null
		},
		'12 months, one site': {
			from: addMonthsIso(current, -11),
			to: current,
			tourId: null,
			siteId: data.sites[3] ?? null,
			adviserId: null
		},
		'12 months, one adviser': {
			from: addMonthsIso(current, -11),
			to: current,
			tourId: null,
			siteId: null,
			adviserId: data.advisers[2] ?? null
		},
		'one month': {
			from: addMonthsIso(current, -1),
			to: addMonthsIso(current, -1),
			tourId: null,
			siteId: null,
			adviserId: null
		}
	};
	const service: Record<string, Awaited<ReturnType<typeof timed>> & { records: number }> = {};
	for (const [name, filter] of Object.entries(views)) {
		const result = await computeIndicators(ctx.db, filter, today);
		service[name] = {
			...(await timed(() => computeIndicators(ctx.db, filter, today))),
			records: result.activity.total.records
		};
	}
	const wholeView = views['36 months, whole département'] as IndicatorFilter;
	const alternative = await timed(() => readEveryRow(ctx, wholeView));
	await ctx.close();

	// Through the built server: the whole page, and the exports.
	const server = await startServer(env);
	const client = server.client();
	if ((await client.login('coordination@demo.tournees.fr')).status !== 303) throw new Error('login');
	const query = (f: IndicatorFilter) =>
		new URLSearchParams({
			du: f.from,
			au: f.to,
			...(f.tourId ? { tournee: f.tourId } : {}),
			...(f.siteId ? { lieu: f.siteId } : {}),
			...(f.adviserId ? { conseiller: f.adviserId } : {})
		}).toString();
	const get = async (path: string) => {
		const res = await client.request('GET', path);
		if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
		return (await res.arrayBuffer()).byteLength;
	};
	const page: Record<string, Awaited<ReturnType<typeof timed>> & { kb: number }> = {};
	for (const [name, filter] of Object.entries(views)) {
		const path = `/coordination/indicateurs?${query(filter)}`;
		page[name] = { ...(await timed(() => get(path))), kb: round((await get(path)) / 1024) };
	}
	const recordsCsv = `/coordination/indicateurs/fiches.csv?${query(wholeView)}`;
	const summaryCsv = `/coordination/indicateurs/synthese-mensuelle.csv?${query(wholeView)}`;
	const exports = {
		'records CSV, 36 months': {
			...(await timed(() => get(recordsCsv))),
			kb: round((await get(recordsCsv)) / 1024)
		},
		'monthly summary CSV, 36 months': {
			...(await timed(() => get(summaryCsv))),
			kb: round((await get(summaryCsv)) / 1024)
		}
	};
	await server.stop();

	const worstPage = Math.max(...Object.values(page).map((p) => p.median));
	const worstPageP95 = Math.max(...Object.values(page).map((p) => p.p95));
	const report = {
		at: new Date().toISOString(),
		engine: engine.name,
		machine: { cpus: cpus().length, node: process.version, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
		data: {
			months: MONTHS,
			from: first,
			to: current,
			...data,
			advisers: data.advisers.length,
			sites: data.sites.length
		},
		runsPerFigure: RUNS,
		serviceMs: service,
		pageMs: page,
		exportsMs: exports,
		alternativeReadEveryRow36MonthsMs: alternative,
		targets: {
			pageMedianUnder300ms: worstPage < TARGET_MS,
			worstPageMedianMs: worstPage,
			worstPageP95Ms: worstPageP95
		}
	};
	const file = `bench/results/indicators-${engine.name}.json`;
	writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
	console.log(
		`\n${engine.name}: ${data.activityRecords} activity records, ${data.permanences} permanences (${data.heldPermanences} held), ${data.homeVisitRequests} home-visit requests over ${MONTHS} months (seeded in ${data.seedMs} ms)`
	);
	console.log('  view                              service median/p95     page median/p95 (size)');
	for (const name of Object.keys(views)) {
		const s = service[name];
		const p = page[name];
		console.log(
			`  ${name.padEnd(32)}  ${String(s?.median).padStart(6)} / ${String(s?.p95).padEnd(6)} ms   ${String(p?.median).padStart(6)} / ${String(p?.p95).padEnd(6)} ms (${p?.kb} KB)`
		);
	}
	for (const [name, e] of Object.entries(exports))
		console.log(`  ${name.padEnd(32)}  ${e.median} ms median (${e.kb} KB)`);
	console.log(
		`  reading every row of 36 months instead: ${alternative.median} ms median (the aggregate service: ${service['36 months, whole département']?.median} ms)`
	);
	console.log(
		`  target: every dashboard view under ${TARGET_MS} ms (slowest view: median ${worstPage} ms, p95 ${worstPageP95} ms, load average ${round(loadavg()[0] ?? 0, 2)}): ${worstPage < TARGET_MS ? 'met' : 'MISSED'}`
	);
	console.log(`  written to ${file}`);
}
