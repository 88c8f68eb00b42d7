import type { Insertable } from 'kysely';
import { ACTIVITY_LISTS_VERSION } from '$lib/domain/activity';
import { addMonthsIso, parisDate } from '$lib/domain/dates';
import type { HalfDayPeriod, Weekday } from '$lib/domain/site';
import { planTours, type Permanence } from '$lib/planner';
import { mulberry32, type Rng } from '$lib/planner/random';
import type { DB } from '../db';
import type { ActivityRecordTable, PermanenceTable } from '../db/schema';
import { newId } from '../ids';
import { PLANNER_SEED, plannerContext } from '../services/plan-proposals';
import { nextVersion, inTransaction } from '../sync/versions';

/** Months of history the demo gets before the current one. */
export const DEMO_HISTORY_MONTHS = 6;

const ROWS_PER_INSERT = 200;

/** Picks a value by weight. */
function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
	const total = items.reduce((t, [, w]) => t + w, 0);
	let r = rng.next() * total;
	for (const [value, w] of items) {
		r -= w;
		if (r < 0) return value;
	}
	return (items[items.length - 1] as readonly [T, number])[0];
}

const ADMIN_WEIGHTS = [
	['socialHealth', 22],
	['moneyTaxes', 20],
	['papers', 18],
	['family', 12],
	['workTraining', 10],
	['housing', 7],
	['transport', 4],
	['justice', 3],
	['foreigners', 2],
	['leisureCulture', 1],
	['associations', 1]
] as const;
const DIGITAL_WEIGHTS = [
	['onlineAccounts', 20],
	['onlineProcedures', 20],
	['email', 12],
	['documents', 12],
	['smartphone', 12],
	['deviceBasics', 8],
	['security', 6],
	['information', 5],
	['jobSearch', 4],
	['other', 1]
] as const;
/** The operator a request concerns, given its first administrative theme. */
const OPERATOR_OF_THEME: Record<string, readonly (readonly [string | null, number])[]> = {
	socialHealth: [
		['assurance-maladie', 6],
		['caf', 3],
		['msa', 1],
		['department', 1]
	],
	moneyTaxes: [['dgfip', 1]],
	papers: [
		['interieur', 5],
		['other', 1]
	],
	family: [
		['caf', 5],
		['msa', 1]
	],
	workTraining: [['france-travail', 1]],
	housing: [
		['caf', 2],
		['other', 1]
	],
	transport: [
		['interieur', 1],
		['other', 1]
	],
	justice: [['justice', 1]],
	foreigners: [['interieur', 1]],
	leisureCulture: [[null, 1]],
	associations: [[null, 1]]
};

/**
 * A permanence of the past as a published calendar leaves it: published as planned, or cancelled
 * (both its working and public states) with its explanations. Shared with the indicators' benchmark.
 */
export function pastPermanenceRow(
	p: Permanence,
	past: { cancelled: boolean; explanations: readonly string[]; at: string; version: number }
): Insertable<PermanenceTable> {
	return {
		id: p.id,
		site_id: p.siteId,
		tour_id: p.tourId,
		date: p.date,
		period: p.period,
		start_time: p.start,
		end_time: p.end,
		adviser_ids: JSON.stringify(p.adviserIds),
		status: past.cancelled ? 'cancelled' : 'planned',
		change_reason: null,
		public_status: past.cancelled ? 'cancelled' : 'published',
		public_date: p.date,
		public_period: p.period,
		public_start: p.start,
		public_end: p.end,
		pattern_date: p.patternDate,
		explanations: JSON.stringify(past.explanations),
		published_at: past.at,
		created_at: past.at,
		updated_at: past.at,
		version: past.version
	};
}

/**
 * Demo mode (`DEMO_HISTORY=true`, set by `npm run demo`): a database with no activity record and
 * nothing planned before the current month gets DEMO_HISTORY_MONTHS months of history, so that
 * the coordinator's indicators have something to show: the tours' permanences as the planner
 * would have made them (a few cancelled), and anonymous activity records at them — a few people
 * per permanence, some workshops, phone calls. Seeded, so every demo shows the same figures.
 */
export async function seedDemoHistory(db: DB, now: Date): Promise<void> {
	const today = parisDate(now);
	const month = today.slice(0, 7);
	const start = `${month}-01`;
	const [anyRecord, anyPast] = await Promise.all([
		db.selectFrom('activity_records').select('id').executeTakeFirst(),
		db.selectFrom('permanences').select('id').where('date', '<', start).executeTakeFirst()
	]);
	if (anyRecord || anyPast) return;
	const from = addMonthsIso(month, -DEMO_HISTORY_MONTHS);
	const ctx = await plannerContext(db, `${from}-01`);
	if (ctx.advisers.length === 0) return;
	const patterns = await db.selectFrom('site_patterns').selectAll().execute();
	const plan = planTours({
		...ctx,
		absences: [],
		from,
		months: DEMO_HISTORY_MONTHS,
		seed: PLANNER_SEED,
		previousPatterns: patterns.map((p) => ({
			siteId: p.site_id,
			tourId: p.tour_id,
			weekday: p.weekday as Weekday,
			period: p.period as HalfDayPeriod,
			weeks: p.weeks === 'even' ? 'even' : 'odd'
		}))
	});
	const rng = mulberry32(PLANNER_SEED + 1);
	const at = now.toISOString();
	const reasons = ['Véhicule en panne', 'Intempéries', 'Conseiller malade', 'Salle indisponible'];
	const advisersOfTour = new Map<string, string[]>();
	for (const a of ctx.advisers)
		if (a.tourId) advisersOfTour.set(a.tourId, [...(advisersOfTour.get(a.tourId) ?? []), a.id]);
	const communes = (await db.selectFrom('communes').select('insee').execute()).map((c) => c.insee);

	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		const permanences: Insertable<PermanenceTable>[] = [];
		const records: Insertable<ActivityRecordTable>[] = [];
		const record = (
			adviserId: string,
			tourId: string,
			date: string,
			fields: Partial<Insertable<ActivityRecordTable>>
		): Insertable<ActivityRecordTable> => {
			const admin = rng.next() < 0.85 ? [weighted(rng, ADMIN_WEIGHTS)] : [];
			if (admin.length && rng.next() < 0.15) {
				const second = weighted(rng, ADMIN_WEIGHTS);
				if (!admin.includes(second)) admin.push(second);
			}
			const digital = admin.length === 0 || rng.next() < 0.35 ? [weighted(rng, DIGITAL_WEIGHTS)] : [];
			const operator = admin[0] ? weighted(rng, OPERATOR_OF_THEME[admin[0]] ?? [[null, 1]]) : null;
			const level = operator && rng.next() < 0.12 ? 2 : 1;
			const orientations = [
				...(rng.next() < 0.07 ? ['mds'] : []),
				...(digital.length && rng.next() < 0.1 ? ['mediationPlace'] : [])
			];
			return {
				id: newId(),
				adviser_id: adviserId,
				tour_id: tourId,
				date,
				place: 'permanence',
				permanence_id: null,
				home_visit_id: null,
				site_id: null,
				format: 'individual',
				workshop: null,
				age_bracket: weighted(rng, [
					[null, 3],
					['18to24', 1],
					['25to39', 2],
					['40to59', 3],
					['60to69', 2],
					['70plus', 2]
				]),
				person_commune_insee: rng.next() < 0.3 ? (communes[rng.int(communes.length)] ?? null) : null,
				person_status: null,
				admin_themes: JSON.stringify(admin),
				digital_themes: JSON.stringify(digital),
				operator,
				level,
				autonomy: weighted(rng, [
					['accompanied', 3],
					['autonomousWithHelp', 4],
					['autonomous', 1],
					[null, 1]
				]),
				equipment: JSON.stringify(rng.next() < 0.5 ? ['computer'] : rng.next() < 0.6 ? ['phone'] : []),
				aidants_connect: null,
				orientations: JSON.stringify(orientations),
				duration_minutes: weighted(rng, [
					[15, 2],
					[30, 5],
					[45, 3],
					[60, 2]
				]),
				outcome:
					level === 2
						? 'inProgress'
						: weighted(rng, [
								['resolved', 8],
								['inProgress', 1],
								['redirected', 1]
							]),
				note: '',
				lists_version: ACTIVITY_LISTS_VERSION,
				created_at: `${date}T16:00:00.000Z`,
				version,
				...fields
			};
		};

		for (const p of plan.permanences) {
			if (p.date >= start) continue;
			const cancelled = rng.next() < 0.04;
			const reason = reasons[rng.int(reasons.length)] ?? reasons[0];
			permanences.push(
				pastPermanenceRow(p, {
					cancelled,
					explanations: cancelled && reason ? [...p.explanations, reason] : [...p.explanations],
					at,
					version
				})
			);
			if (cancelled) continue;
			const crew = p.adviserIds.filter(Boolean);
			const people = 2 + rng.int(7);
			for (let i = 0; i < people; i++) {
				const adviser = crew[rng.int(crew.length)] ?? crew[0];
				if (!adviser) break;
				records.push(record(adviser, p.tourId, p.date, { permanence_id: p.id, site_id: p.siteId }));
			}
			// Now and then a workshop at the permanence.
			if (rng.next() < 0.06 && crew[0]) {
				const title = weighted(rng, [
					['Prendre en main son smartphone', 2],
					['Créer son espace France Connect', 2],
					['Éviter les arnaques en ligne', 1]
				]);
				records.push(
					record(crew[0], p.tourId, p.date, {
						permanence_id: p.id,
						site_id: p.siteId,
						format: 'collective',
						workshop: JSON.stringify({ title, level: 'beginner', participants: 4 + rng.int(7) }),
						admin_themes: '[]',
						digital_themes: JSON.stringify(['smartphone']),
						operator: null,
						level: 1,
						age_bracket: null,
						autonomy: null,
						duration_minutes: 120,
						outcome: 'resolved'
					})
				);
			}
		}
		// Calls between permanences: a few a month per adviser.
		for (const [tourId, advisers] of advisersOfTour)
			for (let m = 0; m < DEMO_HISTORY_MONTHS; m++) {
				const monthOf = addMonthsIso(from, m);
				for (const adviser of advisers)
					for (let i = 0, calls = 1 + rng.int(4); i < calls; i++) {
						const day = String(2 + rng.int(26)).padStart(2, '0');
						records.push(record(adviser, tourId, `${monthOf}-${day}`, { place: 'phone' }));
					}
			}
		for (let i = 0; i < permanences.length; i += ROWS_PER_INSERT)
			await trx
				.insertInto('permanences')
				.values(permanences.slice(i, i + ROWS_PER_INSERT))
				.onConflict((oc) => oc.column('id').doNothing())
				.execute();
		for (let i = 0; i < records.length; i += ROWS_PER_INSERT)
			await trx
				.insertInto('activity_records')
				.values(records.slice(i, i + ROWS_PER_INSERT))
				.execute();
	});
}
