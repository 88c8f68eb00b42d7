import { defaultOpeningSlots, siteServesOn, type HalfDayPeriod, type OpeningSlot } from '$lib/domain/site';
import { dayMonth, isoWeekday } from './calendar';
import type { Absence, IsoDate, PlannerAdviser, PlannerSite } from './types';

/** The site's opening slots, or the default (Monday–Friday, 9–12 h and 14–17 h) when none are given. */
export function openingSlotsOf(site: PlannerSite): readonly OpeningSlot[] {
	return site.openingSlots.length > 0 ? site.openingSlots : defaultOpeningSlots();
}

/** The opening slot that covers that half-day, or null (Sundays never have one). */
export function openingSlotOn(site: PlannerSite, date: IsoDate, period: HalfDayPeriod): OpeningSlot | null {
	const weekday = isoWeekday(date);
	return openingSlotsOf(site).find((s) => s.weekday === weekday && s.period === period) ?? null;
}

/** Life cycle (planned → active → closing → closed) plus an optional first day of service. */
export function siteServes(site: PlannerSite, date: IsoDate): boolean {
	if (site.activeFrom && date < site.activeFrom) return false;
	return siteServesOn({ status: site.status, closingOn: site.closingOn, redirect: null }, date);
}

/** Why the site takes no permanence that day (French), or null when it does. */
export function lifecycleProblem(site: PlannerSite, date: IsoDate): string | null {
	if (siteServes(site, date)) return null;
	if (site.status === 'planned') return 'lieu prévu, pas encore ouvert';
	if (site.activeFrom && date < site.activeFrom) return `ouverture du lieu le ${dayMonth(site.activeFrom)}`;
	if (site.closingOn) return `fermeture du lieu le ${dayMonth(site.closingOn)}`;
	return 'lieu fermé';
}

/** Absences by adviser, to answer "is X away on that half-day?" quickly. */
export class AbsenceIndex {
	private readonly byAdviser = new Map<string, Absence[]>();

	constructor(absences: readonly Absence[]) {
		for (const a of absences) {
			const list = this.byAdviser.get(a.adviserId) ?? [];
			list.push(a);
			this.byAdviser.set(a.adviserId, list);
		}
		for (const list of this.byAdviser.values()) list.sort((a, b) => a.from.localeCompare(b.from));
	}

	/** The absence covering that half-day, if any (the earliest-starting one). */
	find(adviserId: string, date: IsoDate, period: HalfDayPeriod): Absence | null {
		for (const a of this.byAdviser.get(adviserId) ?? []) {
			if (a.from <= date && date <= a.to && (a.period === null || a.period === period)) return a;
		}
		return null;
	}
}

/** The crew rule: two distinct, known advisers (binding). */
export function crewProblem(crew: readonly (PlannerAdviser | undefined)[]): string | null {
	const [a, b] = crew;
	if (!a || !b) return 'Équipe incomplète : conseiller inconnu';
	if (a.id === b.id) return 'Équipe incomplète : il faut deux conseillers différents';
	return null;
}

/**
 * The département's wish of a conseiller numérique in each crew, when it keeps it: a warning in
 * French when the crew has none, else null. Never a refusal: seed 003 has three conseillers for
 * three vans, so an absence would otherwise stop a tour.
 */
export function crewMixWarning(
	crew: readonly (PlannerAdviser | undefined)[],
	rules: { crewWithDigitalAdviser: boolean }
): string | null {
	if (!rules.crewWithDigitalAdviser) return null;
	if (crew.length === 0 || crew.some((a) => a?.kind === 'digitalAdviser')) return null;
	return 'Équipe sans conseiller numérique (choix du département : un par équipe)';
}
