import { addMonthsIso } from './dates';

/**
 * The coordinator's indicators: the rules that say what is counted, in one pure place, so that
 * the server's aggregate queries and the tests' independent recount read the same definitions.
 * See docs/indicators.md.
 */

/** The longest period one view or export may cover (five years of months). */
export const INDICATOR_MAX_MONTHS = 60;

/** The default view: the last twelve months, the current one included. */
export const INDICATOR_DEFAULT_MONTHS = 12;

/**
 * People received by one activity record: an individual record is one person; a collective
 * workshop counts its participants.
 */
export function peopleOfRecord(format: string, participants: number | null | undefined): number {
	return format === 'collective' ? Math.max(0, participants ?? 0) : 1;
}

/** Every month from `from` to `to` (`YYYY-MM`, inclusive); empty when `to` precedes `from`. */
export function monthsBetween(from: string, to: string): string[] {
	const out: string[] = [];
	for (let m = from; m <= to && out.length < 1200; m = addMonthsIso(m, 1)) out.push(m);
	return out;
}

/** What became of a permanence, for the indicators: cancelled, held (before today) or to come. */
export type PermanenceOutcome = 'held' | 'cancelled' | 'upcoming';

/** `past`: the permanence's day is before today. */
export function permanenceOutcome(status: string, past: boolean): PermanenceOutcome {
	if (status === 'cancelled') return 'cancelled';
	return past ? 'held' : 'upcoming';
}

export const PERMANENCE_OUTCOME_LABELS: Record<PermanenceOutcome | 'planned', string> = {
	planned: 'Prévues',
	held: 'Tenues',
	cancelled: 'Annulées',
	upcoming: 'À venir'
};

/** The key of "no value" in the breakdowns (a record made outside a permanence has no site). */
export const NONE = '';

const MONTH_FORMATS = {
	long: new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
	short: new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' })
};

/** A month as people read it: « janvier 2026 », « janv. 2026 » when short. */
export function frenchMonth(month: string, short = false): string {
	return MONTH_FORMATS[short ? 'short' : 'long'].format(new Date(`${month}-01T00:00:00Z`));
}
