import type { GeoPoint } from '$lib/domain/geo';
import { usualCrew } from './booking';
import { daysInMonth, isoWeekday } from './calendar';
import { dayRouteKm } from './distance';
import { isPublicHoliday } from './holidays';
import type { IsoMonth, Permanence } from './types';
import type { World } from './world';

export interface PlanStats {
	/** Average kilometres per month, all tours. */
	kmPerMonth: number;
	kmByMonth: Record<IsoMonth, number>;
	/** Average kilometres per month of each tour. */
	kmByTour: Record<string, number>;
	sitesByTour: Record<string, number>;
	/** Average permanences (half-days) per month of each tour. */
	halfDaysByTour: Record<string, number>;
	/** Average weekday half-days per month (Monday–Friday, holidays excepted) a tour has no permanence: home visits, catch-up. */
	freeHalfDaysByTour: Record<string, number>;
	/** Permanences moved from their pattern date, and kept with a replacement adviser. */
	moved: number;
	replaced: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Each vehicle's day: depot → morning site → afternoon site → depot. */
export function kmOfPermanences(
	permanences: readonly Permanence[],
	world: World,
	depot: GeoPoint
): { total: number; byTour: Map<string, number>; byMonth: Map<IsoMonth, number> } {
	const days = new Map<string, Permanence[]>();
	for (const p of permanences) {
		const key = `${p.tourId}|${p.date}`;
		days.set(key, [...(days.get(key) ?? []), p]);
	}
	const byTour = new Map<string, number>();
	const byMonth = new Map<IsoMonth, number>();
	let total = 0;
	for (const list of days.values()) {
		const first = list[0];
		if (!first) continue;
		const ordered = [...list].sort((a, b) => (a.period === b.period ? 0 : a.period === 'morning' ? -1 : 1));
		const points = ordered.flatMap((p) => {
			const site = world.sites.get(p.siteId);
			return site ? [site.point] : [];
		});
		const km = dayRouteKm(depot, points, world.distance);
		total += km;
		byTour.set(first.tourId, (byTour.get(first.tourId) ?? 0) + km);
		const month = first.date.slice(0, 7);
		byMonth.set(month, (byMonth.get(month) ?? 0) + km);
	}
	return { total, byTour, byMonth };
}

export function planStats(
	world: World,
	permanences: readonly Permanence[],
	assignment: Readonly<Record<string, string>>,
	months: readonly IsoMonth[]
): PlanStats {
	const { total, byTour, byMonth } = kmOfPermanences(permanences, world, world.ctx.depot);
	const m = Math.max(1, months.length);
	const workingHalfDays =
		months.flatMap(daysInMonth).filter((d) => isoWeekday(d) <= 5 && !isPublicHoliday(d)).length * 2;
	const kmByTour: Record<string, number> = {};
	const sitesByTour: Record<string, number> = {};
	const halfDaysByTour: Record<string, number> = {};
	const freeHalfDaysByTour: Record<string, number> = {};
	for (const tour of [...world.tours.values()].sort((a, b) => a.number - b.number)) {
		const own = permanences.filter((p) => p.tourId === tour.id);
		const weekdayOnes = own.filter((p) => isoWeekday(p.date) <= 5).length;
		kmByTour[tour.id] = round1((byTour.get(tour.id) ?? 0) / m);
		sitesByTour[tour.id] = Object.values(assignment).filter((t) => t === tour.id).length;
		halfDaysByTour[tour.id] = round1(own.length / m);
		freeHalfDaysByTour[tour.id] = round1((workingHalfDays - weekdayOnes) / m);
	}
	const kmByMonth: Record<IsoMonth, number> = {};
	for (const month of months) kmByMonth[month] = round1(byMonth.get(month) ?? 0);
	return {
		kmPerMonth: round1(total / m),
		kmByMonth,
		kmByTour,
		sitesByTour,
		halfDaysByTour,
		freeHalfDaysByTour,
		moved: permanences.filter((p) => p.patternDate !== null).length,
		replaced: permanences.filter((p) => {
			const usual = usualCrew(world, p.tourId);
			return p.adviserIds.some((a) => !usual.includes(a));
		}).length
	};
}

/**
 * Each permanence's share of its vehicle's day: the day's loop (depot → morning site → afternoon
 * site → depot, as `kmOfPermanences` counts it) split equally between the permanences of that day,
 * so that shares add up by site, by adviser or by month to the kilometres actually driven.
 */
export function kmSharesOfPermanences(
	permanences: readonly Permanence[],
	world: World,
	depot: GeoPoint
): Map<string, number> {
	const days = new Map<string, Permanence[]>();
	for (const p of permanences) {
		const key = `${p.tourId}|${p.date}`;
		const list = days.get(key);
		if (list) list.push(p);
		else days.set(key, [p]);
	}
	const shares = new Map<string, number>();
	for (const list of days.values()) {
		const km = kmOfPermanences(list, world, depot).total;
		for (const p of list) shares.set(p.id, km / list.length);
	}
	return shares;
}
