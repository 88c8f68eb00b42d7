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

/** A record of a CSV file and the line of the file where it starts (1 = the first line). */
export interface CsvRecord {
	line: number;
	cells: string[];
}

export type CsvReading =
	{ ok: true; delimiter: ';' | ',' | '\t'; records: CsvRecord[] } | { ok: false; reason: string };

/**
 * The delimiter of a CSV file, guessed from its first line outside quotes: `;` (French
 * spreadsheets), `,` (the national schema's recommendation) or a tab.
 */
function guessDelimiter(text: string): ';' | ',' | '\t' {
	const counts = { ';': 0, ',': 0, '\t': 0 };
	let quoted = false;
	for (const ch of text) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
		else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
	}
	if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
	return counts[';'] >= counts[','] && counts[';'] > 0 ? ';' : ',';
}

/**
 * Reads CSV text (RFC 4180: quoted cells with `""` escapes and line breaks, CRLF, LF or CR
 * line ends; a leading BOM is dropped; blank lines are skipped). Each record keeps the line
 * where it starts, so that a report can name the line the person sees in a text editor.
 */
export function readCsv(input: string): CsvReading {
	const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
	const delimiter = guessDelimiter(text);
	const records: CsvRecord[] = [];
	let line = 1;
	let cells: string[] = [];
	let cell = '';
	let quoted = false;
	let wasQuoted = false;
	let recordLine = 1;
	let quoteLine = 1;
	const endCell = () => {
		cells.push(wasQuoted ? cell : cell.trim());
		cell = '';
		wasQuoted = false;
	};
	const endRecord = () => {
		endCell();
		if (cells.length > 1 || cells[0] !== '') records.push({ line: recordLine, cells });
		cells = [];
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else {
				if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
				cell += ch;
			}
		} else if (ch === '"' && cell.trim() === '' && !wasQuoted) {
			quoted = true;
			wasQuoted = true;
			cell = '';
			quoteLine = line;
		} else if (ch === delimiter) {
			endCell();
		} else if (wasQuoted && (ch === ' ' || ch === '\t')) {
			// Spaces between a closing quote and the delimiter are not part of the cell.
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			endRecord();
			line++;
			recordLine = line;
		} else {
			cell += ch;
		}
	}
	if (quoted) return { ok: false, reason: `Guillemet ouvert ligne ${quoteLine} et jamais refermé.` };
	endRecord();
	return { ok: true, delimiter, records };
}
