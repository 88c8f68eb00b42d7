import type { Selectable } from 'kysely';
import type { HalfDayPeriod } from '$lib/domain/site';
import type { DB } from '../db';
import type { AbsenceTable } from '../db/schema';
import type { SessionUser } from '../auth/session';
import { Refusal } from '../errors';
import { newId } from '../ids';
import { audit } from './audit';
import { inTransaction, nextVersion } from '../sync/versions';

/** Advisers' absences: the planner does not put an absent adviser on a permanence. */

export interface AbsenceRecord {
	id: string;
	userId: string;
	from: string;
	to: string;
	period: HalfDayPeriod | null;
	reason: string;
	createdAt: string;
}

function toAbsence(row: Selectable<AbsenceTable>): AbsenceRecord {
	return {
		id: row.id,
		userId: row.user_id,
		from: row.from_date,
		to: row.to_date,
		period: row.period as HalfDayPeriod | null,
		reason: row.reason,
		createdAt: row.created_at
	};
}

export async function listAbsences(
	db: DB,
	filter: { from?: string; userId?: string } = {}
): Promise<AbsenceRecord[]> {
	let q = db.selectFrom('absences').selectAll();
	if (filter.from) q = q.where('to_date', '>=', filter.from);
	if (filter.userId) q = q.where('user_id', '=', filter.userId);
	return (await q.orderBy('from_date').execute()).map(toAbsence);
}

export async function createAbsence(
	db: DB,
	actor: SessionUser,
	input: { userId: string; from: string; to: string; period: HalfDayPeriod | null; reason: string },
	now: Date
): Promise<AbsenceRecord> {
	const adviser = await db
		.selectFrom('users')
		.select(['id', 'role', 'active'])
		.where('id', '=', input.userId)
		.executeTakeFirst();
	if (!adviser || adviser.role !== 'adviser' || adviser.active !== 1) {
		throw new Refusal('unprocessable', 'Ce conseiller n’existe pas ou n’est plus actif.', [
			{ path: 'userId', message: 'conseiller inconnu' }
		]);
	}
	if (input.to < input.from) {
		throw new Refusal('unprocessable', 'La fin de l’absence précède son début.', [
			{ path: 'to', message: 'doit être le même jour ou après le début' }
		]);
	}
	const id = newId();
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.insertInto('absences')
			.values({
				id,
				user_id: input.userId,
				from_date: input.from,
				to_date: input.to,
				period: input.period,
				reason: input.reason,
				created_by: actor.id,
				created_at: now.toISOString(),
				updated_at: now.toISOString(),
				version
			})
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'absence.create',
				objectType: 'absence',
				objectId: id,
				details: input
			},
			now
		);
	});
	const row = await db.selectFrom('absences').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
	return toAbsence(row);
}

export async function deleteAbsence(db: DB, actor: SessionUser, id: string, now: Date): Promise<void> {
	await inTransaction(db, async (trx) => {
		const deleted = await trx.deleteFrom('absences').where('id', '=', id).executeTakeFirst();
		if (Number(deleted.numDeletedRows) === 0) throw new Refusal('notFound', 'Absence introuvable.');
		await audit(
			trx,
			{ actorUserId: actor.id, action: 'absence.delete', objectType: 'absence', objectId: id },
			now
		);
	});
}
