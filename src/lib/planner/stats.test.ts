import { describe, expect, it } from 'vitest';
import { tarnEtGaronneInputs } from './fixtures';
import { planTours } from './plan';
import { kmOfPermanences, kmSharesOfPermanences } from './stats';
import { buildWorld } from './world';

describe('kilometres of the plan', () => {
	const inputs = tarnEtGaronneInputs();
	const world = buildWorld(inputs);
	const { permanences } = planTours({ ...inputs, from: '2026-03', months: 2, seed: 82 });

	it('shares each vehicle day between its permanences, adding up to the loops driven', () => {
		const shares = kmSharesOfPermanences(permanences, world, inputs.depot);
		expect(shares.size).toBe(permanences.length);
		const total = [...shares.values()].reduce((t, km) => t + km, 0);
		expect(total).toBeCloseTo(kmOfPermanences(permanences, world, inputs.depot).total, 6);
		// Two sites on one day: each carries half of that day's loop.
		const day = permanences.filter(
			(p) => p.tourId === permanences[0]?.tourId && p.date === permanences[0]?.date
		);
		const loop = kmOfPermanences(day, world, inputs.depot).total;
		for (const p of day) expect(shares.get(p.id)).toBeCloseTo(loop / day.length, 9);
	});
});
