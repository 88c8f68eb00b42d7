import { describe, expect, it } from 'vitest';
import { formatFrenchDate, parisDate } from './dates';

describe('dates', () => {
	it('gives the Paris civil date, not the UTC one', () => {
		expect(parisDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
		expect(parisDate(new Date('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
		expect(parisDate(new Date('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
	});
	it('writes dates the French way', () => {
		expect(formatFrenchDate('2026-12-01')).toBe('mardi 1er décembre 2026');
		expect(formatFrenchDate('2026-11-23')).toBe('lundi 23 novembre 2026');
	});
});
