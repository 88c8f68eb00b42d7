import { describePattern, type Pattern } from '$lib/planner';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import { listSites, listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const [sites, tours, patterns] = await Promise.all([
		listSites(ctx.db),
		listTours(ctx.db),
		ctx.db.selectFrom('site_patterns').selectAll().execute()
	]);
	const patternOf = new Map(
		patterns.map((r) => [
			r.site_id,
			describePattern({
				weekday: r.weekday as Pattern['weekday'],
				period: r.period as Pattern['period'],
				weeks: r.weeks === 'even' ? 'even' : 'odd'
			})
		])
	);
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
