import { describe, expect, it } from 'vitest';
import { clockFrom, clockOf } from './clock';
import { readConfig } from './config';

describe('the server clock', () => {
	it('starts at CLOCK_NOW and runs at the real pace from there', () => {
		let real = Date.parse('2026-12-07T10:00:00Z');
		const clock = clockFrom(new Date('2027-03-28T00:30:00+01:00'), () => new Date(real));
		expect(clock.now().toISOString()).toBe('2027-03-27T23:30:00.000Z');
		expect(clock.today()).toBe('2027-03-28');
		real += 2 * 60 * 60 * 1000;
		// Two hours later, across the change to summer time: 03:30 in Paris, the same day.
		expect(clock.now().toISOString()).toBe('2027-03-28T01:30:00.000Z');
		expect(clock.today()).toBe('2027-03-28');
	});

	it('gives the Paris date, not the UTC one', () => {
		expect(clockOf(() => new Date('2026-12-31T23:30:00Z')).today()).toBe('2027-01-01');
		expect(clockOf(() => new Date('2027-07-01T21:59:00Z')).today()).toBe('2027-07-01');
		expect(clockOf(() => new Date('2027-07-01T22:00:00Z')).today()).toBe('2027-07-02');
	});
});

describe('CLOCK_NOW in the configuration', () => {
	it('is read in demo mode and in tests', () => {
		expect(readConfig({ DEMO: 'true', CLOCK_NOW: '2027-03-30T09:00:00+02:00' }).clockNow?.toISOString()).toBe(
			'2027-03-30T07:00:00.000Z'
		);
		expect(readConfig({ NODE_ENV: 'test', CLOCK_NOW: '2028-02-29T10:00:00Z' }).clockNow?.toISOString()).toBe(
			'2028-02-29T10:00:00.000Z'
		);
		expect(readConfig({ DEMO: 'true' }).clockNow).toBeNull();
	});

	it('is refused outside a demo or a test, saying why', () => {
		expect(() => readConfig({ NODE_ENV: 'production', CLOCK_NOW: '2027-03-30T09:00:00+02:00' })).toThrow(
			/CLOCK_NOW.*DEMO=true.*NODE_ENV=test/
		);
		expect(() => readConfig({ CLOCK_NOW: '2027-03-30T09:00:00+02:00' })).toThrow(/en production/);
	});

	it('names a value that is not an instant with its offset', () => {
		for (const value of ['2027-03-30', '2027-03-30T09:00:00', 'demain', '2027-02-30T09:00:00Z'])
			expect(() => readConfig({ DEMO: 'true', CLOCK_NOW: value })).toThrow(`« ${value} »`);
	});
});
