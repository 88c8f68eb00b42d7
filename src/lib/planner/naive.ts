import { monthsFrom } from './calendar';
import { encodeSlot, decodeSlot } from './patterns';
import { finishPlan, horizonBounds, servesDuring, DEFAULT_MONTHS, type PlanResult } from './plan';
import { openingSlotsOf } from './rules';
import type { IsoMonth, Pattern, PlannerContext } from './types';
import { buildWorld } from './world';

/**
 * The naive baseline of the benchmark: sites in list order dealt to the tours in turn
 * (round-robin), each taking its tour's first free slot (Monday 1st & 3rd morning, then
 * afternoon, then 2nd & 4th…). Same materialisation as the planner, so only the optimisation differs.
 */
export function naivePlan(input: PlannerContext & { from: IsoMonth; months?: number }): PlanResult {
	const world = buildWorld(input);
	const months = monthsFrom(input.from, input.months ?? DEFAULT_MONTHS);
	const { start, end } = horizonBounds(months);
	const tours = [...input.tours].sort((a, b) => a.number - b.number);
	const assignment: Record<string, string> = {};
	const taken = new Set<string>();
	const patterns: Pattern[] = [];
	input.sites
		.filter((s) => servesDuring(s, start, end))
		.forEach((site, k) => {
			const tour = tours[k % tours.length];
			if (!tour) return;
			assignment[site.id] = tour.id;
			const open = new Set(openingSlotsOf(site).map((o) => `${o.weekday}|${o.period}`));
			for (let slot = 0; slot < 24; slot++) {
				const { weekday, weeks, period } = decodeSlot(slot);
				if (!open.has(`${weekday}|${period}`) || taken.has(`${tour.id}|${slot}`)) continue;
				taken.add(`${tour.id}|${encodeSlot(weekday, weeks, period)}`);
				patterns.push({ siteId: site.id, tourId: tour.id, weekday, weeks, period });
				return;
			}
		});
	return finishPlan(world, assignment, patterns, months);
}
