/**
 * A year of one tour's adviser, for the sync benchmarks' first sync (issue 3: "a year of one
 * tour is about 220 permanences, 300 home visits, 3,000 activity records and 1,000 diagnostics").
 * Written straight into the database the built server uses (the history is older than what the
 * sync mutations accept: records and diagnostics may be backdated 60 days at most), with a fixed
 * seed, in one transaction per table. The permanences come from the demo calendar, or from the
 * year the browser bench plans and publishes.
 */
import {
	ACTIVITY_LISTS_VERSION,
	ADMIN_THEMES,
	CURRENT_AGE_BRACKETS,
	DIGITAL_THEMES
} from '../src/lib/domain/activity';
import { addDaysIso, parisDate } from '../src/lib/domain/dates';
import {
	DIAGNOSTIC_QUESTIONS,
	DIGITAL_AREAS,
	scoreDiagnostic,
	type Answer
} from '../src/lib/domain/diagnostic';
import { mulberry32, type Rng } from '../src/lib/planner/random';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { nextVersion } from '../src/lib/server/sync/versions';

export const YEAR = { activityRecords: 3000, diagnostics: 1000, homeVisits: 300 } as const;

const ROWS_PER_INSERT = 200;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)] as T;
const uuid = (rng: Rng) =>
	'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(rng.next() * 16).toString(16));

/** Inserts the adviser's year; returns the numbers of rows written. */
export async function seedAdviserYear(
	env: Record<string, string>,
	email: string,
	now: Date,
	counts: { activityRecords: number; diagnostics: number; homeVisits: number } = YEAR
): Promise<typeof counts> {
	const { db, close } = openDatabase(readConfig(env));
	try {
		const rng = mulberry32(20261123);
		const adviser = await db
			.selectFrom('users')
			.selectAll()
			.where('email', '=', email)
			.executeTakeFirstOrThrow();
		const tourId = adviser.tour_id;
		const communes = (
			await db
				.selectFrom('sites')
				.select('commune_insee')
				.$if(tourId !== null, (q) => q.where('tour_id', '=', tourId as string))
				.execute()
		).map((s) => s.commune_insee);
		const relay = await db
			.selectFrom('users')
			.select('id')
			.where('role', '=', 'relay')
			.executeTakeFirstOrThrow();
		const today = parisDate(now);
		const dayOfYear = () => addDaysIso(today, -Math.floor(rng.next() * 365));
		const at = now.toISOString();

		const records = Array.from({ length: counts.activityRecords }, () => ({
			id: uuid(rng),
			adviser_id: adviser.id,
			tour_id: tourId,
			date: dayOfYear(),
			place: pick(rng, ['permanence', 'permanence', 'homeVisit', 'phone', 'other']),
			permanence_id: null,
			home_visit_id: null,
			site_id: null,
			format: rng.next() < 0.05 ? 'collective' : 'individual',
			workshop: null as string | null,
			age_bracket: rng.next() < 0.6 ? pick(rng, CURRENT_AGE_BRACKETS) : null,
			person_commune_insee: rng.next() < 0.5 ? pick(rng, communes) : null,
			person_status: null,
			admin_themes: JSON.stringify([pick(rng, ADMIN_THEMES)]),
			digital_themes: JSON.stringify(rng.next() < 0.4 ? [pick(rng, DIGITAL_THEMES)] : []),
			operator: pick(rng, ['caf', 'dgfip', 'assurance-maladie', 'france-travail', 'msa', null]),
			level: rng.next() < 0.15 ? 2 : 1,
			autonomy: pick(rng, ['accompanied', 'autonomousWithHelp', 'autonomous']),
			equipment: JSON.stringify(['computer']),
			aidants_connect: null,
			orientations: JSON.stringify([]),
			duration_minutes: pick(rng, [15, 30, 30, 45, 60]),
			outcome: pick(rng, ['resolved', 'resolved', 'inProgress', 'redirected']),
			note: '',
			lists_version: ACTIVITY_LISTS_VERSION,
			created_at: at
		}));
		for (const r of records)
			if (r.format === 'collective')
				r.workshop = JSON.stringify({
					title: 'Prendre en main son smartphone',
					level: 'beginner',
					participants: 6
				});

		const diagnostics = Array.from({ length: counts.diagnostics }, () => {
			const answers = Object.fromEntries(
				DIAGNOSTIC_QUESTIONS.map((q) => [q.id, Math.floor(rng.next() * 4) as Answer])
			);
			const access = {
				equipment: ['smartphone'],
				connection: 'mobileOnly',
				reading: 'easy',
				needs: ['none']
			} as const;
			const result = scoreDiagnostic(answers, {
				...access,
				equipment: [...access.equipment],
				needs: [...access.needs]
			});
			return {
				id: uuid(rng),
				adviser_id: adviser.id,
				tour_id: tourId,
				date: dayOfYear(),
				questionnaire_version: result.version,
				follow_up_code: null,
				commune_insee: null,
				answers: JSON.stringify(answers),
				access: JSON.stringify(access),
				areas: JSON.stringify(
					Object.fromEntries(
						DIGITAL_AREAS.map((a) => [a, { score: result.areaScores[a], level: result.areaLevels[a] }])
					)
				),
				overall_level: result.overall,
				overall_score: result.overallScore,
				recommendations: JSON.stringify(result.recommendations),
				created_at: at
			};
		});

		const visits = Array.from({ length: counts.homeVisits }, (_, i) => {
			const date = addDaysIso(today, 30 - Math.floor(rng.next() * 365));
			const past = date < today;
			return {
				id: uuid(rng),
				relay_organisation_id: null,
				created_by: relay.id,
				person_name: `Personne ${i + 1}`,
				person_phone: '05 63 00 00 00',
				commune_insee: pick(rng, communes),
				street: `${1 + (i % 40)} rue de la Mairie`,
				access_notes: '',
				reasons: JSON.stringify(['age']),
				operator_id: null,
				subject: 'Démarche en ligne',
				availability: JSON.stringify({
					weekdays: [1, 2, 3, 4, 5],
					periods: ['morning'],
					from: null,
					to: null,
					note: ''
				}),
				consent_at: at,
				tour_id: tourId,
				status: past ? 'done' : 'scheduled',
				status_reason: null,
				slot_date: date,
				slot_period: 'morning',
				slot_start: '10:00',
				slot_end: '11:00',
				closed_at: past ? at : null,
				anonymised_at: null,
				created_at: at,
				updated_at: at
			};
		});

		await db.transaction().execute(async (trx) => {
			const version = await nextVersion(trx);
			for (let i = 0; i < records.length; i += ROWS_PER_INSERT)
				await trx
					.insertInto('activity_records')
					.values(records.slice(i, i + ROWS_PER_INSERT).map((r) => ({ ...r, version })))
					.execute();
			for (let i = 0; i < diagnostics.length; i += ROWS_PER_INSERT)
				await trx
					.insertInto('diagnostics')
					.values(diagnostics.slice(i, i + ROWS_PER_INSERT).map((d) => ({ ...d, version })))
					.execute();
			for (let i = 0; i < visits.length; i += ROWS_PER_INSERT)
				await trx
					.insertInto('home_visit_requests')
					.values(visits.slice(i, i + ROWS_PER_INSERT).map((v) => ({ ...v, version })))
					.execute();
		});
		return counts;
	} finally {
		await close();
	}
}
