import type { GeoPoint } from '$lib/domain/geo';
import type { AdviserKind } from '$lib/domain/roles';
import type { LocalRules } from '$lib/domain/local-rules';
import type { HalfDayPeriod, OpeningSlot, SiteStatus, Weekday } from '$lib/domain/site';
import type { DistanceModel } from './distance';

/** A civil date, `YYYY-MM-DD` (a Paris date; the planner never deals with instants). */
export type IsoDate = string;
/** A calendar month, `YYYY-MM`. */
export type IsoMonth = string;

/** A place where a tour holds permanences, as the planner sees it. */
export interface PlannerSite {
	id: string;
	name: string;
	point: GeoPoint;
	/** The tour the site belongs to; `null` lets the planner propose one. */
	tourId: string | null;
	/** Half-days the site can host a permanence; empty means the default hours, Monday to Friday. */
	openingSlots: readonly OpeningSlot[];
	status: SiteStatus;
	/** Last day of service (ISO) for `closing` and `closed` sites. */
	closingOn: string | null;
	/** First day of service (ISO) for a site opening during the horizon. */
	activeFrom?: string | null;
}

/** A tour, i.e. one vehicle and its crew. */
export interface PlannerTour {
	id: string;
	number: number;
	name: string;
}

export interface PlannerAdviser {
	id: string;
	name: string;
	kind: AdviserKind;
	/** The tour the adviser usually staffs. */
	tourId: string | null;
}

/** An adviser's absence, both ends inclusive; `period` restricts it to that half-day of each day. */
export interface Absence {
	id: string;
	adviserId: string;
	from: IsoDate;
	to: IsoDate;
	period: HalfDayPeriod | null;
	/** Shown to the coordinator in explanations: "congés", "formation", "maladie"… */
	reason: string;
}

/** `odd`: 1st and 3rd `weekday` of the month; `even`: 2nd and 4th. 5th weekdays stay free. */
export type WeekPair = 'odd' | 'even';

/** A recurring slot citizens can remember: "1er et 3e mardis du mois, matin". */
export interface Pattern {
	siteId: string;
	tourId: string;
	weekday: Weekday;
	period: HalfDayPeriod;
	weeks: WeekPair;
}

/** One dated half-day of service at a site, by a tour's vehicle and two advisers. */
export interface Permanence {
	/** `${siteId}:${YYYY-MM}:${n}`, n = 1 | 2 the occurrence in the month: stable across re-planning. */
	id: string;
	siteId: string;
	/** The tour whose vehicle goes there. */
	tourId: string;
	date: IsoDate;
	period: HalfDayPeriod;
	start: string;
	end: string;
	adviserIds: [string, string];
	/** The date the pattern gave, when the permanence was moved from it; `null` otherwise. */
	patternDate: IsoDate | null;
	/** Why it differs from the pattern (French, for the coordinator). */
	explanations: string[];
}

export type NoticeKind =
	/** The site opens or closes during the month. */
	| 'lifecycle'
	/** The site has no recurring slot (no free opening slot in its tour). */
	| 'noPattern'
	/** A permanence could be placed nowhere in the month. */
	| 'unplaced'
	/** A published permanence was cancelled by re-planning. */
	| 'cancelled';

/** Why a site gets fewer than 2 permanences in a month (French message). */
export interface PlanNotice {
	siteId: string;
	month: IsoMonth;
	kind: NoticeKind;
	message: string;
}

/** What every planning function needs to know about the world. */
export interface PlannerContext {
	sites: readonly PlannerSite[];
	tours: readonly PlannerTour[];
	advisers: readonly PlannerAdviser[];
	absences: readonly Absence[];
	/** Where every vehicle leaves from and returns to each day (Hôtel du Département, Montauban). */
	depot: GeoPoint;
	/** Defaults to great-circle distance × 1.3 at 55 km/h. */
	distance?: DistanceModel;
	/** The département's own rules (spacing, crew mix); defaults to `DEFAULT_LOCAL_RULES`. */
	rules?: Pick<LocalRules, 'minSpacingDays' | 'crewWithDigitalAdviser'>;
}

/**
 * A broken rule, in French, about one permanence (or a site's month when `permanenceId` is null).
 * A `rule` is binding (the move or plan is refused); a `warning` is shown and never refuses
 * (a crew without a conseiller numérique: the département's wish, not a rule of the service).
 */
export interface PlanIssue {
	permanenceId: string | null;
	siteId: string;
	severity: 'rule' | 'warning';
	rule:
		| 'vehicle'
		| 'adviser'
		| 'holiday'
		| 'spacing'
		| 'perMonth'
		| 'crew'
		| 'crewMix'
		| 'absence'
		| 'lifecycle'
		| 'openingSlot';
	message: string;
}
