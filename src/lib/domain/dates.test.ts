import { describe, expect, it } from 'vitest';
import {
	formatFrenchDate,
	formatFrenchDayMonthYear,
	formatFrenchMonth,
	parisDate,
	parisInstant,
	parisTime
} from './dates';

describe('dates', () => {
	it('gives the Paris civil date, not the UTC one', () => {
		expect(parisDate(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-24');
		expect(parisDate(new Date('2026-07-14T21:59:00Z'))).toBe('2026-07-14');
		expect(parisDate(new Date('2026-07-14T22:00:00Z'))).toBe('2026-07-15');
	});
	it('writes dates the French way', () => {
		expect(formatFrenchDate('2026-12-01')).toBe('mardi 1er décembre 2026');
		expect(formatFrenchDate('2026-11-23')).toBe('lundi 23 novembre 2026');
		expect(formatFrenchDayMonthYear('2027-01-31')).toBe('31 janvier 2027');
		expect(formatFrenchDayMonthYear('2027-03-01')).toBe('1er mars 2027');
		expect(formatFrenchMonth('2027-03')).toBe('mars 2027');
		expect(formatFrenchMonth('2026-12')).toBe('décembre 2026');
	});
	it('turns a Paris date and time into the right instant on both sides of the DST change', () => {
		// Summer time starts on 29 March 2026 at 02:00 (UTC+1 → UTC+2).
		expect(parisInstant('2026-03-28', '09:00').toISOString()).toBe('2026-03-28T08:00:00.000Z');
		expect(parisInstant('2026-03-30', '09:00').toISOString()).toBe('2026-03-30T07:00:00.000Z');
		expect(parisInstant('2026-10-26', '14:00').toISOString()).toBe('2026-10-26T13:00:00.000Z');
	});

	it('gives the Paris time of day, on both sides of the daylight-saving changes', () => {
		expect(parisTime(new Date('2027-03-28T00:59:00Z'))).toBe('01:59');
		expect(parisTime(new Date('2027-03-28T01:00:00Z'))).toBe('03:00');
		expect(parisTime(new Date('2027-10-31T00:30:00Z'))).toBe('02:30');
		expect(parisTime(new Date('2027-10-31T01:30:00Z'))).toBe('02:30');
		expect(parisTime(new Date('2027-10-31T14:10:00Z'))).toBe('15:10');
	});
});
