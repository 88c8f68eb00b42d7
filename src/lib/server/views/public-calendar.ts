import type { Selectable } from 'kysely';
import type { HalfDayPeriod } from '$lib/domain/site';
import type { DB } from '../db';
import type { PermanenceNoticeTable } from '../db/schema';
import type { PublicStatus } from '../services/permanences';

/** What citizens see of the calendar: published permanences and the notices of their changes. */

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
