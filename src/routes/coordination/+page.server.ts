import { effectiveStatus } from '$lib/domain/site';
import { app } from '$lib/server/app';
import { listAdvisers } from '$lib/server/services/accounts';
import { requirePageRole } from '$lib/server/http/guards';
import { listHomeVisitRows } from '$lib/server/services/home-visits';
import { listSites, listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const today = ctx.today();
	const [sites, tours, newRequests, advisers] = await Promise.all([
		listSites(ctx.db),
		listTours(ctx.db),
		listHomeVisitRows(ctx.db, user, { statuses: ['requested'] }),
		listAdvisers(ctx.db)
	]);
	return {
		user: { displayName: user.displayName },
		tours: tours.map((t) => ({
			...t,
			sites: sites.filter((s) => s.tourId === t.id && effectiveStatus(s.lifecycle, today) !== 'closed')
				.length,
			advisers: advisers.filter((a) => a.tourId === t.id).length
		})),
		unassigned: sites.filter((s) => !s.tourId).map((s) => ({ id: s.id, name: s.name })),
		toConfirm: sites.filter((s) => s.addressToConfirm).length,
		closing: sites
			.filter((s) => s.lifecycle.status === 'closing' || s.lifecycle.status === 'closed')
			.map((s) => ({
				id: s.id,
				name: s.name,
				status: effectiveStatus(s.lifecycle, today),
				closingOn: s.lifecycle.closingOn
			})),
		siteCount: sites.length,
		// New home-visit requests wait for a decision; oldest first, no identity (as in the list).
		newRequests: newRequests
			.map((r) => ({ id: r.id, createdAt: r.createdAt, commune: r.commune, from: r.from }))
			.reverse()
	};
};
