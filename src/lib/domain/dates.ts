import { format } from 'date-fns';
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
