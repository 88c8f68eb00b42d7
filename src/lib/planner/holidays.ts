import { addDaysIso } from './calendar';
import type { IsoDate } from './types';

export interface PublicHoliday {
	date: IsoDate;
	name: string;
}

/**
 * Easter Sunday in the Gregorian calendar by the anonymous algorithm (Meeus/Jones/Butcher,
 * J. Meeus, Astronomical Algorithms, 2nd ed., ch. 8), valid for every year from 1583.
 * We do not take it from @socialgouv/jours-feries: its formula is wrong outside 1900–2099
 * (e.g. 2106, 2133). The tests still compare both over 1900–2099.
 */
export function easterSunday(year: number): IsoDate {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<number, PublicHoliday[]>();

/**
 * The eleven public holidays of metropolitan France (Code du travail, art. L3133-1), in date
 * order; Alsace-Moselle's Good Friday and 26 December are not included.
 */
export function frenchPublicHolidays(year: number): PublicHoliday[] {
	const cached = cache.get(year);
	if (cached) return cached;
	const y = String(year).padStart(4, '0');
	const easter = easterSunday(year);
	const list: PublicHoliday[] = [
		{ date: `${y}-01-01`, name: "Jour de l'an" },
		{ date: addDaysIso(easter, 1), name: 'Lundi de Pâques' },
		{ date: `${y}-05-01`, name: 'Fête du Travail' },
		{ date: `${y}-05-08`, name: 'Victoire 1945' },
		{ date: addDaysIso(easter, 39), name: 'Ascension' },
		{ date: addDaysIso(easter, 50), name: 'Lundi de Pentecôte' },
		{ date: `${y}-07-14`, name: 'Fête nationale' },
		{ date: `${y}-08-15`, name: 'Assomption' },
		{ date: `${y}-11-01`, name: 'Toussaint' },
		{ date: `${y}-11-11`, name: 'Armistice 1918' },
		{ date: `${y}-12-25`, name: 'Noël' }
	].sort((p, q) => p.date.localeCompare(q.date));
	cache.set(year, list);
	return list;
}

/** The holiday's name when `date` is a public holiday, else null. */
export function publicHolidayName(date: IsoDate): string | null {
	const year = Number(date.slice(0, 4));
	return frenchPublicHolidays(year).find((h) => h.date === date)?.name ?? null;
}

export function isPublicHoliday(date: IsoDate): boolean {
	return publicHolidayName(date) !== null;
}
