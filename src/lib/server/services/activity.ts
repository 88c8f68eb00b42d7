import type { Selectable } from 'kysely';
import type { ActivityRecordInput } from '$lib/contracts';
import { ACTIVITY_BACKDATE_DAYS, ACTIVITY_LISTS_VERSION, OTHER_OPERATORS } from '$lib/domain/activity';
import { addDaysIso, parisDate } from '$lib/domain/dates';
import type { EntityRow } from '$lib/sync/protocol';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { ActivityRecordTable } from '../db/schema';
import { ApiError } from '../http';
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
	if (user.role !== 'adviser') throw new ApiError(403, 'Seuls les conseillers remplissent des fiches.');
	const existing = await db
		.selectFrom('activity_records')
		.select('adviser_id')
		.where('id', '=', id)
		.executeTakeFirst();
	if (existing) {
		if (existing.adviser_id === user.id) return 'already';
		throw new ApiError(409, 'Cet identifiant de fiche est déjà pris.');
	}

	const { date, siteId } = await resolveActivity(db, user, input, now);
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.insertInto('activity_records')
			.values({
				id,
				adviser_id: user.id,
				created_at: now.toISOString(),
				...columnsOf(user, input, date, siteId),
				version
			})
			.execute();
	});
	return 'created';
}

/**
 * Where and when a record took place, checked: the permanence or the visit it names must be the
 * adviser's tour's (their date and site win over the device's), the date within the last
 * ACTIVITY_BACKDATE_DAYS days, the operator and commune in the referential.
 */
async function resolveActivity(
	db: DB,
	user: SessionUser,
	input: ActivityRecordInput,
	now: Date
): Promise<{ date: string; siteId: string | null }> {
	let date = input.date;
	let siteId: string | null = null;
	if (input.permanenceId) {
		const p = await db
			.selectFrom('permanences')
			.select(['date', 'site_id', 'tour_id'])
			.where('id', '=', input.permanenceId)
			.executeTakeFirst();
		if (!p || p.tour_id !== user.tourId)
			throw new ApiError(422, 'Cette permanence n’est pas celle de votre tournée.');
		date = p.date;
		siteId = p.site_id;
	} else if (input.homeVisitId) {
		const v = await db
			.selectFrom('home_visit_requests')
			.select(['slot_date', 'tour_id'])
			.where('id', '=', input.homeVisitId)
			.executeTakeFirst();
		if (!v || v.tour_id !== user.tourId)
			throw new ApiError(422, 'Cette visite à domicile n’est pas celle de votre tournée.');
		date = v.slot_date ?? date;
	}
	const today = parisDate(now);
	if (date > addDaysIso(today, 1) || date < addDaysIso(today, -ACTIVITY_BACKDATE_DAYS)) {
		throw new ApiError(
			422,
			`La date de la fiche doit être comprise entre il y a ${ACTIVITY_BACKDATE_DAYS} jours et aujourd’hui.`
		);
	}
	if (input.operator && !(OTHER_OPERATORS as readonly string[]).includes(input.operator)) {
		const op = await db
			.selectFrom('operators')
			.select('id')
			.where('id', '=', input.operator)
			.executeTakeFirst();
		if (!op) throw new ApiError(422, 'Organisme inconnu.');
	}
	if (input.person.communeInsee) {
		const c = await db
			.selectFrom('communes')
			.select('insee')
			.where('insee', '=', input.person.communeInsee)
			.executeTakeFirst();
		if (!c) throw new ApiError(422, 'Commune inconnue.');
	}

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
		throw new ApiError(404, 'Cette fiche n’existe pas ou n’est pas la vôtre.');
	const { date, siteId } = await resolveActivity(db, user, input, now);
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.updateTable('activity_records')
			.set({ ...columnsOf(user, input, date, siteId), version })
			.where('id', '=', id)
			.execute();
	});
}

/** A record as its adviser's devices hold it (the same fields as the input, plus where and when). */
export function activityRow(r: Selectable<ActivityRecordTable>): EntityRow {
	return {
		id: r.id,
		date: r.date,
		place: r.place,
		permanenceId: r.permanence_id,
		homeVisitId: r.home_visit_id,
		siteId: r.site_id,
		format: r.format,
		workshop: r.workshop ? (JSON.parse(r.workshop) as unknown) : null,
		person: { ageBracket: r.age_bracket, communeInsee: r.person_commune_insee, status: r.person_status },
		adminThemes: JSON.parse(r.admin_themes) as unknown,
		digitalThemes: JSON.parse(r.digital_themes) as unknown,
		operator: r.operator,
		level: r.level,
		autonomy: r.autonomy,
		equipment: JSON.parse(r.equipment) as unknown,
		aidantsConnect: r.aidants_connect ? (JSON.parse(r.aidants_connect) as unknown) : null,
		orientations: JSON.parse(r.orientations) as unknown,
		durationMinutes: r.duration_minutes,
		outcome: r.outcome,
		note: r.note,
		createdAt: r.created_at
	};
}
