import type { Insertable, Selectable } from 'kysely';
import type { ActivityRecordInput } from '$lib/contracts';
import { ACTIVITY_BACKDATE_DAYS, ACTIVITY_LISTS_VERSION, OTHER_OPERATORS } from '$lib/domain/activity';
import { addDaysIso, parisDate } from '$lib/domain/dates';
import type { EntityRowOf } from '$lib/contracts/synced';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { ActivityRecordTable } from '../db/schema';
import { Refusal } from '../errors';
import { inTransaction, nextVersion } from '../sync/versions';

/**
 * Records one accompaniment. The adviser and the tour come from the session; the date, site and
 * tour from the permanence or the home visit when the record names one (it must be the adviser's
 * tour's); otherwise the device's date, within the last ACTIVITY_BACKDATE_DAYS days.
 * Append-only: the id comes from the device, and the same record sent twice is stored once.
 */
export async function recordActivity(
	db: DB,
	user: SessionUser,
	id: string,
	input: ActivityRecordInput,
	now: Date
): Promise<'created' | 'already'> {
	const [outcome] = await recordActivities(db, user, [{ id, input }], now);
	if (outcome instanceof Refusal) throw outcome;
	return outcome ?? 'already';
}

/** What became of one record of a batch: stored, already there, or refused (with the reason). */
export type RecordOutcome = 'created' | 'already' | Refusal;

/** Rows inserted per statement (well under the engines' limits on bound parameters). */
const ROWS_PER_INSERT = 200;

/**
 * Records a batch of accompaniments, each checked on its own (a refusal names its reason and
 * stores nothing of that record), with the lookups they need made once for the batch and the
 * accepted ones inserted together, under one version: a day of records costs a few queries.
 */
export async function recordActivities(
	db: DB,
	user: SessionUser,
	items: readonly { id: string; input: ActivityRecordInput }[],
	now: Date
): Promise<RecordOutcome[]> {
	if (user.role !== 'adviser')
		throw new Refusal('forbidden', 'Seuls les conseillers remplissent des fiches.');
	if (items.length === 0) return [];
	const authors = new Map(
		(
			await db
				.selectFrom('activity_records')
				.select(['id', 'adviser_id'])
				.where('id', 'in', [...new Set(items.map((i) => i.id))])
				.execute()
		).map((r) => [r.id, r.adviser_id])
	);
	const refs = await referencesOf(
		db,
		items.map((i) => i.input)
	);
	const outcomes: RecordOutcome[] = [];
	const rows: Omit<Insertable<ActivityRecordTable>, 'version'>[] = [];
	for (const { id, input } of items) {
		const author = authors.get(id);
		if (author !== undefined) {
			outcomes.push(
				author === user.id ? 'already' : new Refusal('conflict', 'Cet identifiant de fiche est déjà pris.')
			);
			continue;
		}
		try {
			const { date, siteId } = resolveActivity(refs, user, input, now);
			rows.push({
				id,
				adviser_id: user.id,
				created_at: now.toISOString(),
				...columnsOf(user, input, date, siteId)
			});
			authors.set(id, user.id);
			outcomes.push('created');
		} catch (e) {
			if (!(e instanceof Refusal)) throw e;
			outcomes.push(e);
		}
	}
	if (rows.length > 0)
		await inTransaction(db, async (trx) => {
			const version = await nextVersion(trx);
			for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
				await trx
					.insertInto('activity_records')
					.values(rows.slice(i, i + ROWS_PER_INSERT).map((r) => ({ ...r, version })))
					.execute();
			}
		});
	return outcomes;
}

/** What records name, read once for a batch: their permanences and visits, operators and communes. */
interface References {
	permanences: Map<string, { date: string; site_id: string; tour_id: string }>;
	visits: Map<string, { slot_date: string | null; tour_id: string | null }>;
	operators: Set<string>;
	communes: Set<string>;
}

async function referencesOf(db: DB, inputs: readonly ActivityRecordInput[]): Promise<References> {
	const named = <T>(pick: (i: ActivityRecordInput) => T | null | undefined) => [
		...new Set(inputs.map(pick).filter((v): v is T => v != null))
	];
	const permanenceIds = named((i) => i.permanenceId);
	const visitIds = named((i) => i.homeVisitId);
	const operators = named((i) => i.operator).filter(
		(o) => !(OTHER_OPERATORS as readonly string[]).includes(o)
	);
	const communes = named((i) => i.person.communeInsee);
	const [permanences, visits, knownOperators, knownCommunes] = await Promise.all([
		permanenceIds.length
			? db
					.selectFrom('permanences')
					.select(['id', 'date', 'site_id', 'tour_id'])
					.where('id', 'in', permanenceIds)
					.execute()
			: [],
		visitIds.length
			? db
					.selectFrom('home_visit_requests')
					.select(['id', 'slot_date', 'tour_id'])
					.where('id', 'in', visitIds)
					.execute()
			: [],
		operators.length ? db.selectFrom('operators').select('id').where('id', 'in', operators).execute() : [],
		communes.length ? db.selectFrom('communes').select('insee').where('insee', 'in', communes).execute() : []
	]);
	return {
		permanences: new Map(permanences.map((p) => [p.id, p])),
		visits: new Map(visits.map((v) => [v.id, v])),
		operators: new Set(knownOperators.map((o) => o.id)),
		communes: new Set(knownCommunes.map((c) => c.insee))
	};
}

/**
 * Where and when a record took place, checked: the permanence or the visit it names must be the
 * adviser's tour's (their date and site win over the device's), the date within the last
 * ACTIVITY_BACKDATE_DAYS days, the operator and commune in the referential.
 */
function resolveActivity(
	refs: References,
	user: SessionUser,
	input: ActivityRecordInput,
	now: Date
): { date: string; siteId: string | null } {
	let date = input.date;
	let siteId: string | null = null;
	if (input.permanenceId) {
		const p = refs.permanences.get(input.permanenceId);
		if (!p || p.tour_id !== user.tourId)
			throw new Refusal('unprocessable', 'Cette permanence n’est pas celle de votre tournée.');
		date = p.date;
		siteId = p.site_id;
	} else if (input.homeVisitId) {
		const v = refs.visits.get(input.homeVisitId);
		if (!v || v.tour_id !== user.tourId)
			throw new Refusal('unprocessable', 'Cette visite à domicile n’est pas celle de votre tournée.');
		date = v.slot_date ?? date;
	}
	const today = parisDate(now);
	if (date > addDaysIso(today, 1) || date < addDaysIso(today, -ACTIVITY_BACKDATE_DAYS)) {
		throw new Refusal(
			'unprocessable',
			`La date de la fiche doit être comprise entre il y a ${ACTIVITY_BACKDATE_DAYS} jours et aujourd’hui.`
		);
	}
	if (
		input.operator &&
		!(OTHER_OPERATORS as readonly string[]).includes(input.operator) &&
		!refs.operators.has(input.operator)
	)
		throw new Refusal('unprocessable', 'Organisme inconnu.');
	if (input.person.communeInsee && !refs.communes.has(input.person.communeInsee))
		throw new Refusal('unprocessable', 'Commune inconnue.');
	return { date, siteId };
}

/** The stored columns of a record (everything but its id, author, creation time and version). */
function columnsOf(user: SessionUser, input: ActivityRecordInput, date: string, siteId: string | null) {
	return {
		tour_id: user.tourId,
		date,
		place: input.place,
		permanence_id: input.permanenceId,
		home_visit_id: input.homeVisitId,
		site_id: siteId,
		format: input.format,
		workshop: input.workshop ? JSON.stringify(input.workshop) : null,
		age_bracket: input.person.ageBracket,
		person_commune_insee: input.person.communeInsee,
		person_status: input.person.status,
		admin_themes: JSON.stringify(input.adminThemes),
		digital_themes: JSON.stringify(input.digitalThemes),
		operator: input.operator,
		level: input.level,
		autonomy: input.autonomy,
		equipment: JSON.stringify(input.equipment),
		aidants_connect: input.aidantsConnect ? JSON.stringify(input.aidantsConnect) : null,
		orientations: JSON.stringify(input.orientations),
		duration_minutes: input.durationMinutes,
		outcome: input.outcome,
		note: input.note,
		lists_version: ACTIVITY_LISTS_VERSION
	};
}

/**
 * Corrects or completes a record, offline perhaps: only its author may, the same checks as at
 * creation apply, and the whole record is replaced (its author's devices are the only writers, and
 * the server's order decides between them).
 */
export async function amendActivity(
	db: DB,
	user: SessionUser,
	id: string,
	input: ActivityRecordInput,
	now: Date
): Promise<void> {
	const existing = await db
		.selectFrom('activity_records')
		.select('adviser_id')
		.where('id', '=', id)
		.executeTakeFirst();
	if (!existing || existing.adviser_id !== user.id)
		throw new Refusal('notFound', 'Cette fiche n’existe pas ou n’est pas la vôtre.');
	const { date, siteId } = resolveActivity(await referencesOf(db, [input]), user, input, now);
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.updateTable('activity_records')
			.set({ ...columnsOf(user, input, date, siteId), updated_at: now.toISOString(), version })
			.where('id', '=', id)
			.execute();
	});
}

type Row = EntityRowOf<'activityRecords'>;

/** A record as its adviser's devices hold it (the same fields as the input, plus where and when). */
export function activityRow(r: Selectable<ActivityRecordTable>): EntityRowOf<'activityRecords'> {
	return {
		id: r.id,
		date: r.date,
		place: r.place,
		permanenceId: r.permanence_id,
		homeVisitId: r.home_visit_id,
		siteId: r.site_id,
		format: r.format,
		workshop: r.workshop ? (JSON.parse(r.workshop) as Row['workshop']) : null,
		person: { ageBracket: r.age_bracket, communeInsee: r.person_commune_insee, status: r.person_status },
		adminThemes: JSON.parse(r.admin_themes) as string[],
		digitalThemes: JSON.parse(r.digital_themes) as string[],
		operator: r.operator,
		level: r.level as Row['level'],
		autonomy: r.autonomy as Row['autonomy'],
		equipment: JSON.parse(r.equipment) as string[],
		aidantsConnect: r.aidants_connect ? (JSON.parse(r.aidants_connect) as Row['aidantsConnect']) : null,
		orientations: JSON.parse(r.orientations) as string[],
		durationMinutes: r.duration_minutes,
		outcome: r.outcome,
		note: r.note,
		createdAt: r.created_at
	};
}
