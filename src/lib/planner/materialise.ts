import type { HalfDayPeriod } from '$lib/domain/site';
import { Booking, chooseCrew, findMove, moveExplanation, usualCrew } from './booking';
import { daysInMonth, monthLabel, monthsFrom, patternDates, shortDate } from './calendar';
import { publicHolidayName } from './holidays';
import { lifecycleProblem, siteServes } from './rules';
import type {
	IsoDate,
	IsoMonth,
	NoticeKind,
	Pattern,
	Permanence,
	PlanNotice,
	PlannerContext,
	PlannerSite
} from './types';
import { buildWorld, comparePermanences, makePermanence, tourLabelOf, type World } from './world';

/** Why a site-month lacks a permanence; turned into a notice when it gets fewer than 2. */
export interface ShortfallReason {
	kind: NoticeKind;
	text: string;
}

export type Shortfalls = Map<string, ShortfallReason[]>;

export function shortfallKey(siteId: string, month: IsoMonth): string {
	return `${siteId}|${month}`;
}

export function addShortfall(shortfalls: Shortfalls, siteId: string, month: IsoMonth, r: ShortfallReason) {
	const key = shortfallKey(siteId, month);
	shortfalls.set(key, [...(shortfalls.get(key) ?? []), r]);
}

interface Pending {
	id: string;
	site: PlannerSite;
	pattern: Pattern;
	month: IsoMonth;
	date: IsoDate;
	period: HalfDayPeriod;
	/** Why it must leave its pattern date, once known. */
	moveReason?: string;
}

export interface MaterialiseOptions {
	/** Already booked permanences (re-planning: the published ones that stay). */
	booking?: Booking;
	/** Ids not to generate (already published, even if cancelled since). */
	skip?: ReadonlySet<string>;
	/** No permanence before this date (re-planning never fills the past). */
	notBefore?: IsoDate;
}

/**
 * Turns patterns into dated permanences, month by month, in three passes so that a published
 * date is kept whenever possible:
 *  1. every pattern date that is a working day in the site's life cycle, with the tour's usual
 *     crew when both are available;
 *  2. the remaining ones keep their date with a replacement adviser, free that half-day;
 *  3. the rest (holiday, no crew) move to the nearest valid half-day of the month (see findMove),
 *     else they are dropped and the site-month gets a notice.
 * Ids are `${siteId}:${YYYY-MM}:${n}`, n the occurrence in the month, so re-planning matches them.
 */
export function materialise(
	world: World,
	patterns: readonly Pattern[],
	months: readonly IsoMonth[],
	options: MaterialiseOptions = {}
): { added: Permanence[]; booking: Booking; shortfalls: Shortfalls } {
	const booking = options.booking ?? new Booking();
	const shortfalls: Shortfalls = new Map();
	const added: Permanence[] = [];
	const pending: Pending[] = [];
	const sortedPatterns = [...patterns].sort((a, b) => a.siteId.localeCompare(b.siteId));
	for (const month of months) {
		for (const pattern of sortedPatterns) {
			const site = world.sites.get(pattern.siteId);
			if (!site) continue;
			const dates = patternDates(month, pattern.weekday, pattern.weeks);
			dates.forEach((date, i) => {
				const id = `${site.id}:${month}:${i + 1}`;
				if (options.skip?.has(id)) return;
				if (options.notBefore && date < options.notBefore) {
					addShortfall(shortfalls, site.id, month, {
						kind: 'unplaced',
						text: `date du ${shortDate(date)} déjà passée`
					});
					return;
				}
				const lifecycle = lifecycleProblem(site, date);
				if (lifecycle) {
					addShortfall(shortfalls, site.id, month, { kind: 'lifecycle', text: lifecycle });
					return;
				}
				pending.push({ id, site, pattern, month, date, period: pattern.period });
			});
		}
	}
	const order = (a: Pending, b: Pending) =>
		a.date.localeCompare(b.date) ||
		(a.period === b.period ? 0 : a.period === 'morning' ? -1 : 1) ||
		a.id.localeCompare(b.id);
	pending.sort(order);

	const place = (p: Pending, date: IsoDate, period: HalfDayPeriod, crew: [string, string], why: string[]) => {
		const permanence = makePermanence(p.site, {
			id: p.id,
			tourId: p.pattern.tourId,
			date,
			period,
			adviserIds: crew,
			patternDate: date === p.date && period === p.period ? null : p.date,
			explanations: why
		});
		booking.add(permanence);
		added.push(permanence);
	};

	// Pass 1: pattern dates with the usual crew.
	const needCrew: Pending[] = [];
	const toMove: Pending[] = [];
	for (const p of pending) {
		const holiday = publicHolidayName(p.date);
		if (holiday) {
			toMove.push({ ...p, moveReason: `férié : ${holiday}` });
			continue;
		}
		const taken = booking.vehicleAt(p.pattern.tourId, p.date, p.period);
		if (taken) {
			toMove.push({ ...p, moveReason: `véhicule de la ${tourLabelOf(world, p.pattern.tourId)} déjà pris` });
			continue;
		}
		const usual = usualCrew(world, p.pattern.tourId);
		const crew = chooseCrew(world, booking, p.pattern.tourId, usual, p.date, p.period);
		if (crew.ok && crew.explanations.length === 0) place(p, p.date, p.period, crew.adviserIds, []);
		else needCrew.push(p);
	}
	// Pass 2: same date, with a replacement.
	for (const p of needCrew) {
		const usual = usualCrew(world, p.pattern.tourId);
		const crew = chooseCrew(world, booking, p.pattern.tourId, usual, p.date, p.period);
		if (crew.ok) place(p, p.date, p.period, crew.adviserIds, crew.explanations);
		else toMove.push({ ...p, moveReason: crew.problem });
	}
	// Pass 3: move to the nearest valid half-day of the month.
	toMove.sort(order);
	const processed = new Set<string>();
	for (const p of toMove) {
		processed.add(p.id);
		// The other permanence's final date if placed, else its tentative pattern date: whichever
		// is processed second checks against the first's final date, so the pair keeps the rule.
		const otherDates = [
			...booking.ofSiteMonth(p.site.id, p.month).map((o) => o.date),
			...toMove
				.filter((o) => o.site.id === p.site.id && o.month === p.month && !processed.has(o.id))
				.map((o) => o.date)
		];
		const found = findMove(world, booking, {
			site: p.site,
			tourId: p.pattern.tourId,
			expectedCrew: usualCrew(world, p.pattern.tourId),
			date: p.date,
			period: p.period,
			otherDates,
			notBefore: options.notBefore
		});
		const reason = p.moveReason ?? 'indisponible';
		if (found) {
			place(p, found.date, found.period, found.crew.adviserIds, [
				moveExplanation(p, found, reason),
				...found.crew.explanations
			]);
		} else {
			addShortfall(shortfalls, p.site.id, p.month, {
				kind: 'unplaced',
				text: `celle du ${shortDate(p.date)} n’a pu être ni tenue (${reason}) ni déplacée dans le mois`
			});
		}
	}
	return { added: added.sort(comparePermanences), booking, shortfalls };
}

/**
 * One notice per site-month in service that gets fewer than 2 permanences, saying why.
 * A month in which the site serves no day at all (not open yet, closed) needs none.
 */
export function buildNotices(
	world: World,
	permanences: readonly Permanence[],
	shortfalls: Shortfalls,
	months: readonly IsoMonth[],
	patterns: readonly Pattern[]
): PlanNotice[] {
	const count = new Map<string, number>();
	for (const p of permanences) {
		const key = shortfallKey(p.siteId, p.date.slice(0, 7));
		count.set(key, (count.get(key) ?? 0) + 1);
	}
	const withPattern = new Set(patterns.map((p) => p.siteId));
	const notices: PlanNotice[] = [];
	const sites = [...world.sites.values()].sort((a, b) => a.id.localeCompare(b.id));
	for (const month of months) {
		const days = daysInMonth(month);
		for (const site of sites) {
			const key = shortfallKey(site.id, month);
			const n = count.get(key) ?? 0;
			if (n >= 2 || !days.some((d) => siteServes(site, d))) continue;
			const reasons = shortfalls.get(key) ?? [];
			const kind: NoticeKind = !withPattern.has(site.id)
				? 'noPattern'
				: (reasons.find((r) => r.kind !== 'lifecycle')?.kind ?? reasons[0]?.kind ?? 'unplaced');
			const texts = withPattern.has(site.id)
				? [...new Set(reasons.map((r) => r.text))]
				: ['aucun créneau récurrent libre dans sa tournée (créneaux d’ouverture déjà pris ou aucun)'];
			notices.push({
				siteId: site.id,
				month,
				kind,
				message: `${site.name} : ${n} permanence${n > 1 ? 's' : ''} en ${monthLabel(month)} au lieu de 2 — ${texts.join(' ; ') || 'raison inconnue'}.`
			});
		}
	}
	return notices;
}

/** Public entry: dated permanences and notices for given patterns over `months` months from `from`. */
export function materialisePatterns(
	ctx: PlannerContext,
	patterns: readonly Pattern[],
	from: IsoMonth,
	months: number
): { permanences: Permanence[]; notices: PlanNotice[] } {
	const world = buildWorld(ctx);
	const list = monthsFrom(from, months);
	const { booking, shortfalls } = materialise(world, patterns, list);
	const permanences = booking.list();
	return { permanences, notices: buildNotices(world, permanences, shortfalls, list, patterns) };
}
