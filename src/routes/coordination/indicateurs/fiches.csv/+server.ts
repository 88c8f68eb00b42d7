import { csvResponse, toCsv } from '$lib/server/csv';
import { endpoint } from '$lib/server/http/endpoints';
import { RECORDS_CSV_HEADER, recordCsvRows } from '$lib/server/views/indicators-page';
import { exportedRecords, parseIndicatorFilter } from '$lib/server/services/indicators';
import { indicatorNames } from '$lib/server/views/indicator-names';

/** The activity records of the chosen filters, one row per record (the note is not exported). */
export const GET = endpoint(['coordinator'], async ({ ctx, event }) => {
	const today = ctx.today();
	const filter = await parseIndicatorFilter(ctx.db, event.url.searchParams, today);
	const [records, names] = await Promise.all([exportedRecords(ctx.db, filter), indicatorNames(ctx.db)]);
	return csvResponse(
		`fiches-accompagnement-${filter.from}-${filter.to}.csv`,
		toCsv(RECORDS_CSV_HEADER, recordCsvRows(records, names))
	);
});
