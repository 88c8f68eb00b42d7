import { error } from '@sveltejs/kit';
import { frenchMonth } from '$lib/domain/indicators';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import { Refusal } from '$lib/server/errors';
import { httpStatusOf } from '$lib/server/http/endpoints';
import { indicatorView } from '$lib/server/views/indicators-page';
import {
	computeIndicators,
	filterQuery,
	parseIndicatorFilter,
	type IndicatorFilter
} from '$lib/server/services/indicators';
import type { PageServerLoad } from './$types';
import { indicatorNames } from '$lib/server/views/indicator-names';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const today = ctx.today();
	let filter: IndicatorFilter;
	try {
		filter = await parseIndicatorFilter(ctx.db, event.url.searchParams, today);
	} catch (e) {
		if (e instanceof Refusal) error(httpStatusOf(e), e.message);
		throw e;
	}
	const [indicators, names] = await Promise.all([
		computeIndicators(ctx.db, filter, today),
		indicatorNames(ctx.db)
	]);
	const view = indicatorView(indicators, names);
	const tour = names.tours.find((t) => t.id === filter.tourId);
	const site = names.sites.find((s) => s.id === filter.siteId);
	const adviser = names.advisers.find((a) => a.id === filter.adviserId);
	return {
		filter,
		query: filterQuery(filter),
		today,
		period:
			filter.from === filter.to
				? frenchMonth(filter.from)
				: `de ${frenchMonth(filter.from)} à ${frenchMonth(filter.to)}`,
		scope: [
			tour ? `tournée ${tour.number} — ${tour.name}` : null,
			site ? `lieu : ${site.name}` : null,
			adviser ? `conseiller : ${adviser.name}` : null
		].filter((s): s is string => s !== null),
		options: {
			tours: names.tours.map((t) => ({ id: t.id, label: `Tournée ${t.number} — ${t.name}` })),
			sites: names.sites.map((s) => ({ id: s.id, label: `${s.name} (${s.communeName})` })),
			advisers: names.advisers.map((a) => ({ id: a.id, label: a.name }))
		},
		...view,
		homeVisitsFiltered: indicators.homeVisits.filtered
	};
};
