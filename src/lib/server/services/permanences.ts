import type { Selectable } from 'kysely';
import type { HalfDayPeriod } from '$lib/domain/site';
import type { DB } from '../db';
import type { PermanenceTable } from '../db/schema';
import type { SessionUser } from '../auth/session';
import { Refusal } from '../errors';
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
