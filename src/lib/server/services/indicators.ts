import { sql, type Expression, type SqlBool } from 'kysely';
import { indicatorQuery } from '$lib/contracts';
import {
	ACTIVITY_FORMATS,
	ACTIVITY_PLACES,
	ADMIN_THEMES,
	DIGITAL_THEMES,
	ORIENTATIONS,
	type ActivityFormat,
	type ActivityPlace,
	type AdminTheme,
	type DigitalTheme,
	type Orientation
} from '$lib/domain/activity';
import { addMonthsIso, lastDayOfMonth, parisDate } from '$lib/domain/dates';
import { HOME_VISIT_STATUSES, type HomeVisitStatus } from '$lib/domain/home-visit';
import {
	INDICATOR_DEFAULT_MONTHS,
	INDICATOR_MAX_MONTHS,
	monthsBetween,
	NONE,
	peopleOfRecord,
	permanenceOutcome
} from '$lib/domain/indicators';
import type { HalfDayPeriod } from '$lib/domain/site';
import { buildWorld, kmSharesOfPermanences, type Permanence } from '$lib/planner';
import type { DB } from '../db';
import { issuesOf, Refusal } from '../errors';
import { plannerContext } from './plan-proposals';

/**
 * The coordinator's indicators, computed on the server from what the devices synced.
 *
 * Counted with SQL GROUP BY over the scalar columns, portable to SQLite and PostgreSQL; the
 * columns that hold JSON (themes, orientations, a crew, a workshop) are grouped by their stored
 * text, and only each distinct text is parsed and its members counted here: a few hundred groups
 * for tens of thousands of rows, with no engine-specific JSON function. Every figure is a sum over
 * the rows of a table keyed by the record's id, so neither the order in which records arrived
 * nor a replayed push changes it. docs/indicators.md says what each figure means.
 */

export interface IndicatorFilter {
	/** First and last month, `YYYY-MM`, inclusive. */
	from: string;
	to: string;
	tourId: string | null;
	siteId: string | null;
	adviserId: string | null;
}

export interface PermanenceCounts {
	/** Every permanence of the plan in the period: held + cancelled + upcoming. */
	planned: number;
	/** Not cancelled, and its day is over. */
	held: number;
	cancelled: number;
	/** Not cancelled, today or later. */
	upcoming: number;
	/** Kilometres of the held permanences (each one's share of its vehicle's day). */
	km: number;
}

export interface ActivityCounts {
	/** Activity records ("demandes"). */
	records: number;
	/** People received: 1 per individual record, the participants of a collective workshop. */
	people: number;
	level1: number;
	level2: number;
}

export interface Indicators {
	filter: IndicatorFilter;
	months: string[];
	today: string;
	permanences: {
		total: PermanenceCounts;
		byMonth: Record<string, PermanenceCounts>;
		byTour: Record<string, PermanenceCounts>;
		bySite: Record<string, PermanenceCounts>;
		/** A permanence counts for each adviser of its crew. */
		byAdviser: Record<string, PermanenceCounts>;
	};
	activity: {
		total: ActivityCounts;
		byMonth: Record<string, ActivityCounts>;
		byTour: Record<string, ActivityCounts>;
		/** NONE: records made outside a permanence (home visit, phone, elsewhere). */
		bySite: Record<string, ActivityCounts>;
		byAdviser: Record<string, ActivityCounts>;
		/** Records naming each theme (a record with two themes counts for both). */
		adminThemes: Record<AdminTheme, number>;
		digitalThemes: Record<DigitalTheme, number>;
		/** Records by operator id, `department`, `other`, or NONE. */
		operators: Record<string, number>;
		operatorsByMonth: Record<string, Record<string, number>>;
		orientations: Record<Orientation, number>;
		places: Record<ActivityPlace, number>;
		formats: Record<ActivityFormat, number>;
	};
	homeVisits: {
		/** Home visits belong to a tour, not to a site or an adviser: those filters do not apply. */
		filtered: 'all' | 'tour';
		total: number;
		byStatus: Record<HomeVisitStatus, number>;
		byMonth: Record<string, Record<HomeVisitStatus, number>>;
	};
}

// ---- Filters ----------------------------------------------------------------------------------

/** The default period: the last INDICATOR_DEFAULT_MONTHS months, the current one included. */
export function defaultPeriod(today: string): { from: string; to: string } {
	const to = today.slice(0, 7);
	return { from: addMonthsIso(to, -(INDICATOR_DEFAULT_MONTHS - 1)), to };
}

/**
 * Reads and checks the filters of a request (page or export): malformed values, a period
 * backwards or too long, an unknown tour, site or adviser → 400 with a French message, and
 * nothing is computed.
 */
export async function parseIndicatorFilter(
	db: DB,
	params: URLSearchParams,
	today: string
): Promise<IndicatorFilter> {
	const raw: Record<string, string> = {};
	for (const key of ['du', 'au', 'tournee', 'lieu', 'conseiller']) {
		const value = params.get(key)?.trim();
		if (value) raw[key] = value;
	}
	const v = indicatorQuery.safeParse(raw);
	if (!v.success) {
		const issues = issuesOf(v.error).map((i) => ({
			...i,
			message: `${FIELD_LABELS[i.path] ?? i.path} : ${i.message}`
		}));
		throw new Refusal('invalid', `Filtre invalide — ${issues.map((i) => i.message).join(' ; ')}`, issues);
	}
	const period = defaultPeriod(today);
	const from =
		v.data.du ??
		(v.data.au && v.data.au < period.from
			? addMonthsIso(v.data.au, -(INDICATOR_DEFAULT_MONTHS - 1))
			: period.from);
	const to = v.data.au ?? (v.data.du && v.data.du > period.to ? v.data.du : period.to);
	if (to < from)
		throw new Refusal('invalid', 'Filtre invalide — la période se termine avant de commencer.', [
			{ path: 'au', message: 'Le mois de fin précède le mois de début.' }
		]);
	if (monthsBetween(from, to).length > INDICATOR_MAX_MONTHS)
		throw new Refusal('invalid', `Filtre invalide — la période dépasse ${INDICATOR_MAX_MONTHS} mois.`, [
			{ path: 'au', message: `Au plus ${INDICATOR_MAX_MONTHS} mois.` }
		]);
	const filter: IndicatorFilter = {
		from,
		to,
		tourId: v.data.tournee ?? null,
		siteId: v.data.lieu ?? null,
		adviserId: v.data.conseiller ?? null
	};
	const [tour, site, adviser] = await Promise.all([
		filter.tourId
			? db.selectFrom('tours').select('id').where('id', '=', filter.tourId).executeTakeFirst()
			: true,
		filter.siteId
			? db.selectFrom('sites').select('id').where('id', '=', filter.siteId).executeTakeFirst()
			: true,
		filter.adviserId
			? db
					.selectFrom('users')
					.select('id')
					.where('id', '=', filter.adviserId)
					.where('role', '=', 'adviser')
					.executeTakeFirst()
			: true
	]);
	if (!tour)
		throw new Refusal('invalid', 'Filtre invalide — tournée inconnue.', [
			{ path: 'tournee', message: 'Tournée inconnue.' }
		]);
	if (!site)
		throw new Refusal('invalid', 'Filtre invalide — lieu inconnu.', [
			{ path: 'lieu', message: 'Lieu inconnu.' }
		]);
	if (!adviser)
		throw new Refusal('invalid', 'Filtre invalide — conseiller inconnu.', [
			{ path: 'conseiller', message: 'Conseiller inconnu.' }
		]);
	return filter;
}

const FIELD_LABELS: Record<string, string> = {
	du: 'mois de début',
	au: 'mois de fin',
	tournee: 'tournée',
	lieu: 'lieu',
	conseiller: 'conseiller'
};

/** The query string of a filter, for links and exports (defaults written out). */
export function filterQuery(filter: IndicatorFilter): string {
	const params = new URLSearchParams({ du: filter.from, au: filter.to });
	if (filter.tourId) params.set('tournee', filter.tourId);
	if (filter.siteId) params.set('lieu', filter.siteId);
	if (filter.adviserId) params.set('conseiller', filter.adviserId);
	return params.toString();
}

// ---- Helpers ----------------------------------------------------------------------------------

const n = (v: unknown): number => Number(v ?? 0);
const monthOf = sql<string>`substr(date, 1, 7)`;

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
	return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** A JSON array of codes as stored, or [] when absent or unreadable. */
export function parseCodes(text: string | null): string[] {
	if (!text) return [];
	try {
		const value = JSON.parse(text) as unknown;
		return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
}

function participantsOf(workshop: string | null): number {
	if (!workshop) return 0;
	try {
		const value = JSON.parse(workshop) as { participants?: unknown };
		return typeof value.participants === 'number' ? value.participants : 0;
	} catch {
		return 0;
	}
}

const emptyPermanenceCounts = (): PermanenceCounts => ({
	planned: 0,
	held: 0,
	cancelled: 0,
	upcoming: 0,
	km: 0
});
const emptyActivityCounts = (): ActivityCounts => ({ records: 0, people: 0, level1: 0, level2: 0 });

/** The activity records of a filter, as a Kysely query to aggregate. */
function activityRecords(db: DB, filter: IndicatorFilter) {
	let q = db
		.selectFrom('activity_records')
		.where('date', '>=', `${filter.from}-01`)
		.where('date', '<=', lastDayOfMonth(filter.to));
	if (filter.tourId) q = q.where('tour_id', '=', filter.tourId);
	if (filter.siteId) q = q.where('site_id', '=', filter.siteId);
	if (filter.adviserId) q = q.where('adviser_id', '=', filter.adviserId);
	return q;
}

/** The activity records of a filter as the table `r`, to join and select from (the exports). */
export function filteredRecords(db: DB, filter: IndicatorFilter) {
	return db.selectFrom(activityRecords(db, filter).selectAll().as('r'));
}

/** A crew holds the adviser: ids are UUIDs written in a JSON array, so the quoted id is unambiguous. */
function crewHolds(adviserId: string): Expression<SqlBool> {
	return sql<SqlBool>`adviser_ids like ${`%"${adviserId}"%`}`;
}

// ---- Permanences ------------------------------------------------------------------------------

async function permanenceIndicators(
	db: DB,
	filter: IndicatorFilter,
	today: string
): Promise<Indicators['permanences']> {
	const first = `${filter.from}-01`;
	const last = lastDayOfMonth(filter.to);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`not a date: ${today}`);
	// A literal, not a parameter: PostgreSQL matches the GROUP BY expression to the selected one.
	const past = sql<number>`case when date < ${sql.lit(today)} then 1 else 0 end`;
	let counts = db
		.selectFrom('permanences')
		.select([
			monthOf.as('month'),
			'tour_id',
			'site_id',
			'adviser_ids',
			'status',
			past.as('past'),
			(eb) => eb.fn.countAll().as('n')
		])
		.where('date', '>=', first)
		.where('date', '<=', last);
	if (filter.tourId) counts = counts.where('tour_id', '=', filter.tourId);
	if (filter.siteId) counts = counts.where('site_id', '=', filter.siteId);
	if (filter.adviserId) counts = counts.where(crewHolds(filter.adviserId));
	// The vehicles' days: every held permanence of the period (a day's loop needs all its sites).
	let held = db
		.selectFrom('permanences')
		.select(['id', 'tour_id', 'site_id', 'date', 'period', 'adviser_ids'])
		.where('date', '>=', first)
		.where('date', '<=', last)
		.where('date', '<', today)
		.where('status', '!=', 'cancelled');
	if (filter.tourId) held = held.where('tour_id', '=', filter.tourId);
	const [groups, heldRows, planner] = await Promise.all([
		counts.groupBy([monthOf, 'tour_id', 'site_id', 'adviser_ids', 'status', past]).execute(),
		held.execute(),
		plannerContext(db, today)
	]);

	const out: Indicators['permanences'] = {
		total: emptyPermanenceCounts(),
		byMonth: {},
		byTour: {},
		bySite: {},
		byAdviser: {}
	};
	const cellsOf = (month: string, tourId: string, siteId: string, crew: readonly string[]) => [
		out.total,
		(out.byMonth[month] ??= emptyPermanenceCounts()),
		(out.byTour[tourId] ??= emptyPermanenceCounts()),
		(out.bySite[siteId] ??= emptyPermanenceCounts()),
		...crew.map((a) => (out.byAdviser[a] ??= emptyPermanenceCounts()))
	];
	for (const g of groups) {
		const count = n(g.n);
		const outcome = permanenceOutcome(g.status, n(g.past) === 1);
		for (const c of cellsOf(g.month, g.tour_id, g.site_id, parseCodes(g.adviser_ids))) {
			c.planned += count;
			c[outcome] += count;
		}
	}

	const world = buildWorld(planner);
	const days: Permanence[] = heldRows.map((r) => ({
		id: r.id,
		siteId: r.site_id,
		tourId: r.tour_id,
		date: r.date,
		period: r.period as HalfDayPeriod,
		start: '',
		end: '',
		adviserIds: ['', ''],
		patternDate: null,
		explanations: []
	}));
	const shares = kmSharesOfPermanences(days, world, planner.depot);
	for (const r of heldRows) {
		if (filter.siteId && r.site_id !== filter.siteId) continue;
		const crew = parseCodes(r.adviser_ids);
		if (filter.adviserId && !crew.includes(filter.adviserId)) continue;
		const km = shares.get(r.id) ?? 0;
		for (const c of cellsOf(r.date.slice(0, 7), r.tour_id, r.site_id, crew)) c.km += km;
	}
	return out;
}

// ---- Activity records -------------------------------------------------------------------------

async function activityIndicators(db: DB, filter: IndicatorFilter): Promise<Indicators['activity']> {
	const records = activityRecords(db, filter);
	// Three scans of the period: the scalar cells (a workshop's JSON is null for the individual
	// records, so grouping by it adds a group per workshop only), the operators by month, and the
	// distinct lists of themes and orientations.
	const [cells, operators, lists] = await Promise.all([
		records
			.select([
				monthOf.as('month'),
				'tour_id',
				'site_id',
				'adviser_id',
				'level',
				'place',
				'format',
				'workshop',
				(eb) => eb.fn.countAll().as('n')
			])
			.groupBy([monthOf, 'tour_id', 'site_id', 'adviser_id', 'level', 'place', 'format', 'workshop'])
			.execute(),
		requestsByOperatorAndMonth(db, filter),
		records
			.select(['admin_themes', 'digital_themes', 'orientations', (eb) => eb.fn.countAll().as('n')])
			.groupBy(['admin_themes', 'digital_themes', 'orientations'])
			.execute()
	]);

	const out: Indicators['activity'] = {
		total: emptyActivityCounts(),
		byMonth: {},
		byTour: {},
		bySite: {},
		byAdviser: {},
		adminThemes: zeroes(ADMIN_THEMES),
		digitalThemes: zeroes(DIGITAL_THEMES),
		operators: {},
		operatorsByMonth: {},
		orientations: zeroes(ORIENTATIONS),
		places: zeroes(ACTIVITY_PLACES),
		formats: zeroes(ACTIVITY_FORMATS)
	};
	const cellsOf = (g: {
		month: string;
		tour_id: string | null;
		site_id: string | null;
		adviser_id: string;
	}) => [
		out.total,
		(out.byMonth[g.month] ??= emptyActivityCounts()),
		(out.byTour[g.tour_id ?? NONE] ??= emptyActivityCounts()),
		(out.bySite[g.site_id ?? NONE] ??= emptyActivityCounts()),
		(out.byAdviser[g.adviser_id] ??= emptyActivityCounts())
	];
	for (const g of cells) {
		const k = n(g.n);
		const people = peopleOfRecord(g.format, participantsOf(g.workshop)) * k;
		for (const c of cellsOf(g)) {
			c.records += k;
			c.people += people;
			if (n(g.level) === 2) c.level2 += k;
			else c.level1 += k;
		}
		if (g.place in out.places) out.places[g.place as ActivityPlace] += k;
		if (g.format in out.formats) out.formats[g.format as ActivityFormat] += k;
	}
	out.operatorsByMonth = operators;
	for (const month of Object.values(operators))
		for (const [key, k] of Object.entries(month)) out.operators[key] = (out.operators[key] ?? 0) + k;
	// Each distinct list is parsed once; a code is counted once per record.
	const parsed = new Map<string, string[]>();
	const countCodes = <K extends string>(target: Record<K, number>, text: string, k: number) => {
		let codes = parsed.get(text);
		if (!codes) parsed.set(text, (codes = [...new Set(parseCodes(text))]));
		for (const code of codes) if (code in target) target[code as K] += k;
	};
	for (const g of lists) {
		const k = n(g.n);
		countCodes(out.adminThemes, g.admin_themes, k);
		countCodes(out.digitalThemes, g.digital_themes, k);
		countCodes(out.orientations, g.orientations, k);
	}
	return out;
}

// ---- Home visits ------------------------------------------------------------------------------

/**
 * Home-visit requests received in the period (by the Paris month of their creation), by their
 * current state. Few rows: read narrowly, the Paris month needs the instant.
 */
async function homeVisitIndicators(db: DB, filter: IndicatorFilter): Promise<Indicators['homeVisits']> {
	// created_at is a UTC instant and the month a Paris one: grouped by the UTC hour (Paris is a
	// whole number of hours away), each hour turned into its Paris month once; a day of margin
	// on each side of the period.
	const hour = sql<string>`substr(created_at, 1, 13)`;
	let q = db
		.selectFrom('home_visit_requests')
		.select([hour.as('hour'), 'status', (eb) => eb.fn.countAll().as('n')])
		.where('created_at', '>=', `${addMonthsIso(filter.from, -1)}-28`)
		.where('created_at', '<=', `${addMonthsIso(filter.to, 1)}-02`);
	if (filter.tourId) q = q.where('tour_id', '=', filter.tourId);
	const groups = await q.groupBy([hour, 'status']).execute();
	const out: Indicators['homeVisits'] = {
		filtered: filter.siteId || filter.adviserId ? 'tour' : 'all',
		total: 0,
		byStatus: zeroes(HOME_VISIT_STATUSES),
		byMonth: {}
	};
	for (const g of groups) {
		const month = parisDate(new Date(`${g.hour}:00:00Z`)).slice(0, 7);
		if (month < filter.from || month > filter.to) continue;
		if (!(g.status in out.byStatus)) continue;
		const status = g.status as HomeVisitStatus;
		const k = n(g.n);
		out.total += k;
		out.byStatus[status] += k;
		(out.byMonth[month] ??= zeroes(HOME_VISIT_STATUSES))[status] += k;
	}
	return out;
}

// ---- The view ---------------------------------------------------------------------------------

/**
 * Every indicator of a filter. Sections are computed independently; level-2 cases and digital
 * diagnostics, recorded in their own tables, are not counted yet (`docs/indicators.md`).
 */
export async function computeIndicators(db: DB, filter: IndicatorFilter, today: string): Promise<Indicators> {
	const [permanences, activity, homeVisits] = await Promise.all([
		permanenceIndicators(db, filter, today),
		activityIndicators(db, filter),
		homeVisitIndicators(db, filter)
	]);
	return { filter, months: monthsBetween(filter.from, filter.to), today, permanences, activity, homeVisits };
}

// ---- Exports ----------------------------------------------------------------------------------

/** Requests (activity records) per operator and month: the France Services label's monthly figure. */
export async function requestsByOperatorAndMonth(
	db: DB,
	filter: IndicatorFilter
): Promise<Record<string, Record<string, number>>> {
	const groups = await activityRecords(db, filter)
		.select([monthOf.as('month'), 'operator', (eb) => eb.fn.countAll().as('n')])
		.groupBy([monthOf, 'operator'])
		.execute();
	const out: Record<string, Record<string, number>> = {};
	for (const g of groups) {
		const month = (out[g.month] ??= {});
		const key = g.operator ?? NONE;
		month[key] = (month[key] ?? 0) + n(g.n);
	}
	return out;
}

/** One activity record as the export writes it, with the names it refers to. */
export interface ExportedRecord {
	id: string;
	date: string;
	tourNumber: number | null;
	adviserName: string;
	siteName: string | null;
	place: string;
	format: string;
	workshop: { title: string; level: string; participants: number } | null;
	ageBracket: string | null;
	personCommuneInsee: string | null;
	personCommuneName: string | null;
	personStatus: string | null;
	adminThemes: string[];
	digitalThemes: string[];
	operator: string | null;
	level: number;
	autonomy: string | null;
	equipment: string[];
	aidantsConnect: boolean;
	orientations: string[];
	durationMinutes: number;
	outcome: string;
	listsVersion: number;
}

/** The records of a filter, one by one, by date then id (the free-text note is not exported). */
export async function exportedRecords(db: DB, filter: IndicatorFilter): Promise<ExportedRecord[]> {
	const q = filteredRecords(db, filter)
		.innerJoin('users as u', 'u.id', 'r.adviser_id')
		.leftJoin('tours as t', 't.id', 'r.tour_id')
		.leftJoin('sites as s', 's.id', 'r.site_id')
		.leftJoin('communes as c', 'c.insee', 'r.person_commune_insee')
		.select([
			'r.id',
			'r.date',
			't.number as tour_number',
			'u.display_name',
			's.name as site_name',
			'r.place',
			'r.format',
			'r.workshop',
			'r.age_bracket',
			'r.person_commune_insee',
			'c.name as commune_name',
			'r.person_status',
			'r.admin_themes',
			'r.digital_themes',
			'r.operator',
			'r.level',
			'r.autonomy',
			'r.equipment',
			'r.aidants_connect',
			'r.orientations',
			'r.duration_minutes',
			'r.outcome',
			'r.lists_version'
		]);
	const rows = await q.orderBy('r.date').orderBy('r.id').execute();
	return rows.map((r) => {
		let workshop: ExportedRecord['workshop'] = null;
		if (r.workshop) {
			const w = JSON.parse(r.workshop) as { title?: string; level?: string; participants?: number };
			workshop = { title: w.title ?? '', level: w.level ?? 'beginner', participants: w.participants ?? 0 };
		}
		return {
			id: r.id,
			date: r.date,
			tourNumber: r.tour_number,
			adviserName: r.display_name,
			siteName: r.site_name,
			place: r.place,
			format: r.format,
			workshop,
			ageBracket: r.age_bracket,
			personCommuneInsee: r.person_commune_insee,
			personCommuneName: r.commune_name,
			personStatus: r.person_status,
			adminThemes: parseCodes(r.admin_themes),
			digitalThemes: parseCodes(r.digital_themes),
			operator: r.operator,
			level: n(r.level),
			autonomy: r.autonomy,
			equipment: parseCodes(r.equipment),
			aidantsConnect: r.aidants_connect !== null,
			orientations: parseCodes(r.orientations),
			durationMinutes: n(r.duration_minutes),
			outcome: r.outcome,
			listsVersion: n(r.lists_version)
		};
	});
}
