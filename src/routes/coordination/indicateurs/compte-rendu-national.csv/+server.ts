import { csvResponse } from '$lib/server/csv';
import { endpoint } from '$lib/server/http/endpoints';
import { parseIndicatorFilter } from '$lib/server/services/indicators';
import { coopCsv, coopRecords } from '$lib/server/services/national-export';

/**
 * The activity records of the chosen filters as La Coop de la médiation numérique exports its
 * own (`lib/domain/national-export.ts`, `docs/national-export.md`), as CSV: the same columns and
 * rows as the XLSX, one row per participant, anonymous, without the free-text note.
 */
export const GET = endpoint(['coordinator'], async ({ ctx, event }) => {
	const filter = await parseIndicatorFilter(ctx.db, event.url.searchParams, ctx.today());
	return csvResponse(
		`compte-rendu-national-${filter.from}-${filter.to}.csv`,
		coopCsv(await coopRecords(ctx.db, filter))
	);
});
