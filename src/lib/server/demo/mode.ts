import type { ServerConfig } from '../config';
import type { DB } from '../db';
import { seedDemoCalendar } from './calendar';
import { seedDemoHistory } from './history';
import {
	DEMO_ACCOUNTS,
	DEMO_PASSWORD,
	disableDemoAccounts,
	seedDemoAccounts,
	seedDemoCorrespondents
} from './users';
import { seedDemoMediationPlaces } from '../services/mediation-places';

/**
 * Demo mode: the demo accounts, correspondents and directory, and (when asked) a published
 * calendar and a year of activity. Outside demo mode the demo accounts are disabled.
 */
export async function seedDemo(db: DB, config: ServerConfig, now: Date): Promise<void> {
	if (!config.demo) {
		await disableDemoAccounts(db, now.toISOString());
		return;
	}
	await seedDemoAccounts(db, now.toISOString());
	await seedDemoCorrespondents(db, now.toISOString());
	await seedDemoMediationPlaces(db, now);
	if (config.demoCalendar) await seedDemoCalendar(db, now);
	if (config.demoHistory) await seedDemoHistory(db, now);
}

/** The URL and the demo logins, printed when the demo starts. */
export function printDemoBanner(today: string, clockNow: Date | null): void {
	const port = process.env.PORT ?? '3000';
	const host = process.env.ORIGIN ?? `http://localhost:${port}`;
	const lines = [
		'',
		'Tournées France Services — démonstration Tarn-et-Garonne',
		`  Adresse : ${host}`,
		...(clockNow ? [`  Date de la démonstration (CLOCK_NOW) : ${today}`] : []),
		`  Mot de passe de tous les comptes : ${DEMO_PASSWORD}`,
		...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(36)} ${a.label}`),
		''
	];
	console.log(lines.join('\n'));
}
