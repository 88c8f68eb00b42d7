import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, toCsv } from './csv';

describe('CSV export', () => {
	it('neutralises spreadsheet formulas and quotes separators', () => {
		const text = toCsv(
			['lieu', 'note'],
			[
				['=HYPERLINK("http://x")', 'a;b'],
				['+33 5 63', '@SUM(A1)']
			]
		);
		const lines = text.replace(/^\uFEFF/, '').split('\r\n');
		expect(lines[0]).toBe('lieu;note');
		expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"")";"a;b"`);
		expect(lines[2]).toBe(`'+33 5 63;'@SUM(A1)`);
		expect(text.startsWith('\uFEFF')).toBe(true);
	});
});

describe('CSV reading', () => {
	it('reads quoted cells, escapes, line breaks and a BOM, keeping the line where each record starts', () => {
		const text =
			'\uFEFFid;nom;note\r\n1;"Médiathèque ""Mémo""";simple\r\n\r\n2;"sur\ndeux lignes";x\n3; espaces ;"a;b"\n';
		const read = readCsv(text);
		expect(read).toEqual({
			ok: true,
			delimiter: ';',
			records: [
				{ line: 1, cells: ['id', 'nom', 'note'] },
				{ line: 2, cells: ['1', 'Médiathèque "Mémo"', 'simple'] },
				{ line: 4, cells: ['2', 'sur\ndeux lignes', 'x'] },
				{ line: 6, cells: ['3', 'espaces', 'a;b'] }
			]
		});
	});

	it('guesses the delimiter from the header line', () => {
		expect(readCsv('id,nom,"a;b"\n1,2,3')).toMatchObject({ ok: true, delimiter: ',' });
		expect(readCsv('id;nom\n1;2')).toMatchObject({ ok: true, delimiter: ';' });
		expect(readCsv('id\tnom\n1\t2')).toMatchObject({ ok: true, delimiter: '\t' });
	});

	it('names the line of a quote never closed', () => {
		expect(readCsv('id;nom\n1;"ouvert\n2;x\n')).toEqual({
			ok: false,
			reason: 'Guillemet ouvert ligne 2 et jamais refermé.'
		});
	});

	it('reads back what csv-stringify writes (property)', () => {
		const cell = fc
			.string({
				unit: fc.constantFrom('a', 'é', ' ', ';', ',', '"', '\n', '\r\n', 'x', '1', '’'),
				maxLength: 12
			})
			.map((s) => s.trim());
		fc.assert(
			fc.property(
				fc
					.integer({ min: 2, max: 5 })
					.chain((width) =>
						fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })
					),
				fc.constantFrom(';', ','),
				(rows, delimiter) => {
					const header = rows[0]!.map((_, i) => `c${i}`);
					const text = stringify([header, ...rows], { delimiter, bom: true });
					const read = readCsv(text);
					expect(read.ok && read.records.map((r) => r.cells)).toEqual([header, ...rows]);
				}
			)
		);
	});
});
