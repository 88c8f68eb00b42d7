import {
	describeOpeningSlots,
	effectiveStatus,
	SITE_KIND_LABELS,
	SITE_STATUS_LABELS
} from '$lib/domain/site';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import { listSites, listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const today = ctx.today();
	const [sites, tours] = await Promise.all([listSites(ctx.db), listTours(ctx.db)]);
	const tourById = new Map(tours.map((t) => [t.id, t]));
	return {
		sites: sites.map((s) => ({
			id: s.id,
			name: s.name,
			commune: s.communeName,
			kind: SITE_KIND_LABELS[s.kind],
			status: SITE_STATUS_LABELS[effectiveStatus(s.lifecycle, today)],
			addressToConfirm: s.addressToConfirm,
			// The room's availability: the coordinator's setting for the planner, never public text.
			availability: describeOpeningSlots(s.openingSlots),
			tour: s.tourId ? (tourById.get(s.tourId) ?? null) : null
		}))
	};
};
