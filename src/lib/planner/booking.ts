import type { HalfDayPeriod } from '$lib/domain/site';
import { daysBetween, daysInMonth, halfDayKey, monthOf, PERIOD_LABELS, shortDate } from './calendar';
import { publicHolidayName } from './holidays';
import { crewMixWarning, crewProblem, openingSlotOn, siteServes } from './rules';
import type { IsoDate, IsoMonth, Permanence, PlannerAdviser, PlannerSite } from './types';
import { adviserName, comparePermanences, siteName, type World } from './world';

/**
 * Who and what is already taken on each half-day: one vehicle per tour, each adviser in one
 * place, and a site's permanences of a month (for the spacing rule).
 */
export class Booking {
	private readonly byId = new Map<string, Permanence>();
	private readonly vehicles = new Map<string, Permanence>();
	private readonly advisers = new Map<string, Permanence>();
	private readonly siteMonths = new Map<string, Permanence[]>();

	add(p: Permanence): void {
		this.byId.set(p.id, p);
		this.vehicles.set(`${p.tourId}|${halfDayKey(p.date, p.period)}`, p);
		for (const a of p.adviserIds) this.advisers.set(`${a}|${halfDayKey(p.date, p.period)}`, p);
		const key = `${p.siteId}|${monthOf(p.date)}`;
		this.siteMonths.set(key, [...(this.siteMonths.get(key) ?? []), p]);
	}

	vehicleAt(tourId: string, date: IsoDate, period: HalfDayPeriod): Permanence | undefined {
		return this.vehicles.get(`${tourId}|${halfDayKey(date, period)}`);
	}

	adviserAt(adviserId: string, date: IsoDate, period: HalfDayPeriod): Permanence | undefined {
		return this.advisers.get(`${adviserId}|${halfDayKey(date, period)}`);
	}

	ofSiteMonth(siteId: string, month: IsoMonth): readonly Permanence[] {
		return this.siteMonths.get(`${siteId}|${month}`) ?? [];
	}

	has(id: string): boolean {
		return this.byId.has(id);
	}

	list(): Permanence[] {
		return [...this.byId.values()].sort(comparePermanences);
	}
}

/**
 * The crew a tour normally sends: its first pair of advisers (by id) that meets the crew rules,
 * the département's wish included, else its first two.
 */
export function usualCrew(world: World, tourId: string): string[] {
	const own = world.adviserOrder.filter((a) => a.tourId === tourId);
	for (let i = 0; i < own.length; i++) {
		for (let j = i + 1; j < own.length; j++) {
			const a = own[i] as PlannerAdviser;
			const b = own[j] as PlannerAdviser;
			if (crewProblem([a, b]) === null && crewMixWarning([a, b], world.rules) === null) return [a.id, b.id];
		}
	}
	return own.slice(0, 2).map((a) => a.id);
}

export type CrewChoice =
	{ ok: true; adviserIds: [string, string]; explanations: string[] } | { ok: false; problem: string };

/** Why an adviser cannot take that half-day (French), or null when free. */
function unavailability(
	world: World,
	booking: Booking,
	adviserId: string,
	date: IsoDate,
	period: HalfDayPeriod
): string | null {
	const absence = world.absences.find(adviserId, date, period);
	if (absence) return `absence : ${absence.reason}`;
	const busy = booking.adviserAt(adviserId, date, period);
	if (busy) return `mobilisé·e à « ${siteName(world, busy.siteId)} »`;
	if (!world.advisers.has(adviserId)) return 'conseiller inconnu';
	return null;
}

/**
 * Chooses two available advisers for a half-day: a pair that meets the département's wish of a
 * conseiller numérique first (when it keeps that rule), keeping as many of the `expected` crew
 * as possible, then advisers of the same tour, then others — an adviser of another tour can
 * replace only when free that half-day. Two free advisers are always enough: a crew without a
 * conseiller numérique is explained, never refused. Each replacement is explained:
 * "Remplacement de X par Y (absence : formation)".
 */
export function chooseCrew(
	world: World,
	booking: Booking,
	tourId: string,
	expected: readonly string[],
	date: IsoDate,
	period: HalfDayPeriod
): CrewChoice {
	const free = world.adviserOrder.filter((a) => unavailability(world, booking, a.id, date, period) === null);
	const score = (a: PlannerAdviser) => (expected.includes(a.id) ? 100 : 0) + (a.tourId === tourId ? 10 : 0);
	let best: { pair: [PlannerAdviser, PlannerAdviser]; score: number } | null = null;
	for (let i = 0; i < free.length; i++) {
		for (let j = i + 1; j < free.length; j++) {
			const pair: [PlannerAdviser, PlannerAdviser] = [free[i] as PlannerAdviser, free[j] as PlannerAdviser];
			if (crewProblem(pair) !== null) continue;
			let s = score(pair[0]) + score(pair[1]) + (crewMixWarning(pair, world.rules) === null ? 1000 : 0);
			// Replace like with like when we can (an agent by an agent), keeping the mix of skills.
			const missing = expected.map((id) => world.advisers.get(id)).filter((a) => a && !pair.includes(a));
			for (const m of missing) if (pair.some((p) => !expected.includes(p.id) && p.kind === m?.kind)) s += 1;
			if (best === null || s > best.score) best = { pair, score: s };
		}
	}
	const reasons = expected
		.map((id) => unavailability(world, booking, id, date, period))
		.filter((r): r is string => r !== null);
	if (best === null) {
		const why = reasons.length > 0 ? reasons.join(', ') : 'moins de deux conseillers disponibles';
		return { ok: false, problem: `équipe indisponible : ${why}` };
	}
	const chosen = best.pair.map((a) => a.id);
	const replaced = expected.filter((id) => !chosen.includes(id));
	const replacements = chosen.filter((id) => !expected.includes(id));
	const explanations = replacements.map((by, i) => {
		const who = replaced[i];
		if (who === undefined) return `Renfort de ${adviserName(world, by)}`;
		const why = unavailability(world, booking, who, date, period) ?? 'équipe sans conseiller numérique';
		return `Remplacement de ${adviserName(world, who)} par ${adviserName(world, by)} (${why})`;
	});
	const mix = crewMixWarning(best.pair, world.rules);
	if (mix) explanations.push(mix);
	return { ok: true, adviserIds: [chosen[0] as string, chosen[1] as string], explanations };
}

export interface MoveRequest {
	site: PlannerSite;
	tourId: string;
	expectedCrew: readonly string[];
	/** The half-day being left. */
	date: IsoDate;
	period: HalfDayPeriod;
	/** Dates of the site's other permanences that month, to keep the spacing rule. */
	otherDates: readonly IsoDate[];
	/** No move to a date before this one (re-planning never moves into the past). */
	notBefore?: IsoDate;
}

export interface MoveFound {
	date: IsoDate;
	period: HalfDayPeriod;
	crew: Extract<CrewChoice, { ok: true }>;
}

/**
 * The nearest valid half-day for the same tour in the same month: the site is open and in
 * service, not a public holiday, the vehicle is free, a crew is available and the site's other
 * permanence that month is at least the département's minimum spacing away (10 days by default). Nearest = fewest days away, then later
 * rather than earlier (citizens who read the old date are not sent to a past one), then the
 * same half-day. Fifth weekdays are allowed for moves.
 */
export function findMove(world: World, booking: Booking, req: MoveRequest): MoveFound | null {
	const month = monthOf(req.date);
	const candidates: { date: IsoDate; period: HalfDayPeriod; key: [number, number, number] }[] = [];
	for (const date of daysInMonth(month)) {
		if (req.notBefore && date < req.notBefore) continue;
		const diff = daysBetween(req.date, date);
		for (const period of ['morning', 'afternoon'] as const) {
			if (diff === 0 && period === req.period) continue;
			candidates.push({
				date,
				period,
				key: [Math.abs(diff), diff < 0 ? 1 : 0, period === req.period ? 0 : 1]
			});
		}
	}
	candidates.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
	for (const c of candidates) {
		if (!openingSlotOn(req.site, c.date, c.period)) continue;
		if (!siteServes(req.site, c.date)) continue;
		if (publicHolidayName(c.date) !== null) continue;
		if (booking.vehicleAt(req.tourId, c.date, c.period)) continue;
		if (req.otherDates.some((d) => Math.abs(daysBetween(d, c.date)) < world.rules.minSpacingDays)) continue;
		const crew = chooseCrew(world, booking, req.tourId, req.expectedCrew, c.date, c.period);
		if (crew.ok) return { date: c.date, period: c.period, crew };
	}
	return null;
}

/** "déplacée du 11/11 (férié : Armistice 1918) au 12/11", with the half-day when it changes. */
export function moveExplanation(
	from: { date: IsoDate; period: HalfDayPeriod },
	to: { date: IsoDate; period: HalfDayPeriod },
	reason: string
): string {
	const samePeriod = from.period === to.period;
	const fromLabel = samePeriod
		? shortDate(from.date)
		: `${shortDate(from.date)} ${PERIOD_LABELS[from.period]}`;
	const toLabel = samePeriod ? shortDate(to.date) : `${shortDate(to.date)} ${PERIOD_LABELS[to.period]}`;
	return `Déplacée du ${fromLabel} (${reason}) au ${toLabel}`;
}
