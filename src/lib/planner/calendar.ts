import { addMonths, differenceInCalendarDays, format, getISODay, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale';
import type { HalfDayPeriod, Weekday } from '$lib/domain/site';
import type { IsoDate, IsoMonth, WeekPair } from './types';

/** Civil-date helpers on ISO strings: the shared ones live in `$lib/domain/dates`. */
export { addDaysIso, daysInMonth, isoWeekday, PERIOD_LABELS } from '$lib/domain/dates';

/** Calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
	return differenceInCalendarDays(parseISO(b), parseISO(a));
}

export function monthOf(date: IsoDate): IsoMonth {
	return date.slice(0, 7);
}

/** `count` consecutive months starting with `from`. */
export function monthsFrom(from: IsoMonth, count: number): IsoMonth[] {
	const first = parseISO(`${from}-01`);
	return Array.from({ length: count }, (_, i) => format(addMonths(first, i), 'yyyy-MM'));
}

/** The n-th (1-based) given weekday of a month; always exists for n ≤ 4. */
export function nthWeekdayOfMonth(month: IsoMonth, weekday: Weekday, n: number): IsoDate {
	const firstWeekday = getISODay(parseISO(`${month}-01`));
	const day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (n - 1);
	return `${month}-${String(day).padStart(2, '0')}`;
}

/** Which occurrences a week pair stands for. */
export function occurrencesOf(weeks: WeekPair): [number, number] {
	return weeks === 'odd' ? [1, 3] : [2, 4];
}

/** The two dates a pattern gives in a month, in order. */
export function patternDates(month: IsoMonth, weekday: Weekday, weeks: WeekPair): [IsoDate, IsoDate] {
	const [a, b] = occurrencesOf(weeks);
	return [nthWeekdayOfMonth(month, weekday, a), nthWeekdayOfMonth(month, weekday, b)];
}

/** "11/11": how a date reads in a short explanation. */
export function shortDate(date: IsoDate): string {
	return `${date.slice(8, 10)}/${date.slice(5, 7)}`;
}

/** "3 mars", "1er mai": how a date reads in a sentence. */
export function dayMonth(date: IsoDate): string {
	const d = parseISO(date);
	return format(d, d.getDate() === 1 ? "'1er' MMMM" : 'd MMMM', { locale: fr });
}

/** "mars 2026". */
export function monthLabel(month: IsoMonth): string {
	return format(parseISO(`${month}-01`), 'MMMM yyyy', { locale: fr });
}

/** A key for one half-day: "2026-03-03|morning". */
export function halfDayKey(date: IsoDate, period: HalfDayPeriod): string {
	return `${date}|${period}`;
}
