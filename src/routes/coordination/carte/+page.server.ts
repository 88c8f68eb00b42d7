import { app } from '$lib/server/app';
import { sitePatternLabels } from '$lib/server/services/plan-proposals';
import { requirePageRole } from '$lib/server/http/guards';
import { listSites, listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const [sites, tours, patternOf] = await Promise.all([
		listSites(ctx.db),
		listTours(ctx.db),
		sitePatternLabels(ctx.db)
	]);
	return {
		tours: tours.map((t) => ({ id: t.id, number: t.number, name: t.name, colour: t.colour })),
		sites: sites.map((s) => ({
			id: s.id,
			name: s.name,
			commune: s.communeName,
			lat: s.lat,
			lon: s.lon,
			tourId: s.tourId,
			status: s.lifecycle.status,
			depot: s.kind === 'departmentHeadquarters',
			pattern: patternOf.get(s.id) ?? null
		}))
	};
};
