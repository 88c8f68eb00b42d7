/**
 * The day the integration and browser tests run on, whatever the real date: the servers they
 * start get it as `CLOCK_NOW` (src/lib/server/clock.ts), the browser's pages as Playwright's
 * clock. `TEST_CLOCK_NOW` picks another day: `npm run test:dates` runs the date-sensitive
 * suites on several (scripts/test-dates.js).
 *
 * By default a Monday in the middle of a month: the demo calendar, planned from the current
 * month, then has past and coming permanences in it.
 */
export const TEST_CLOCK_NOW = process.env.TEST_CLOCK_NOW || '2027-03-15T09:30:00+01:00';

/** The civil date in Paris (YYYY-MM-DD) at an instant. */
export function parisDateAt(instant: Date): string {
	return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(instant);
}

/** A civil date (YYYY-MM-DD) plus `days` days. */
export function addDaysIso(date: string, days: number): string {
	const d = new Date(`${date}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The instant of a Paris civil date and time of day ("2027-03-15", "15:10"), either side of DST. */
export function parisInstant(date: string, time: string): Date {
	for (const offset of ['+01:00', '+02:00']) {
		const instant = new Date(`${date}T${time}:00${offset}`);
		const local = new Intl.DateTimeFormat('sv-SE', {
			timeZone: 'Europe/Paris',
			dateStyle: 'short',
			timeStyle: 'short'
		}).format(instant);
		if (local === `${date} ${time}`) return instant;
	}
	throw new Error(`${date} ${time} n'existe pas à Paris`);
}
