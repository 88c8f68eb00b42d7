import { HOME_VISIT_STATUS_LABELS, isClosed } from '$lib/domain/home-visit';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import { listHomeVisitRows } from '$lib/server/services/home-visits';
import type { PageServerLoad } from './$types';

/** Every request, new ones first, then those under way; no identity in the list (opening one is logged). */
export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const rows = (await listHomeVisitRows(ctx.db, user)).map((r) => ({
		id: r.id,
		status: r.status,
		statusLabel: HOME_VISIT_STATUS_LABELS[r.status],
		commune: r.commune,
		tour: r.tour,
		from: r.from,
		subject: r.subject,
		slot: r.slot,
		createdAt: r.createdAt
	}));
	return {
		// New requests wait for the coordinator's decision: they come first, under « À traiter ».
		toHandle: rows.filter((r) => r.status === 'requested'),
		open: rows.filter((r) => r.status !== 'requested' && !isClosed(r.status)),
		closed: rows.filter((r) => isClosed(r.status)).slice(0, 50)
	};
};
