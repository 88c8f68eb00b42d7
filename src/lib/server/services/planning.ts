import type { Selectable } from 'kysely';
import type { HalfDayPeriod } from '$lib/domain/site';
import type { DB } from '../db';
import type { AbsenceTable, PermanenceNoticeTable, PermanenceTable } from '../db/schema';
import type { SessionUser } from '../auth/session';
import { Refusal } from '../errors';
import { newId } from '../ids';
import { audit } from './audit';
import { inTransaction, nextVersion, tombstone } from '../sync/versions';

/**
 * The tours' calendar on the server. Each permanence has a working state (what the coordinator
 * plans, what advisers follow) and a public state (what citizens were told). "Publier" copies the
 * working state to the public one; every difference on an already published permanence becomes a
 * notice (moved or cancelled, with its reason), so a published date never changes silently.
 */

export type PermanenceStatus = 'planned' | 'cancelled';
export type PublicStatus = 'published' | 'cancelled';

export interface PublicState {
	status: PublicStatus;
	date: string;
	period: HalfDayPeriod;
	start: string;
	end: string;
}

export interface PermanenceRecord {
	id: string;
	siteId: string;
	tourId: string;
	date: string;
	period: HalfDayPeriod;
	start: string;
	end: string;
	adviserIds: string[];
	status: PermanenceStatus;
	changeReason: string | null;
	patternDate: string | null;
	explanations: string[];
	sequence: number;
	public: PublicState | null;
	publishedAt: string | null;
	updatedAt: string;
}

export function toPermanence(row: Selectable<PermanenceTable>): PermanenceRecord {
	return {
		id: row.id,
		siteId: row.site_id,
		tourId: row.tour_id,
		date: row.date,
		period: row.period as HalfDayPeriod,
		start: row.start_time,
		end: row.end_time,
		adviserIds: JSON.parse(row.adviser_ids) as string[],
		status: row.status as PermanenceStatus,
		changeReason: row.change_reason,
		patternDate: row.pattern_date,
		explanations: JSON.parse(row.explanations) as string[],
		sequence: row.sequence,
		public:
			row.public_status && row.public_date && row.public_period && row.public_start && row.public_end
				? {
						status: row.public_status as PublicStatus,
						date: row.public_date,
						period: row.public_period as HalfDayPeriod,
						start: row.public_start,
						end: row.public_end
					}
				: null,
		publishedAt: row.published_at,
		updatedAt: row.updated_at
	};
}

export interface PermanenceFilter {
	from?: string;
	to?: string;
	tourId?: string;
	siteId?: string;
	includeCancelled?: boolean;
}

export async function listPermanences(db: DB, filter: PermanenceFilter = {}): Promise<PermanenceRecord[]> {
	let q = db.selectFrom('permanences').selectAll();
	if (filter.from) q = q.where('date', '>=', filter.from);
	if (filter.to) q = q.where('date', '<=', filter.to);
	if (filter.tourId) q = q.where('tour_id', '=', filter.tourId);
	if (filter.siteId) q = q.where('site_id', '=', filter.siteId);
	if (!filter.includeCancelled) q = q.where('status', '=', 'planned');
	const rows = await q.orderBy('date').orderBy('period', 'desc').orderBy('tour_id').execute();
	return rows.map(toPermanence);
}

export async function getPermanence(db: DB, id: string): Promise<PermanenceRecord | null> {
	const row = await db.selectFrom('permanences').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toPermanence(row) : null;
}

/** A permanence as the planner produces it (working state only). */
export interface PlannedPermanence {
	id: string;
	siteId: string;
	tourId: string;
	date: string;
	period: HalfDayPeriod;
	start: string;
	end: string;
	adviserIds: readonly string[];
	patternDate: string | null;
	explanations: readonly string[];
}

function samePlace(a: PlannedPermanence, b: PermanenceRecord): boolean {
	return (
		a.siteId === b.siteId &&
		a.tourId === b.tourId &&
		a.date === b.date &&
		a.period === b.period &&
		a.start === b.start &&
		a.end === b.end &&
		JSON.stringify(a.adviserIds) === JSON.stringify(b.adviserIds) &&
		b.status === 'planned'
	);
}

/**
 * Writes a plan for the months it covers (`from` to `to`, ISO dates): new and changed permanences
 * are written to the working state; a permanence of that window the plan no longer has is deleted
 * if it was never published, and cancelled (with `reason`) if it was. Nothing is published here.
 */
export async function writePlan(
	db: DB,
	actor: SessionUser,
	plan: {
		from: string;
		to: string;
		permanences: readonly PlannedPermanence[];
		/** Why a published permanence is moved or dropped, by permanence id. */
		reasons?: Readonly<Record<string, string>>;
		patterns?: readonly { siteId: string; tourId: string; weekday: number; period: string; weeks: string }[];
	},
	now: Date
): Promise<{ written: number; deleted: number; cancelled: number }> {
	return inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		const at = now.toISOString();
		const existing = new Map(
			(await listPermanences(trx, { from: plan.from, to: plan.to, includeCancelled: true })).map((p) => [
				p.id,
				p
			])
		);
		let written = 0;
		for (const p of plan.permanences) {
			const before = existing.get(p.id) ?? (await getPermanence(trx, p.id));
			existing.delete(p.id);
			if (before && samePlace(p, before)) continue;
			const values = {
				site_id: p.siteId,
				tour_id: p.tourId,
				date: p.date,
				period: p.period,
				start_time: p.start,
				end_time: p.end,
				adviser_ids: JSON.stringify(p.adviserIds),
				status: 'planned',
				pattern_date: p.patternDate,
				explanations: JSON.stringify(p.explanations),
				updated_at: at,
				version
			};
			if (before) {
				await trx
					.updateTable('permanences')
					.set({
						...values,
						change_reason: before.public ? (plan.reasons?.[p.id] ?? before.changeReason) : null
					})
					.where('id', '=', p.id)
					.execute();
				if (before.tourId !== p.tourId && before.public) {
					await tombstone(trx, version, 'permanences', p.id, `tour:${before.tourId}`);
				}
			} else {
				await trx
					.insertInto('permanences')
					.values({ id: p.id, ...values, change_reason: null, created_at: at })
					.execute();
			}
			written++;
		}
		let deleted = 0;
		let cancelled = 0;
		for (const gone of existing.values()) {
			if (gone.status === 'cancelled') continue;
			if (!gone.public) {
				await trx.deleteFrom('permanences').where('id', '=', gone.id).execute();
				deleted++;
			} else {
				await trx
					.updateTable('permanences')
					.set({
						status: 'cancelled',
						change_reason: plan.reasons?.[gone.id] ?? 'Calendrier revu par la coordination',
						updated_at: at,
						version
					})
					.where('id', '=', gone.id)
					.execute();
				cancelled++;
			}
		}
		for (const pattern of plan.patterns ?? []) {
			await trx
				.insertInto('site_patterns')
				.values({
					site_id: pattern.siteId,
					tour_id: pattern.tourId,
					weekday: pattern.weekday,
					period: pattern.period,
					weeks: pattern.weeks,
					updated_at: at,
					version
				})
				.onConflict((oc) =>
					oc.column('site_id').doUpdateSet({
						tour_id: pattern.tourId,
						weekday: pattern.weekday,
						period: pattern.period,
						weeks: pattern.weeks,
						updated_at: at,
						version
					})
				)
				.execute();
		}
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'plan.write',
				objectType: 'plan',
				objectId: `${plan.from}..${plan.to}`,
				details: { written, deleted, cancelled }
			},
			now
		);
		return { written, deleted, cancelled };
	});
}

/** Moves one permanence in the working plan; the rules were checked by the caller (planner). */
export async function movePermanence(
	db: DB,
	actor: SessionUser,
	id: string,
	change: {
		date: string;
		period: HalfDayPeriod;
		start: string;
		end: string;
		adviserIds?: string[];
		reason: string;
	},
	now: Date
): Promise<PermanenceRecord> {
	return inTransaction(db, async (trx) => {
		const before = await getPermanence(trx, id);
		if (!before) throw new Refusal('notFound', 'Permanence introuvable.');
		const version = await nextVersion(trx);
		await trx
			.updateTable('permanences')
			.set({
				date: change.date,
				period: change.period,
				start_time: change.start,
				end_time: change.end,
				...(change.adviserIds ? { adviser_ids: JSON.stringify(change.adviserIds) } : {}),
				status: 'planned',
				change_reason: before.public ? change.reason : null,
				explanations: JSON.stringify([...before.explanations, change.reason]),
				updated_at: now.toISOString(),
				version
			})
			.where('id', '=', id)
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'permanence.move',
				objectType: 'permanence',
				objectId: id,
				details: { from: { date: before.date, period: before.period }, to: change }
			},
			now
		);
		const after = await getPermanence(trx, id);
		if (!after) throw new Refusal('notFound', 'Permanence introuvable.');
		return after;
	});
}

export async function cancelPermanence(
	db: DB,
	actor: SessionUser,
	id: string,
	reason: string,
	now: Date
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const before = await getPermanence(trx, id);
		if (!before) throw new Refusal('notFound', 'Permanence introuvable.');
		if (before.status === 'cancelled') return;
		const version = await nextVersion(trx);
		await trx
			.updateTable('permanences')
			.set({ status: 'cancelled', change_reason: reason, updated_at: now.toISOString(), version })
			.where('id', '=', id)
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'permanence.cancel',
				objectType: 'permanence',
				objectId: id,
				details: { reason }
			},
			now
		);
	});
}

/** What "Publier" would do: the dates that become public and the notices it records. */
export interface PublicationPreview {
	through: string;
	newDates: PermanenceRecord[];
	notices: PendingNotice[];
}

export interface PendingNotice {
	permanence: PermanenceRecord;
	kind: 'moved' | 'cancelled';
	reason: string;
}

function differsFromPublic(p: PermanenceRecord): 'moved' | 'cancelled' | null {
	if (!p.public) return null;
	if (p.status === 'cancelled') return p.public.status === 'cancelled' ? null : 'cancelled';
	if (p.public.status === 'cancelled') return 'moved';
	const same =
		p.public.date === p.date &&
		p.public.period === p.period &&
		p.public.start === p.start &&
		p.public.end === p.end;
	return same ? null : 'moved';
}

/**
 * Publishing up to `through` (inclusive): never-published permanences from `today` to that date
 * become public, and every published permanence whose working state changed gets a notice.
 */
export async function publicationPreview(
	db: DB,
	through: string,
	today: string
): Promise<PublicationPreview> {
	const all = await listPermanences(db, { from: today, includeCancelled: true });
	// A published permanence moved to a date before today still needs its notice.
	const changedEarlier = (
		await db.selectFrom('permanences').selectAll().where('public_date', '>=', today).execute()
	)
		.map(toPermanence)
		.filter((p) => p.date < today);
	const newDates = all.filter((p) => !p.public && p.status === 'planned' && p.date <= through);
	const notices: PendingNotice[] = [];
	for (const p of [...all, ...changedEarlier]) {
		const kind = differsFromPublic(p);
		if (kind)
			notices.push({ permanence: p, kind, reason: p.changeReason ?? 'Calendrier revu par la coordination' });
	}
	return { through, newDates, notices };
}

export async function publish(
	db: DB,
	actor: SessionUser,
	through: string,
	today: string,
	now: Date
): Promise<PublicationPreview> {
	return inTransaction(db, async (trx) => {
		const preview = await publicationPreview(trx, through, today);
		const version = await nextVersion(trx);
		const at = now.toISOString();
		for (const p of preview.newDates) {
			await trx
				.updateTable('permanences')
				.set({
					public_status: 'published',
					public_date: p.date,
					public_period: p.period,
					public_start: p.start,
					public_end: p.end,
					published_at: at,
					change_reason: null,
					updated_at: at,
					version
				})
				.where('id', '=', p.id)
				.execute();
		}
		for (const n of preview.notices) {
			const p = n.permanence;
			const old = p.public;
			if (!old) continue;
			await trx
				.insertInto('permanence_notices')
				.values({
					id: newId(),
					permanence_id: p.id,
					site_id: p.siteId,
					kind: n.kind,
					reason: n.reason,
					old_date: old.date,
					old_period: old.period,
					old_start: old.start,
					old_end: old.end,
					new_date: n.kind === 'moved' ? p.date : null,
					new_period: n.kind === 'moved' ? p.period : null,
					new_start: n.kind === 'moved' ? p.start : null,
					new_end: n.kind === 'moved' ? p.end : null,
					created_by: actor.id,
					created_at: at,
					version
				})
				.execute();
			await trx
				.updateTable('permanences')
				.set({
					public_status: n.kind === 'cancelled' ? 'cancelled' : 'published',
					public_date: p.date,
					public_period: p.period,
					public_start: p.start,
					public_end: p.end,
					sequence: p.sequence + 1,
					change_reason: null,
					updated_at: at,
					version
				})
				.where('id', '=', p.id)
				.execute();
		}
		const previous = await publishedThrough(trx);
		const value = previous && previous > through ? previous : through;
		await trx
			.insertInto('server_settings')
			.values({ key: 'planning.publishedThrough', value })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value }))
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'plan.publish',
				objectType: 'plan',
				objectId: through,
				details: { newDates: preview.newDates.length, notices: preview.notices.length }
			},
			now
		);
		return preview;
	});
}

export async function publishedThrough(db: DB): Promise<string | null> {
	const row = await db
		.selectFrom('server_settings')
		.select('value')
		.where('key', '=', 'planning.publishedThrough')
		.executeTakeFirst();
	return row?.value ?? null;
}

// ---- What the public sees -------------------------------------------------------------------

export interface PublicPermanence {
	id: string;
	siteId: string;
	tourId: string;
	status: PublicStatus;
	date: string;
	period: HalfDayPeriod;
	start: string;
	end: string;
	sequence: number;
	updatedAt: string;
}

export interface Notice {
	id: string;
	permanenceId: string;
	siteId: string;
	kind: 'moved' | 'cancelled';
	reason: string;
	old: { date: string; period: HalfDayPeriod; start: string; end: string };
	new: { date: string; period: HalfDayPeriod; start: string; end: string } | null;
	createdAt: string;
}

function toNotice(row: Selectable<PermanenceNoticeTable>): Notice {
	return {
		id: row.id,
		permanenceId: row.permanence_id,
		siteId: row.site_id,
		kind: row.kind as Notice['kind'],
		reason: row.reason,
		old: {
			date: row.old_date,
			period: row.old_period as HalfDayPeriod,
			start: row.old_start,
			end: row.old_end
		},
		new:
			row.new_date && row.new_period && row.new_start && row.new_end
				? {
						date: row.new_date,
						period: row.new_period as HalfDayPeriod,
						start: row.new_start,
						end: row.new_end
					}
				: null,
		createdAt: row.created_at
	};
}

/** Published permanences of some sites from `from` (cancelled ones included, flagged). */
export async function publicPermanences(
	db: DB,
	siteIds: readonly string[],
	from: string,
	to?: string
): Promise<PublicPermanence[]> {
	if (siteIds.length === 0) return [];
	let q = db
		.selectFrom('permanences')
		.selectAll()
		.where('site_id', 'in', siteIds)
		.where('public_status', 'is not', null)
		.where('public_date', '>=', from);
	if (to) q = q.where('public_date', '<=', to);
	const rows = await q.orderBy('public_date').orderBy('public_period', 'desc').execute();
	return rows.map((row) => ({
		id: row.id,
		siteId: row.site_id,
		tourId: row.tour_id,
		status: row.public_status as PublicStatus,
		date: row.public_date ?? row.date,
		period: (row.public_period ?? row.period) as HalfDayPeriod,
		start: row.public_start ?? row.start_time,
		end: row.public_end ?? row.end_time,
		sequence: row.sequence,
		updatedAt: row.updated_at
	}));
}

/** Notices about dates from `from` on (the old date or the new one), newest first. */
export async function noticesFor(db: DB, siteIds: readonly string[], from: string): Promise<Notice[]> {
	if (siteIds.length === 0) return [];
	const rows = await db
		.selectFrom('permanence_notices')
		.selectAll()
		.where('site_id', 'in', siteIds)
		.where((eb) => eb.or([eb('old_date', '>=', from), eb('new_date', '>=', from)]))
		.orderBy('old_date')
		.execute();
	return rows.map(toNotice);
}

// ---- Absences -------------------------------------------------------------------------------

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
