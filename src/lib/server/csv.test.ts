import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

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
