import type { Selectable } from 'kysely';
import type { CorrespondentInput, Level2CaseOpening, Level2CaseStep } from '$lib/contracts';
import { ACTIVITY_BACKDATE_DAYS } from '$lib/domain/activity';
import { addDaysIso, parisDate } from '$lib/domain/dates';
import { level2Refusal, nextLevel2State, type Level2State } from '$lib/domain/level2';
import type { EntityRowOf } from '$lib/contracts/synced';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Level2CaseTable, OperatorCorrespondentTable } from '../db/schema';
import { Refusal } from '../errors';
import { newId } from '../ids';
import { inTransaction, nextVersion } from '../sync/versions';
import { audit } from './audit';

/** An operator's correspondent, as devices and pages show them. */
export interface Correspondent {
	id: string;
	operatorId: string;
	name: string;
	title: string;
	email: string | null;
	phone: string | null;
	area: string;
	active: boolean;
}

export function toCorrespondent(r: Selectable<OperatorCorrespondentTable>): Correspondent {
	return {
		id: r.id,
		operatorId: r.operator_id,
		name: r.name,
		title: r.title,
		email: r.email,
		phone: r.phone,
		area: r.area,
		active: r.active === 1
	};
}

export async function listCorrespondents(db: DB): Promise<Correspondent[]> {
	const rows = await db
		.selectFrom('operator_correspondents')
		.selectAll()
		.orderBy('operator_id')
		.orderBy('name')
		.execute();
	return rows.map(toCorrespondent);
}

async function assertOperatorExists(db: DB, operatorId: string): Promise<void> {
	const op = await db.selectFrom('operators').select('id').where('id', '=', operatorId).executeTakeFirst();
	if (!op)
		throw new Refusal('unprocessable', 'Organisme inconnu.', [
			{ path: 'operatorId', message: 'Organisme inconnu.' }
		]);
}

function correspondentColumns(input: CorrespondentInput) {
	return {
		operator_id: input.operatorId,
		name: input.name,
		title: input.title,
		email: input.email,
		phone: input.phone,
		area: input.area,
		active: input.active ? 1 : 0
	};
}

/** The coordination adds a correspondent of an operator (their professional contact only). */
export async function createCorrespondent(
	db: DB,
	actor: SessionUser,
	input: CorrespondentInput,
	now: Date
): Promise<Correspondent> {
	await assertOperatorExists(db, input.operatorId);
	const id = crypto.randomUUID();
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.insertInto('operator_correspondents')
			.values({
				id,
				...correspondentColumns(input),
				created_at: now.toISOString(),
				updated_at: now.toISOString(),
				version
			})
			.execute();
		await audit(
			trx,
			{ actorUserId: actor.id, action: 'correspondent.create', objectType: 'correspondent', objectId: id },
			now
		);
	});
	return { id, ...input };
}

/** The coordination corrects a correspondent, or marks them as gone (kept for the cases that name them). */
export async function updateCorrespondent(
	db: DB,
	actor: SessionUser,
	id: string,
	input: CorrespondentInput,
	now: Date
): Promise<Correspondent> {
	await assertOperatorExists(db, input.operatorId);
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		const updated = await trx
			.updateTable('operator_correspondents')
			.set({ ...correspondentColumns(input), updated_at: now.toISOString(), version })
			.where('id', '=', id)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) throw new Refusal('notFound', 'Correspondant introuvable.');
		await audit(
			trx,
			{ actorUserId: actor.id, action: 'correspondent.update', objectType: 'correspondent', objectId: id },
			now
		);
	});
	return { id, ...input };
}

/** Per operator, the cases waiting for an answer and those past their due date: whom to chase. */
export async function waitingCasesByOperator(
	db: DB,
	today: string
): Promise<Map<string, { waiting: number; overdue: number }>> {
	const rows = await db
		.selectFrom('level2_cases')
		.select(['operator', 'due_on'])
		.where('state', 'in', ['transmitted', 'chased'])
		.execute();
	const byOperator = new Map<string, { waiting: number; overdue: number }>();
	for (const r of rows) {
		const entry = byOperator.get(r.operator) ?? { waiting: 0, overdue: 0 };
		entry.waiting++;
		if (r.due_on < today) entry.overdue++;
		byOperator.set(r.operator, entry);
	}
	return byOperator;
}

/** A date a device gave for a step of a case: not in the future, not before the handover's window. */
function checkDeviceDate(on: string, now: Date, what: string): void {
	const today = parisDate(now);
	if (on > addDaysIso(today, 1) || on < addDaysIso(today, -ACTIVITY_BACKDATE_DAYS))
		throw new Refusal(
			'unprocessable',
			`La date ${what} doit être comprise entre il y a ${ACTIVITY_BACKDATE_DAYS} jours et aujourd’hui.`
		);
}

/**
 * Opens the case of a level-2 record: the record must be the adviser's, level 2, and name its
 * operator; the correspondent, if named, must be one of that operator's, still active. The id
 * comes from the device: the same case sent twice is one case.
 */
export async function openLevel2Case(
	db: DB,
	user: SessionUser,
	input: Level2CaseOpening,
	now: Date
): Promise<'created' | 'already'> {
	if (user.role !== 'adviser')
		throw new Refusal('forbidden', 'Seuls les conseillers ouvrent des dossiers de niveau 2.');
	const byId = await db
		.selectFrom('level2_cases')
		.select(['adviser_id', 'activity_record_id'])
		.where('id', '=', input.caseId)
		.executeTakeFirst();
	if (byId) {
		if (byId.adviser_id === user.id && byId.activity_record_id === input.recordId) return 'already';
		throw new Refusal('conflict', 'Cet identifiant de dossier est déjà pris.');
	}
	const forRecord = await db
		.selectFrom('level2_cases')
		.select('id')
		.where('activity_record_id', '=', input.recordId)
		.executeTakeFirst();
	if (forRecord) throw new Refusal('conflict', 'Cette fiche a déjà un dossier de suivi.');

	const record = await db
		.selectFrom('activity_records')
		.select(['adviser_id', 'tour_id', 'level', 'operator'])
		.where('id', '=', input.recordId)
		.executeTakeFirst();
	if (!record || record.adviser_id !== user.id)
		throw new Refusal('unprocessable', 'La fiche de ce dossier n’existe pas ou n’est pas la vôtre.');
	if (record.level !== 2)
		throw new Refusal('unprocessable', 'Seule une fiche de niveau 2 ouvre un dossier de suivi.');
	if (!record.operator)
		throw new Refusal(
			'unprocessable',
			'Une fiche de niveau 2 nomme l’organisme à qui la demande est transmise.'
		);
	if (input.correspondentId) {
		const c = await db
			.selectFrom('operator_correspondents')
			.select(['operator_id', 'active'])
			.where('id', '=', input.correspondentId)
			.executeTakeFirst();
		if (!c || c.operator_id !== record.operator || c.active !== 1)
			throw new Refusal(
				'unprocessable',
				'Ce correspondant n’est pas (ou plus) celui de l’organisme de la fiche.'
			);
	}
	checkDeviceDate(input.transmittedOn, now, 'de transmission');
	if (input.dueOn > addDaysIso(input.transmittedOn, 366))
		throw new Refusal('unprocessable', 'L’échéance doit être dans l’année de la transmission.');

	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.insertInto('level2_cases')
			.values({
				id: input.caseId,
				activity_record_id: input.recordId,
				adviser_id: user.id,
				tour_id: record.tour_id,
				operator: record.operator as string,
				correspondent_id: input.correspondentId,
				subject: input.subject,
				contact: input.contact,
				state: 'transmitted',
				transmitted_on: input.transmittedOn,
				due_on: input.dueOn,
				created_at: now.toISOString(),
				updated_at: now.toISOString(),
				version
			})
			.execute();
		await audit(
			trx,
			{
				actorUserId: user.id,
				action: 'level2Case.open',
				objectType: 'level2Case',
				objectId: input.caseId,
				details: { recordId: input.recordId, withContact: input.contact !== null }
			},
			now
		);
	});
	return 'created';
}

/**
 * A step of a case, by its adviser: chased (new due date), answer received, closed. A step that
 * is already there (closed on another device) is accepted as is; one the state no longer allows
 * is refused with the reason. Closing erases the person's contact: it was kept only to call back.
 */
export async function stepLevel2Case(
	db: DB,
	user: SessionUser,
	step: Level2CaseStep,
	now: Date
): Promise<'applied' | 'already'> {
	const c = await db.selectFrom('level2_cases').selectAll().where('id', '=', step.caseId).executeTakeFirst();
	if (!c || c.adviser_id !== user.id)
		throw new Refusal('notFound', 'Ce dossier n’existe pas ou n’est pas le vôtre.');
	const state = c.state as Level2State;
	const next = nextLevel2State(state, step.action);
	if (!next) {
		if ((step.action === 'close' && state === 'closed') || (step.action === 'answer' && state === 'answered'))
			return 'already';
		throw new Refusal('conflict', level2Refusal(state, step.action));
	}
	checkDeviceDate(step.on, now, 'de l’étape');
	if (step.on < c.transmitted_on)
		throw new Refusal('unprocessable', 'Cette étape ne peut pas précéder la transmission du dossier.');
	const note = [c.note, step.note]
		.filter((n) => n.trim() !== '')
		.join(' — ')
		.slice(0, 700);
	const changes: Partial<Selectable<Level2CaseTable>> =
		step.action === 'chase'
			? { chase_count: c.chase_count + 1, last_chased_on: step.on, due_on: step.dueOn ?? c.due_on }
			: step.action === 'answer'
				? { answered_on: step.on, note }
				: {
						closed_on: step.on,
						note,
						contact: null,
						contact_erased_at: c.contact !== null ? now.toISOString() : c.contact_erased_at
					};
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.updateTable('level2_cases')
			.set({ ...changes, state: next, updated_at: now.toISOString(), version })
			.where('id', '=', c.id)
			.execute();
		await audit(
			trx,
			{
				actorUserId: user.id,
				action: `level2Case.${step.action}`,
				objectType: 'level2Case',
				objectId: c.id
			},
			now
		);
	});
	return 'applied';
}

/** Days an open case may stay untouched before the retention job erases the person's contact. */
export const STALE_CASE_DAYS = 365;

/**
 * The retention job's part for level-2 cases: a case nobody has touched for `days` keeps its
 * follow-up, but no longer the person's contact (closing a case erases it at once).
 */
export async function eraseStaleCaseContacts(db: DB, now: Date, days = STALE_CASE_DAYS): Promise<number> {
	const before = new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
	return inTransaction(db, async (trx) => {
		const stale = await trx
			.selectFrom('level2_cases')
			.select('id')
			.where('contact', 'is not', null)
			.where('updated_at', '<', before)
			.execute();
		if (stale.length === 0) return 0;
		const version = await nextVersion(trx);
		await trx
			.updateTable('level2_cases')
			.set({ contact: null, contact_erased_at: now.toISOString(), version })
			.where(
				'id',
				'in',
				stale.map((s) => s.id)
			)
			.execute();
		await audit(
			trx,
			{
				actorUserId: null,
				action: 'level2Case.eraseContacts',
				objectType: 'level2Case',
				objectId: newId(),
				details: { count: stale.length, untouchedDays: days }
			},
			now
		);
		return stale.length;
	});
}

/** A case as its adviser's devices hold it. */
export function level2CaseRow(c: Selectable<Level2CaseTable>): EntityRowOf<'level2Cases'> {
	return {
		id: c.id,
		recordId: c.activity_record_id,
		operator: c.operator,
		correspondentId: c.correspondent_id,
		subject: c.subject,
		contact: c.contact,
		state: c.state as EntityRowOf<'level2Cases'>['state'],
		transmittedOn: c.transmitted_on,
		dueOn: c.due_on,
		chaseCount: c.chase_count,
		lastChasedOn: c.last_chased_on,
		answeredOn: c.answered_on,
		closedOn: c.closed_on,
		note: c.note
	};
}
