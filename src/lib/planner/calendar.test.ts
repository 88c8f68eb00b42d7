import { describe, expect, it } from 'vitest';
import { daysBetween, dayMonth, monthsFrom, nthWeekdayOfMonth, patternDates, shortDate } from './calendar';
import { describePattern } from './describe';
import { dayRouteKm, greatCircleDetourModel } from './distance';
import { greatCircleKm } from '$lib/domain/geo';

describe('calendar', () => {
	it('finds the n-th weekday of a month', () => {
		// March 2026 starts on a Sunday.
		expect(nthWeekdayOfMonth('2026-03', 1, 1)).toBe('2026-03-02');
		expect(nthWeekdayOfMonth('2026-03', 2, 3)).toBe('2026-03-17');
		expect(nthWeekdayOfMonth('2026-11', 3, 2)).toBe('2026-11-11');
		expect(nthWeekdayOfMonth('2026-02', 6, 4)).toBe('2026-02-28');
	});

	it('puts the two dates of a pattern 14 days apart, never on a 5th weekday', () => {
		for (const month of monthsFrom('2026-01', 24)) {
			for (const weekday of [1, 2, 3, 4, 5, 6] as const) {
				for (const weeks of ['odd', 'even'] as const) {
					const [a, b] = patternDates(month, weekday, weeks);
					expect(daysBetween(a, b)).toBe(14);
					expect(Number(b.slice(8))).toBeLessThanOrEqual(28);
				}
			}
		}
	});

	it('crosses years and formats dates in French', () => {
		expect(monthsFrom('2026-11', 3)).toEqual(['2026-11', '2026-12', '2027-01']);
		expect(shortDate('2026-11-11')).toBe('11/11');
		expect(dayMonth('2026-03-03')).toBe('3 mars');
		expect(dayMonth('2026-05-01')).toBe('1er mai');
	});

	it('describes a pattern as citizens say it', () => {
		expect(describePattern({ weekday: 2, weeks: 'odd', period: 'morning' })).toBe(
			'1er et 3e mardis du mois, matin'
		);
		expect(describePattern({ weekday: 4, weeks: 'even', period: 'afternoon' })).toBe(
			'2e et 4e jeudis du mois, après-midi'
		);
	});
});

describe('distance model', () => {
	const montauban = { lat: 44.0222, lon: 1.3526 };
	const caylus = { lat: 44.2363, lon: 1.7718 };
	it('is the great-circle distance times the detour factor, at the average speed', () => {
		const model = greatCircleDetourModel();
		const crow = greatCircleKm(montauban, caylus);
		expect(model.km(montauban, caylus)).toBeCloseTo(crow * 1.3, 6);
		expect(model.minutes(montauban, caylus)).toBeCloseTo(((crow * 1.3) / 55) * 60, 6);
		expect(greatCircleDetourModel({ detourFactor: 1 }).km(montauban, caylus)).toBeCloseTo(crow, 6);
	});

	it('measures a day as a loop from the depot', () => {
		const model = greatCircleDetourModel();
		expect(dayRouteKm(montauban, [], model)).toBe(0);
		expect(dayRouteKm(montauban, [caylus], model)).toBeCloseTo(2 * model.km(montauban, caylus), 6);
	});
});
