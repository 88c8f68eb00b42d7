import { addDays, addMonths, format, getISODay, lastDayOfMonth as lastDayOf, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale';
import { TZDate } from '@date-fns/tz';

/** The service's time zone: every civil date (a permanence's day) is a Paris date. */
export const SERVICE_TIME_ZONE = 'Europe/Paris';

/** The civil date (YYYY-MM-DD) in Paris at an instant passed in (the domain never reads the clock). */
export function parisDate(instant: Date): string {
	return format(new TZDate(instant.getTime(), SERVICE_TIME_ZONE), 'yyyy-MM-dd');
}

/** "mardi 1er mars 2026", "jeudi 12 novembre 2026" from an ISO civil date. */
export function formatFrenchDate(isoDate: string): string {
	const [y, m, d] = isoDate.split('-').map(Number);
	if (!y || !m || !d) return isoDate;
	const date = new Date(y, m - 1, d);
	return format(date, d === 1 ? "EEEE '1er' MMMM yyyy" : 'EEEE d MMMM yyyy', { locale: fr });
}

/** "1er mars 2026", "31 janvier 2027": a date without its weekday (a deadline, a limit). */
export function formatFrenchDayMonthYear(isoDate: string): string {
	const [y, m, d] = isoDate.split('-').map(Number);
	if (!y || !m || !d) return isoDate;
	return format(new Date(y, m - 1, d), d === 1 ? "'1er' MMMM yyyy" : 'd MMMM yyyy', { locale: fr });
}

/** "mars 2027": a month ("2027-03") in words. */
export function formatFrenchMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	if (!y || !m) return month;
	return format(new Date(y, m - 1, 1), 'MMMM yyyy', { locale: fr });
}

/** The instant of a Paris civil date and local time ("2026-03-29", "09:00"), right on both sides of DST. */
export function parisInstant(isoDate: string, time: string): Date {
	const [y = 0, m = 1, d = 1] = isoDate.split('-').map(Number);
	const [hh = 0, mm = 0] = time.split(':').map(Number);
	return new Date(new TZDate(y, m - 1, d, hh, mm, SERVICE_TIME_ZONE).getTime());
}

/** "11/11" from "2026-11-11": the short form used in explanations and notices. */
export function shortFrenchDate(isoDate: string): string {
	const [, m = '', d = ''] = isoDate.split('-');
	return `${d}/${m}`;
}

/** The time of day (HH:MM) in Paris at an instant passed in. */
export function parisTime(instant: Date): string {
	return format(new TZDate(instant.getTime(), SERVICE_TIME_ZONE), 'HH:mm');
}

/** "matin" / "après-midi". */
export const PERIOD_LABELS = { morning: 'matin', afternoon: 'après-midi' } as const;

/*
 * Civil-date arithmetic on ISO strings. date-fns parses `YYYY-MM-DD` as local midnight and adds
 * calendar days (not 24 h), so these are exact whatever the time zone of the process.
 */

export function addDaysIso(date: string, days: number): string {
	return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** A civil date plus `count` months, the same day of the month or that month's last (31 January + 1 → 28 February). */
export function addMonthsToDateIso(date: string, count: number): string {
	return format(addMonths(parseISO(date), count), 'yyyy-MM-dd');
}

/** `YYYY-MM` plus `count` months. */
export function addMonthsIso(month: string, count: number): string {
	return format(addMonths(parseISO(`${month}-01`), count), 'yyyy-MM');
}

/** The last day (ISO) of a `YYYY-MM` month. */
export function lastDayOfMonth(month: string): string {
	return format(lastDayOf(parseISO(`${month}-01`)), 'yyyy-MM-dd');
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
	return getISODay(parseISO(date));
}

/** Every day (ISO) of a `YYYY-MM` month. */
export function daysInMonth(month: string): string[] {
	const out: string[] = [];
	for (let d = parseISO(`${month}-01`); format(d, 'yyyy-MM') === month; d = addDays(d, 1)) {
		out.push(format(d, 'yyyy-MM-dd'));
	}
	return out;
}

/** "23/11/2026 15:28" in Paris time, from an ISO instant (history and access logs). */
export function formatParisDateTime(isoInstant: string, withSeconds = false): string {
	return new Intl.DateTimeFormat('fr-FR', {
		dateStyle: 'short',
		timeStyle: withSeconds ? 'medium' : 'short',
		timeZone: SERVICE_TIME_ZONE
	}).format(new Date(isoInstant));
}
