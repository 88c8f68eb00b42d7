import { addDaysIso, formatFrenchDate } from './dates';

/**
 * The adviser's agenda: the tour's permanences and home visits of each day, in the order the
 * crew lives them. Pure: "today" (a Paris civil date) is passed in, the items carry their own data.
 */

/** What the agenda reads of a permanence or a home visit: its Paris civil date and "HH:MM" hours. */
export interface AgendaItem {
	id: string;
	/** `YYYY-MM-DD`; null (or anything else) for a request not planned yet: left out. */
	date: string | null;
	start: string;
	end: string;
}

export type AgendaEntry<P extends AgendaItem, V extends AgendaItem> =
	{ kind: 'permanence'; date: string; item: P } | { kind: 'visit'; date: string; item: V };

export interface AgendaDay<P extends AgendaItem, V extends AgendaItem> {
	date: string;
	relative: 'today' | 'tomorrow' | null;
	/** By start time, then end time; at the same hours a permanence before a visit, then by id. */
	entries: AgendaEntry<P, V>[];
}

export interface Agenda<P extends AgendaItem, V extends AgendaItem> {
	/** Today first (even when nothing is planned), then the next days that have something. */
	days: AgendaDay<P, V>[];
	/** What comes after the last day shown: days with something, and how many home visits among them. */
	later: { days: number; visits: number };
}

export interface AgendaInput<P extends AgendaItem, V extends AgendaItem> {
	/** Today's Paris civil date (`parisDate(now)`): earlier days are left out. */
	today: string;
	permanences: readonly P[];
	visits: readonly V[];
	/** How many days with something to show after today (default: all of them). */
	upcomingDays?: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KIND_ORDER = { permanence: 0, visit: 1 } as const;

function compareEntries<P extends AgendaItem, V extends AgendaItem>(
	a: AgendaEntry<P, V>,
	b: AgendaEntry<P, V>
): number {
	return (
		compare(a.date, b.date) ||
		compare(a.item.start, b.item.start) ||
		compare(a.item.end, b.item.end) ||
		KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
		compare(a.item.id, b.item.id)
	);
}

/** Code-unit order: "HH:MM" and ISO dates sort as text, the same in every locale. */
function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges permanences and home visits into days: today first, then the following days that have
 * at least one entry (at most `upcomingDays` of them), each day's entries interleaved by hours.
 * Days before `today` and items without a date are left out.
 */
export function buildAgenda<P extends AgendaItem, V extends AgendaItem>(
	input: AgendaInput<P, V>
): Agenda<P, V> {
	const { today } = input;
	const upcoming = Math.max(0, input.upcomingDays ?? Number.POSITIVE_INFINITY);
	const entries: AgendaEntry<P, V>[] = [];
	for (const item of input.permanences) {
		if (item.date && ISO_DATE.test(item.date) && item.date >= today)
			entries.push({ kind: 'permanence', date: item.date, item });
	}
	for (const item of input.visits) {
		if (item.date && ISO_DATE.test(item.date) && item.date >= today)
			entries.push({ kind: 'visit', date: item.date, item });
	}
	entries.sort(compareEntries);

	const tomorrow = addDaysIso(today, 1);
	const first: AgendaDay<P, V> = { date: today, relative: 'today', entries: [] };
	const days = [first];
	let last = first;
	const later = { days: 0, visits: 0 };
	let laterDate: string | null = null;
	for (const entry of entries) {
		if (entry.date === last.date) {
			last.entries.push(entry);
		} else if (days.length - 1 < upcoming) {
			// A new day after today, while there is room.
			last = { date: entry.date, relative: entry.date === tomorrow ? 'tomorrow' : null, entries: [entry] };
			days.push(last);
		} else {
			// Past the days shown: counted, so that the page can say what more there is.
			if (entry.date !== laterDate) later.days++;
			laterDate = entry.date;
			if (entry.kind === 'visit') later.visits++;
		}
	}
	return { days, later };
}

/** "Aujourd'hui, lundi 23 novembre 2026", "Demain, mardi 24 novembre 2026", "Mercredi 25 novembre 2026". */
export function agendaDayLabel(day: { date: string; relative: 'today' | 'tomorrow' | null }): string {
	const date = formatFrenchDate(day.date);
	if (day.relative === 'today') return `Aujourd'hui, ${date}`;
	if (day.relative === 'tomorrow') return `Demain, ${date}`;
	return date.charAt(0).toUpperCase() + date.slice(1);
}

/**
 * What an adviser is most likely recording for at `time` (Paris "HH:MM") among the day's
 * permanences and visits: the one in progress; else the next one to start; else the last one
 * that ended. Null when the day has none. (At 15:10, the afternoon's permanence, not the morning's.)
 */
export function itemAt<T extends Pick<AgendaItem, 'id' | 'start' | 'end'>>(
	items: readonly T[],
	time: string
): T | null {
	const sorted = [...items].sort(
		(a, b) => compare(a.start, b.start) || compare(a.end, b.end) || compare(a.id, b.id)
	);
	return (
		sorted.find((i) => i.start <= time && time < i.end) ??
		sorted.find((i) => time < i.start) ??
		sorted.filter((i) => i.end <= time).at(-1) ??
		null
	);
}
