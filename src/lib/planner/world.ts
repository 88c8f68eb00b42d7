import { withDefaults, type LocalRules } from '$lib/domain/local-rules';
import { DEFAULT_HOURS, type HalfDayPeriod } from '$lib/domain/site';
import { greatCircleDetourModel, type DistanceModel } from './distance';
import { AbsenceIndex, openingSlotOn } from './rules';
import type { IsoDate, Permanence, PlannerAdviser, PlannerContext, PlannerSite, PlannerTour } from './types';

/** The planning inputs, indexed once. */
export interface World {
	ctx: PlannerContext;
	distance: DistanceModel;
	sites: Map<string, PlannerSite>;
	tours: Map<string, PlannerTour>;
	advisers: Map<string, PlannerAdviser>;
	/** Advisers in a stable order: by tour number, then id. */
	adviserOrder: PlannerAdviser[];
	absences: AbsenceIndex;
	/** The département's rules that apply to planning, defaults filled in. */
	rules: Pick<LocalRules, 'minSpacingDays' | 'crewWithDigitalAdviser'>;
}

export function buildWorld(ctx: PlannerContext): World {
	const tours = new Map(ctx.tours.map((t) => [t.id, t]));
	const tourRank = (id: string | null) => (id ? (tours.get(id)?.number ?? 1e9) : 1e9);
	return {
		ctx,
		distance: ctx.distance ?? greatCircleDetourModel(),
		sites: new Map(ctx.sites.map((s) => [s.id, s])),
		tours,
		advisers: new Map(ctx.advisers.map((a) => [a.id, a])),
		adviserOrder: [...ctx.advisers].sort(
			(a, b) => tourRank(a.tourId) - tourRank(b.tourId) || a.id.localeCompare(b.id)
		),
		absences: new AbsenceIndex(ctx.absences),
		rules: withDefaults(ctx.rules)
	};
}

export function tourLabelOf(world: World, tourId: string): string {
	const tour = world.tours.get(tourId);
	return tour ? `tournée ${tour.number}` : `tournée ${tourId}`;
}

export function siteName(world: World, siteId: string): string {
	return world.sites.get(siteId)?.name ?? siteId;
}

export function adviserName(world: World, adviserId: string): string {
	return world.advisers.get(adviserId)?.name ?? adviserId;
}

/** Builds a permanence with the hours of the site's opening slot for that half-day. */
export function makePermanence(
	site: PlannerSite,
	fields: Omit<Permanence, 'siteId' | 'start' | 'end'> & { period: HalfDayPeriod; date: IsoDate }
): Permanence {
	const slot = openingSlotOn(site, fields.date, fields.period) ?? DEFAULT_HOURS[fields.period];
	return {
		id: fields.id,
		siteId: site.id,
		tourId: fields.tourId,
		date: fields.date,
		period: fields.period,
		start: slot.start,
		end: slot.end,
		adviserIds: fields.adviserIds,
		patternDate: fields.patternDate,
		explanations: fields.explanations
	};
}

/** Orders permanences by date, half-day, site: the order every list is returned in. */
export function comparePermanences(a: Permanence, b: Permanence): number {
	return (
		a.date.localeCompare(b.date) ||
		(a.period === b.period ? 0 : a.period === 'morning' ? -1 : 1) ||
		a.siteId.localeCompare(b.siteId) ||
		a.id.localeCompare(b.id)
	);
}
