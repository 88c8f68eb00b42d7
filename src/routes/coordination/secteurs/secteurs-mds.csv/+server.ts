import { csvResponse } from '$lib/server/csv';
import { endpoint } from '$lib/server/http/endpoints';
import { sectorTableCsv } from '$lib/server/services/mds-sectors';

/** The sector table as it stands, in the format of the import: to edit and import again. */
export const GET = endpoint(['coordinator'], async ({ ctx }) =>
	csvResponse('secteurs-mds.csv', await sectorTableCsv(ctx.db))
);
