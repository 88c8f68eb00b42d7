import type { DB } from '../db';
import type { SessionUser } from '../auth/session';
import { newId } from '../ids';
import { audit } from './audit';
import { inTransaction, nextVersion } from '../sync/versions';
import { listPermanences, toPermanence, type PermanenceRecord } from './permanences';

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
