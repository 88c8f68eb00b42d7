import { endpoint } from '$lib/server/http/endpoints';
import { parseIndicatorFilter } from '$lib/server/services/indicators';
import { coopRecords, coopWorkbook } from '$lib/server/services/national-export';

/**
 * The activity records of the chosen filters as La Coop de la médiation numérique exports its
 * own: an XLSX workbook, sheet « Activités », one row per participant (`docs/national-export.md`).
 */
export const GET = endpoint(['coordinator'], async ({ ctx, event }) => {
	const filter = await parseIndicatorFilter(ctx.db, event.url.searchParams, ctx.today());
	const workbook = await coopWorkbook(await coopRecords(ctx.db, filter));
	return new Response(new Uint8Array(workbook), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="compte-rendu-national-${filter.from}-${filter.to}.xlsx"`,
			'cache-control': 'private, no-store'
		}
	});
});
