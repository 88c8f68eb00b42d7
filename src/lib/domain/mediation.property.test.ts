import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greatCircleKm } from './geo';
import { nearestPlaces } from './mediation';

/** Places around Tarn-et-Garonne (and a few far away), some withdrawn. */
const placeArb = fc.record({
	name: fc.string({ minLength: 1, maxLength: 12 }),
	lat: fc.double({ min: 42, max: 46, noNaN: true }),
	lon: fc.double({ min: -1, max: 3, noNaN: true }),
	active: fc.boolean()
});
const pointArb = fc.record({
	lat: fc.double({ min: 43.7, max: 44.4, noNaN: true }),
	lon: fc.double({ min: 0.7, max: 2, noNaN: true })
});

describe('nearestPlaces (properties)', () => {
	it('is sorted, within the limit, at non-negative distances, active places only', () => {
		fc.assert(
			fc.property(
				fc.array(placeArb, { maxLength: 40 }),
				pointArb,
				fc.integer({ min: -2, max: 50 }),
				(places, from, limit) => {
					const found = nearestPlaces(places, from, limit);
					expect(found.length).toBeLessThanOrEqual(Math.max(0, limit));
					expect(found.length).toBe(Math.min(Math.max(0, limit), places.filter((p) => p.active).length));
					for (let i = 0; i < found.length; i++) {
						const f = found[i]!;
						expect(f.km).toBeGreaterThanOrEqual(0);
						expect(f.place.active).toBe(true);
						expect(f.km).toBeCloseTo(greatCircleKm(from, f.place), 9);
						if (i > 0) expect(f.km).toBeGreaterThanOrEqual(found[i - 1]!.km);
					}
				}
			)
		);
	});

	it('the first is really the nearest, and no active place left out is nearer than the last', () => {
		fc.assert(
			fc.property(
				fc.array(placeArb, { minLength: 1, maxLength: 40 }),
				pointArb,
				fc.integer({ min: 1, max: 10 }),
				(places, from, limit) => {
					const found = nearestPlaces(places, from, limit);
					const active = places.filter((p) => p.active);
					if (active.length === 0) {
						expect(found).toEqual([]);
						return;
					}
					const best = Math.min(...active.map((p) => greatCircleKm(from, p)));
					expect(found[0]!.km).toBe(best);
					const last = found[found.length - 1]!.km;
					const kept = new Set(found.map((f) => f.place));
					for (const p of active)
						if (!kept.has(p)) expect(greatCircleKm(from, p)).toBeGreaterThanOrEqual(last);
				}
			)
		);
	});
});
