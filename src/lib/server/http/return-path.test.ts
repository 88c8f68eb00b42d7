import { describe, expect, it } from 'vitest';
import { routedPath, safeReturnPath } from './return-path';

describe('the sign-in’s return path', () => {
	it('keeps a path of this origin, with its query', () => {
		expect(safeReturnPath('/coordination/calendrier?mois=2027-03')).toBe(
			'/coordination/calendrier?mois=2027-03'
		);
		expect(safeReturnPath('/aujourdhui')).toBe('/aujourdhui');
	});

	it('refuses whatever a browser could follow to another host', () => {
		for (const hostile of [
			'//evil.example',
			'/\\evil.example',
			'/\tevil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r\n//evil.example',
			'\\\\evil.example',
			'https://evil.example/',
			'evil.example',
			'javascript:alert(1)',
			'',
			null,
			undefined,
			`/${'a'.repeat(2000)}`
		])
			expect(safeReturnPath(hostile), JSON.stringify(hostile)).toBeNull();
		// Percent-encoded, a new line is only part of a local path.
		expect(safeReturnPath('/%0a/evil')).toBe('/%0a/evil');
	});

	it('reads the path as the router does', () => {
		expect(routedPath('/%61pi/me')).toBe('/api/me');
		expect(routedPath('/%63oordination/equipe')).toBe('/coordination/equipe');
		expect(routedPath('/%E0%A4%A')).toBeNull();
	});
});
