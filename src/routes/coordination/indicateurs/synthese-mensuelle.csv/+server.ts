import { monthsBetween } from '$lib/domain/indicators';
import { csvResponse, toCsv } from '$lib/server/csv';
import { endpoint } from '$lib/server/http/endpoints';
import { operatorSummaryCsv } from '$lib/server/views/indicators-page';
import { parseIndicatorFilter, requestsByOperatorAndMonth } from '$lib/server/services/indicators';
import { indicatorNames } from '$lib/server/views/indicator-names';

/** The France Services label's monthly summary: requests per operator, one row per month. */
export const GET = endpoint(['coordinator'], async ({ ctx, event }) => {
	const today = ctx.today();
	const filter = await parseIndicatorFilter(ctx.db, event.url.searchParams, today);
	const [byMonth, names] = await Promise.all([
		requestsByOperatorAndMonth(ctx.db, filter),
		indicatorNames(ctx.db)
	]);
	const { header, rows } = operatorSummaryCsv(monthsBetween(filter.from, filter.to), byMonth, names);
	return csvResponse(`synthese-mensuelle-organismes-${filter.from}-${filter.to}.csv`, toCsv(header, rows));
});
