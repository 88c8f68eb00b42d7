import { stringify } from 'csv-stringify/sync';

/**
 * A CSV file for spreadsheets (csv-stringify): semicolon-separated with a BOM so that French
 * Excel opens it in UTF-8, and cells starting with = + - @ neutralised (`escape_formulas`) so a
 * name typed into the app can never run as a formula in the coordinator's spreadsheet.
 */
export function toCsv(
	header: readonly string[],
	rows: readonly (readonly (string | number | null)[])[]
): string {
	return (
		'\uFEFF' +
		stringify([header, ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))], {
			delimiter: ';',
			escape_formulas: true,
			record_delimiter: 'windows'
		})
	);
}

export function csvResponse(filename: string, body: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
}
