/**
 * Home visits: the three best half-days to visit someone who cannot travel, and the check the
 * server runs when a slot is picked. See the "Home visits" section of README.md.
 *
 * A tour's van makes one loop a day: depot → morning stops → afternoon stops → depot. A half-day
 * is either a permanence (the crew stays at the site during its hours) or up to
 * `maxVisitsPerHalfDay` home visits; a visit takes the whole crew (two advisers: nobody goes alone
 * into a home, and the van carries the equipment). Visits already booked keep their hours: a new
 * one goes into a gap of the day's chronological sequence, as early as the travel allows.
 */
import type { GeoPoint } from '$lib/domain/geo';
import { plural } from '$lib/domain/format';
import {
	DEFAULT_HOURS,
	formatTime,
	HALF_DAY_PERIODS,
	minutesOf,
	WEEKDAY_LABELS,
	type HalfDayPeriod,
	type Weekday
} from '$lib/domain/site';
import { addDaysIso, dayMonth, isoWeekday, PERIOD_LABELS } from './calendar';
import { greatCircleDetourModel, type DistanceModel } from './distance';
import { publicHolidayName } from './holidays';
import type { IsoDate, Permanence, PlannerSite } from './types';

export const DEFAULT_VISIT_MINUTES = 60;
export const DEFAULT_MAX_VISITS_PER_HALF_DAY = 2;
export const DEFAULT_VISIT_HORIZON_DAYS = 61;
export const DEFAULT_VISIT_SLOT_COUNT = 3;
/** Visit start times are rounded up to this many minutes ("10 h 25", not "10 h 23"). */
export const DEFAULT_VISIT_STEP_MINUTES = 5;
/** Monday to Saturday: no visit on Sundays (nor on public holidays). */
export const DEFAULT_VISIT_WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6];

/** When the person can be visited (both ends inclusive; no end = the horizon's). */
export interface VisitAvailability {
	from?: IsoDate | null;
	to?: IsoDate | null;
	weekdays: readonly Weekday[];
	periods: readonly HalfDayPeriod[];
}

/** An accepted home-visit request. */
export interface VisitRequest {
	id: string;
	/** The person's home. */
	point: GeoPoint;
	availability: VisitAvailability;
}

/** What the suggestion needs of a permanence; one of another tour (by `tourId`) is ignored. */
export type VisitPermanence = Pick<Permanence, 'id' | 'siteId' | 'date' | 'period' | 'start' | 'end'> & {
	tourId?: string;
};

/** A site's position (and its name, for explanations). */
export type VisitSite = Pick<PlannerSite, 'id' | 'point'> & { name?: string };

/** A home visit already in a tour's day ("HH:MM" hours). */
export interface ScheduledVisit {
	id: string;
	tourId: string;
	date: IsoDate;
	period: HalfDayPeriod;
	start: string;
	end: string;
	point: GeoPoint;
}

/** A half-day (or a whole day when `period` is null) the tour's crew cannot do visits. */
export interface BlockedHalfDay {
	date: IsoDate;
	period: HalfDayPeriod | null;
	/** French, shown in problems: "congés", "formation", "véhicule au garage"… */
	reason: string;
}

/** One tour's agenda and the visit rules: what both the suggestion and the check read. */
export interface VisitPlanningContext {
	tourId: string;
	/** The tour's dated permanences (others' are ignored when they carry a `tourId`). */
	permanences: readonly VisitPermanence[];
	/** Home visits already booked (other tours' are ignored). */
	visits: readonly ScheduledVisit[];
	/** At least the sites of `permanences`. */
	sites: readonly VisitSite[];
	/** Where the van leaves from and returns to each day (Hôtel du Département, Montauban). */
	depot: GeoPoint;
	/** Default 60. */
	visitMinutes?: number;
	/** Default 2. */
	maxVisitsPerHalfDay?: number;
	/** Half-days when visits may take place; default `DEFAULT_HOURS` (9–12 h, 14–17 h). */
	windows?: Record<HalfDayPeriod, { start: string; end: string }>;
	/** Days of the week the crew does visits; default Monday to Saturday. */
	workingWeekdays?: readonly Weekday[];
	/** Crew absences and other unavailabilities. */
	blocked?: readonly BlockedHalfDay[];
	/** Default 5. */
	stepMinutes?: number;
	/** Defaults to great-circle distance × 1.3 at 55 km/h, like the planner. */
	distance?: DistanceModel;
}

export interface SuggestVisitSlotsInput extends VisitPlanningContext {
	request: VisitRequest;
	/** First date allowed (today or tomorrow, passed in). */
	from: IsoDate;
	/** Days from `from`, inclusive of it; default 61 (two months). */
	horizonDays?: number;
	/** Default 3. */
	count?: number;
}

/** A proposed half-day, best first. */
export interface VisitSlot {
	tourId: string;
	date: IsoDate;
	period: HalfDayPeriod;
	start: string;
	end: string;
	/** Route km of the day with the visit − without it (same distance model). */
	detourKm: number;
	detourMinutes: number;
	/** « mardi 8 décembre, après-midi, 14 h – 15 h : la tournée est en permanence le matin à … » */
	explanation: string;
}

export type VisitSlotRule =
	| 'past'
	| 'weekday'
	| 'holiday'
	| 'blocked'
	| 'availability'
	| 'window'
	| 'permanence'
	| 'overlap'
	| 'capacity'
	| 'travel';

export interface VisitSlotProblem {
	rule: VisitSlotRule;
	message: string;
}

export interface CheckVisitSlotInput extends VisitPlanningContext {
	slot: { date: IsoDate; period: HalfDayPeriod; start: string; end: string; point: GeoPoint };
	/** The person's availability, when known. */
	availability?: VisitAvailability;
	/** First date allowed (today); earlier dates are refused. */
	from?: IsoDate;
	/** The visit being moved or confirmed again: not counted against itself among `visits`. */
	visitId?: string;
}

/** One stop of a tour's day, hours in minutes from midnight. */
interface Stop {
	kind: 'permanence' | 'visit';
	id: string;
	period: HalfDayPeriod;
	start: number;
	end: number;
	point: GeoPoint;
	/** « Mairie de Lavit » for a permanence. */
	siteName: string;
}

interface Resolved {
	tourId: string;
	depot: GeoPoint;
	distance: DistanceModel;
	visitMinutes: number;
	maxVisits: number;
	step: number;
	windows: Record<HalfDayPeriod, { start: number; end: number }>;
	working: ReadonlySet<number>;
	blocked: ReadonlyMap<string, string>;
	/** The tour's stops by date, in chronological order. */
	days: ReadonlyMap<IsoDate, Stop[]>;
}

const DEPOT_LABEL = "l'Hôtel du Département";

function compareStops(a: Stop, b: Stop): number {
	return a.start - b.start || a.end - b.end || a.id.localeCompare(b.id);
}

function toTime(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function hoursLabel(start: number, end: number): string {
	return `${formatTime(toTime(start))} – ${formatTime(toTime(end))}`;
}

function resolve(ctx: VisitPlanningContext, excludeVisitId?: string): Resolved {
	const siteById = new Map(ctx.sites.map((s) => [s.id, s]));
	const days = new Map<IsoDate, Stop[]>();
	const push = (date: IsoDate, stop: Stop) => {
		const list = days.get(date);
		if (list) list.push(stop);
		else days.set(date, [stop]);
	};
	for (const p of ctx.permanences) {
		if (p.tourId !== undefined && p.tourId !== ctx.tourId) continue;
		const site = siteById.get(p.siteId);
		if (!site) throw new Error(`Home visits: unknown site ${p.siteId} (permanence ${p.id})`);
		push(p.date, {
			kind: 'permanence',
			id: p.id,
			period: p.period,
			start: minutesOf(p.start),
			end: minutesOf(p.end),
			point: site.point,
			siteName: site.name ?? site.id
		});
	}
	for (const v of ctx.visits) {
		if (v.tourId !== ctx.tourId || v.id === excludeVisitId) continue;
		push(v.date, {
			kind: 'visit',
			id: v.id,
			period: v.period,
			start: minutesOf(v.start),
			end: minutesOf(v.end),
			point: v.point,
			siteName: ''
		});
	}
	for (const list of days.values()) list.sort(compareStops);
	const windows = ctx.windows ?? DEFAULT_HOURS;
	const blocked = new Map<string, string>();
	for (const b of ctx.blocked ?? []) {
		for (const period of b.period === null ? HALF_DAY_PERIODS : [b.period]) {
			const key = `${b.date}|${period}`;
			blocked.set(key, blocked.has(key) ? `${blocked.get(key)}, ${b.reason}` : b.reason);
		}
	}
	const visitMinutes = ctx.visitMinutes ?? DEFAULT_VISIT_MINUTES;
	const step = ctx.stepMinutes ?? DEFAULT_VISIT_STEP_MINUTES;
	for (const [name, value] of [
		['visitMinutes', visitMinutes],
		['stepMinutes', step]
	] as const) {
		if (!Number.isInteger(value) || value <= 0) {
			throw new RangeError(`Home visits: ${name} must be a positive whole number of minutes, not ${value}`);
		}
	}
	return {
		tourId: ctx.tourId,
		depot: ctx.depot,
		distance: ctx.distance ?? greatCircleDetourModel(),
		visitMinutes,
		maxVisits: ctx.maxVisitsPerHalfDay ?? DEFAULT_MAX_VISITS_PER_HALF_DAY,
		step,
		windows: {
			morning: { start: minutesOf(windows.morning.start), end: minutesOf(windows.morning.end) },
			afternoon: { start: minutesOf(windows.afternoon.start), end: minutesOf(windows.afternoon.end) }
		},
		working: new Set(ctx.workingWeekdays ?? DEFAULT_VISIT_WEEKDAYS),
		blocked,
		days
	};
}

interface Insertion {
	start: number;
	end: number;
	detourKm: number;
	detourMinutes: number;
}

/**
 * The cheapest way to add a visit at `point` to a day whose stops are `stops` (chronological),
 * in `period`'s window: for each gap of the sequence, the earliest start the travel from the
 * previous stop allows (the first stop of the day is reached from the depot before the window
 * opens), provided the visit ends in the window and the crew reaches the next stop in time.
 * Ties go to the earlier gap. Null when no gap fits.
 */
function bestInsertion(
	r: Resolved,
	stops: readonly Stop[],
	period: HalfDayPeriod,
	point: GeoPoint
): Insertion | null {
	const window = r.windows[period];
	const { distance, depot } = r;
	let best: Insertion | null = null;
	let endBefore = -Infinity;
	for (let i = 0; i <= stops.length; i++) {
		const prev = stops[i - 1];
		const next = stops[i];
		if (prev) endBefore = Math.max(endBefore, prev.end);
		// Gaps further on start after every stop so far has ended: none can fit once this one can't.
		const floor = Math.max(window.start, endBefore);
		if (Math.ceil(floor / r.step) * r.step + r.visitMinutes > window.end) break;
		const earliest = prev ? Math.max(floor, prev.end + distance.minutes(prev.point, point)) : floor;
		const start = Math.ceil(earliest / r.step) * r.step;
		const end = start + r.visitMinutes;
		if (end > window.end) continue;
		if (next && end + distance.minutes(point, next.point) > next.start) continue;
		let detourKm: number;
		let detourMinutes: number;
		if (stops.length === 0) {
			detourKm = distance.km(depot, point) + distance.km(point, depot);
			detourMinutes = distance.minutes(depot, point) + distance.minutes(point, depot);
		} else {
			const a = prev?.point ?? depot;
			const b = next?.point ?? depot;
			detourKm = distance.km(a, point) + distance.km(point, b) - distance.km(a, b);
			detourMinutes = distance.minutes(a, point) + distance.minutes(point, b) - distance.minutes(a, b);
		}
		if (!best || detourKm < best.detourKm) best = { start, end, detourKm, detourMinutes };
	}
	return best;
}

/** « mardi 8 décembre » */
function dateLabel(date: IsoDate): string {
	return `${WEEKDAY_LABELS[isoWeekday(date) as Weekday]} ${dayMonth(date)}`;
}

function formatKm(km: number): string {
	const rounded = km < 9.95 ? Math.round(km * 10) / 10 : Math.round(km);
	return String(rounded).replace('.', ',');
}

/** Why this half-day is cheap or not: what else the tour does that day. */
function dayContext(stops: readonly Stop[], period: HalfDayPeriod): string {
	const other: HalfDayPeriod = period === 'morning' ? 'afternoon' : 'morning';
	const whenOther = other === 'morning' ? 'le matin' : "l'après-midi";
	const whenSame = period === 'morning' ? 'ce matin-là' : 'cet après-midi-là';
	const parts: string[] = [];
	const permanences = stops.filter((s) => s.kind === 'permanence' && s.period === other);
	if (permanences.length > 0) {
		parts.push(
			`la tournée est en permanence ${whenOther} à ${permanences.map((p) => `« ${p.siteName} »`).join(' puis ')}`
		);
	}
	const visitsOther = stops.filter((s) => s.kind === 'visit' && s.period === other).length;
	if (visitsOther > 0) parts.push(`${plural(visitsOther, 'visite')} à domicile ${whenOther}`);
	const visitsSame = stops.filter((s) => s.kind === 'visit' && s.period === period).length;
	if (visitsSame > 0) {
		parts.push(
			`${visitsSame > 1 ? `${visitsSame} autres visites` : 'une autre visite'} à domicile ${whenSame}`
		);
	}
	// Stops of this half-day other than visits cannot exist (a permanence excludes visits).
	if (parts.length === 0) return `aucune autre étape ce jour-là, aller-retour depuis ${DEPOT_LABEL}`;
	if (parts.length === 1) return parts[0] as string;
	return `${parts.slice(0, -1).join(', ')} et ${parts[parts.length - 1]}`;
}

function explain(date: IsoDate, period: HalfDayPeriod, ins: Insertion, stops: readonly Stop[]): string {
	return (
		`${dateLabel(date)}, ${PERIOD_LABELS[period]}, ${hoursLabel(ins.start, ins.end)} : ` +
		`${dayContext(stops, period)} (détour : +${formatKm(ins.detourKm)} km, +${Math.round(ins.detourMinutes)} min)`
	);
}

const DAY_MS = 86_400_000;

/**
 * The civil days from `first` to `last` (inclusive) with their ISO weekday, by UTC arithmetic on
 * day numbers: exact in any time zone, and much cheaper than parsing and formatting each day.
 */
function* civilDays(first: IsoDate, last: IsoDate): Generator<{ date: IsoDate; weekday: number }> {
	const start = Date.UTC(
		Number(first.slice(0, 4)),
		Number(first.slice(5, 7)) - 1,
		Number(first.slice(8, 10))
	);
	for (let ms = start; ; ms += DAY_MS) {
		const day = new Date(ms);
		const date = day.toISOString().slice(0, 10);
		if (date > last) return;
		yield { date, weekday: day.getUTCDay() || 7 };
	}
}

/**
 * The best `count` half-days (distinct) to visit the person of `request`, within their
 * availability, from `from` over `horizonDays`: working days only (no Sunday, no public holiday,
 * no blocked half-day), half-days without a permanence of the tour and with fewer than
 * `maxVisitsPerHalfDay` visits, where the visit fits (see `bestInsertion`). Ranked by detour km
 * (the day's loop with the visit − without it), then date, morning first.
 */
export function suggestVisitSlots(input: SuggestVisitSlotsInput): VisitSlot[] {
	const count = input.count ?? DEFAULT_VISIT_SLOT_COUNT;
	const horizon = input.horizonDays ?? DEFAULT_VISIT_HORIZON_DAYS;
	if (count <= 0 || horizon <= 0) return [];
	const r = resolve(input);
	const { availability, point } = input.request;
	const horizonEnd = addDaysIso(input.from, horizon - 1);
	const first = availability.from && availability.from > input.from ? availability.from : input.from;
	const last = availability.to && availability.to < horizonEnd ? availability.to : horizonEnd;
	const weekdays = new Set<number>(availability.weekdays);
	const periods = HALF_DAY_PERIODS.filter((p) => availability.periods.includes(p));
	if (periods.length === 0 || weekdays.size === 0) return [];

	const candidates: { date: IsoDate; period: HalfDayPeriod; ins: Insertion; stops: readonly Stop[] }[] = [];
	for (const { date, weekday } of civilDays(first, last)) {
		if (weekday === 7 || !r.working.has(weekday) || !weekdays.has(weekday)) continue;
		if (publicHolidayName(date) !== null) continue;
		const stops = r.days.get(date) ?? [];
		for (const period of periods) {
			if (r.blocked.has(`${date}|${period}`)) continue;
			let visits = 0;
			let permanence = false;
			for (const s of stops) {
				if (s.period !== period) continue;
				if (s.kind === 'permanence') permanence = true;
				else visits++;
			}
			if (permanence || visits >= r.maxVisits) continue;
			const ins = bestInsertion(r, stops, period, point);
			if (ins) candidates.push({ date, period, ins, stops });
		}
	}
	candidates.sort(
		(a, b) =>
			a.ins.detourKm - b.ins.detourKm ||
			a.date.localeCompare(b.date) ||
			HALF_DAY_PERIODS.indexOf(a.period) - HALF_DAY_PERIODS.indexOf(b.period)
	);
	return candidates.slice(0, count).map(({ date, period, ins, stops }) => ({
		tourId: r.tourId,
		date,
		period,
		start: toTime(ins.start),
		end: toTime(ins.end),
		detourKm: ins.detourKm,
		detourMinutes: ins.detourMinutes,
		explanation: explain(date, period, ins, stops)
	}));
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Everything that forbids booking `slot` for the tour (French, one entry per broken rule), or
 * `[]`. Every slot `suggestVisitSlots` returns passes, given the same context; a slot booked
 * meanwhile by someone else (another device, offline) is reported as an overlap or capacity.
 */
export function checkVisitSlot(input: CheckVisitSlotInput): VisitSlotProblem[] {
	const { slot, availability } = input;
	const problems: VisitSlotProblem[] = [];
	const add = (rule: VisitSlotRule, message: string) => problems.push({ rule, message });
	const r = resolve(input, input.visitId);
	const weekday = isoWeekday(slot.date);
	const thisPeriod = slot.period === 'morning' ? 'ce matin' : 'cet après-midi';

	if (input.from && slot.date < input.from)
		add('past', `Date passée : le ${dayMonth(slot.date)} est avant le ${dayMonth(input.from)}.`);
	if (weekday === 7) add('weekday', 'Pas de visite à domicile le dimanche.');
	else if (!r.working.has(weekday)) {
		add('weekday', `Pas de visite à domicile le ${WEEKDAY_LABELS[weekday as Weekday]}.`);
	}
	const holiday = publicHolidayName(slot.date);
	if (holiday) add('holiday', `Jour férié : ${holiday}.`);
	const blocked = r.blocked.get(`${slot.date}|${slot.period}`);
	if (blocked !== undefined) add('blocked', `Équipe indisponible ${thisPeriod} : ${blocked}.`);

	if (availability) {
		if (availability.from && slot.date < availability.from) {
			add('availability', `La personne n'est disponible qu'à partir du ${dayMonth(availability.from)}.`);
		}
		if (availability.to && slot.date > availability.to) {
			add('availability', `La personne n'est disponible que jusqu'au ${dayMonth(availability.to)}.`);
		}
		if (weekday !== 7 && !availability.weekdays.includes(weekday as Weekday)) {
			add('availability', `La personne n'est pas disponible le ${WEEKDAY_LABELS[weekday as Weekday]}.`);
		}
		if (!availability.periods.includes(slot.period)) {
			const when = slot.period === 'morning' ? 'le matin' : "l'après-midi";
			add('availability', `La personne n'est pas disponible ${when}.`);
		}
	}

	if (!TIME.test(slot.start) || !TIME.test(slot.end)) {
		add('window', `Horaire invalide : « ${slot.start} » – « ${slot.end} ».`);
		return problems;
	}
	const start = minutesOf(slot.start);
	const end = minutesOf(slot.end);
	const window = r.windows[slot.period];
	if (end <= start) add('window', "L'heure de fin doit suivre l'heure de début.");
	else if (start < window.start || end > window.end) {
		add(
			'window',
			`Une visite ${slot.period === 'morning' ? 'du matin' : "de l'après-midi"} se tient entre ${hoursLabel(window.start, window.end)}.`
		);
	}

	const stops = r.days.get(slot.date) ?? [];
	const same = stops.filter((s) => s.period === slot.period);
	for (const p of same.filter((s) => s.kind === 'permanence')) {
		add(
			'permanence',
			`La tournée est en permanence à « ${p.siteName} » ${thisPeriod} (${hoursLabel(p.start, p.end)}) : pas de visite sur une demi-journée de permanence.`
		);
	}
	const overlapping = stops.filter((s) => s.start < end && start < s.end);
	for (const s of overlapping.filter((x) => x.kind === 'visit')) {
		add('overlap', `Chevauche une autre visite à domicile de la tournée (${hoursLabel(s.start, s.end)}).`);
	}
	for (const s of overlapping.filter((x) => x.kind === 'permanence' && x.period !== slot.period)) {
		add('overlap', `Chevauche la permanence à « ${s.siteName} » (${hoursLabel(s.start, s.end)}).`);
	}
	const visits = same.filter((s) => s.kind === 'visit').length;
	if (visits >= r.maxVisits) {
		add('capacity', `Déjà ${plural(visits, 'visite')} à domicile ${thisPeriod} (au plus ${r.maxVisits}).`);
	}

	// Travel: from the previous stop of the day and to the next one (chronological order).
	if (overlapping.length === 0 && end > start) {
		const me: Stop = {
			kind: 'visit',
			id: '',
			period: slot.period,
			start,
			end,
			point: slot.point,
			siteName: ''
		};
		const before = stops.filter((s) => compareStops(s, me) < 0);
		const prev = before[before.length - 1];
		const next = stops.find((s) => compareStops(s, me) >= 0);
		const what = (s: Stop) =>
			s.kind === 'permanence'
				? `la permanence à « ${s.siteName} »`
				: `la visite de ${hoursLabel(s.start, s.end)}`;
		if (prev) {
			const travel = r.distance.minutes(prev.point, slot.point);
			if (prev.end + travel > start) {
				add(
					'travel',
					`Trop juste après ${what(prev)} : ${Math.round(travel)} min de route, début possible à ${formatTime(toTime(Math.ceil((prev.end + travel) / r.step) * r.step))} au plus tôt.`
				);
			}
		}
		if (next) {
			const travel = r.distance.minutes(slot.point, next.point);
			if (end + travel > next.start) {
				add('travel', `Trop juste avant ${what(next)} : ${Math.round(travel)} min de route.`);
			}
		}
	}
	return problems;
}
