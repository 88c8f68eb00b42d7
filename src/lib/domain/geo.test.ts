import { describe, expect, it } from 'vitest';
import { greatCircleKm, polygonCentroid } from './geo';

describe('geo', () => {
	it('measures Montauban – Paris at about 530 km', () => {
		const km = greatCircleKm({ lat: 44.0176, lon: 1.355 }, { lat: 48.8566, lon: 2.3522 });
		expect(km).toBeGreaterThan(530);
		expect(km).toBeLessThan(545);
	});
	it('is zero between a point and itself and symmetric', () => {
		const a = { lat: 44.1, lon: 1.2 };
		const b = { lat: 43.9, lon: 0.9 };
		expect(greatCircleKm(a, a)).toBe(0);
		expect(greatCircleKm(a, b)).toBeCloseTo(greatCircleKm(b, a), 10);
	});
	it('finds the centre of a square and weights multipolygons by area', () => {
		const square = [
			[
				[0, 0],
				[2, 0],
				[2, 2],
				[0, 2],
				[0, 0]
			]
		];
		expect(polygonCentroid([square])).toEqual({ lon: 1, lat: 1 });
		const small = [
			[
				[10, 0],
				[10.0001, 0],
				[10.0001, 0.0001],
				[10, 0.0001],
				[10, 0]
			]
		];
		const c = polygonCentroid([square, small]);
		expect(c.lon).toBeGreaterThan(1);
		expect(c.lon).toBeLessThan(1.001);
	});
});
