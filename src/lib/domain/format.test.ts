import { describe, expect, it } from 'vitest';
import { plural } from './format';

describe('plural', () => {
	it('keeps zero and one singular, as French does', () => {
		expect(plural(0, 'date publiée', 'dates publiées')).toBe('0 date publiée');
		expect(plural(1, 'jour')).toBe('1 jour');
		expect(plural(2, 'jour')).toBe('2 jours');
		expect(plural(3, 'lieu', 'lieux')).toBe('3 lieux');
	});
});
