import { sql } from 'kysely';
import { readConfig, type Engine, type ServerConfig } from './config';
import { openDatabase, type DB } from './db';
import { migrateToLatest } from './db/migrate';
import { newToken } from './ids';
import { seedReferential } from './referential/seed';
import { TARN_ET_GARONNE } from './referential/tarn-et-garonne';
import {
	seedDemoAccounts,
	seedDemoCorrespondents,
	disableDemoAccounts,
	DEMO_ACCOUNTS,
	DEMO_PASSWORD
} from './demo';
import { seedDemoCalendar } from './demo-calendar';
import { seedDemoHistory } from './demo-history';
import { pruneLoginAttempts } from './auth/rate-limit';
import { pruneTombstones } from './sync/versions';
import { anonymiseClosedRequests } from './services/home-visits';
import { eraseStaleCaseContacts } from './services/level2';
import { eraseOldFollowUpCodes } from './services/diagnostics';
import { seedDemoMediationPlaces } from './services/mediation-places';
import { clockFrom, clockOf, systemClock } from './clock';

export const APP_VERSION = process.env.APP_VERSION ?? '0.1.0';

export interface AppContext {
	db: DB;
	engine: Engine;
	config: ServerConfig;
	sessionSecret: string;
	/** The only clock of the server (`clock.ts`): `CLOCK_NOW` sets it in a demo, tests replace it. */
	now: () => Date;
	/** Today's civil date in Paris, from the same clock. */
	today: () => string;
	close(): Promise<void>;
}

let current: Promise<AppContext> | null = null;

/**
 * The retention job: the identity on closed home-visit requests after `days`, the contacts of
 * level-2 cases left untouched for a year (closing a case erases its contact at once), the
 * follow-up codes of diagnostics after two years.
 */
async function retentionJob(db: DB, now: Date, homeVisitDays: number): Promise<void> {
	await anonymiseClosedRequests(db, now, homeVisitDays);
	await eraseStaleCaseContacts(db, now);
	await eraseOldFollowUpCodes(db, now);
}

/** The retention job (`retentionJob`) runs at start, then this often while the app is open. */
export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * Runs `task` every `ms` milliseconds until the returned function is called. The app's periodic
 * jobs go through it, so that tests can run a period without waiting for it.
 */
export type Schedule = (task: () => Promise<void>, ms: number) => () => void;

/** The real schedule: `setInterval`, which never keeps the process alive on its own. */
export const everyInterval: Schedule = (task, ms) => {
	const timer = setInterval(() => void task(), ms);
	timer.unref();
	return () => clearInterval(timer);
};

async function sessionSecretOf(db: DB, configured: string | null): Promise<string> {
	if (configured) return configured;
	await db
		.insertInto('server_settings')
		.values({ key: 'session_secret', value: newToken() })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	const row = await db
		.selectFrom('server_settings')
		.select('value')
		.where('key', '=', 'session_secret')
		.executeTakeFirstOrThrow();
	return row.value;
}

/**
 * Opens the database, runs the migrations, seeds the referential (and the demo accounts in demo
 * mode), runs the retention job and schedules it every `RETENTION_INTERVAL_MS` until `close()`.
 */
export async function createApp(
	config: ServerConfig = readConfig(),
	now: () => Date = (config.clockNow ? clockFrom(config.clockNow) : systemClock).now,
	schedule: Schedule = everyInterval
): Promise<AppContext> {
	const clock = clockOf(now);
	const handle = openDatabase(config);
	if (config.engine === 'postgres' && config.databaseSchema) {
		await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(config.databaseSchema)}`.execute(handle.db);
	}
	await migrateToLatest(
		handle.db as never,
		config.engine === 'postgres' ? (config.databaseSchema ?? 'public') : undefined
	);
	await seedReferential(handle.db, TARN_ET_GARONNE, now().toISOString());
	if (config.demo) {
		await seedDemoAccounts(handle.db, now().toISOString());
		await seedDemoCorrespondents(handle.db, now().toISOString());
		await seedDemoMediationPlaces(handle.db, now());
		if (config.demoCalendar) await seedDemoCalendar(handle.db, now());
		if (config.demoHistory) await seedDemoHistory(handle.db, now());
	} else await disableDemoAccounts(handle.db, now().toISOString());
	await pruneLoginAttempts(handle.db, now());
	await pruneTombstones(handle.db);
	await retentionJob(handle.db, now(), config.homeVisitRetentionDays);
	const sessionSecret = await sessionSecretOf(handle.db, config.sessionSecret);

	// The retention job again while the app is open: one run at a time, none once closed.
	let running: Promise<void> | null = null;
	let closed = false;
	const retention = (): Promise<void> => {
		if (closed) return Promise.resolve();
		running ??= retentionJob(handle.db, now(), config.homeVisitRetentionDays)
			.then(
				() => undefined,
				(e: unknown) => console.error('Effacement des données personnelles échues :', e)
			)
			.finally(() => {
				running = null;
			});
		return running;
	};
	const stop = schedule(retention, RETENTION_INTERVAL_MS);
	return {
		db: handle.db,
		engine: handle.engine,
		config,
		sessionSecret,
		now: clock.now,
		today: clock.today,
		close: async () => {
			closed = true;
			stop();
			// A run under way finishes before the database closes.
			await running;
			await handle.close();
		}
	};
}

export function startApp(): Promise<AppContext> {
	current ??= createApp().then((ctx) => {
		if (ctx.config.demo) printDemoBanner(ctx);
		return ctx;
	});
	return current;
}

export function app(): Promise<AppContext> {
	return startApp();
}

function printDemoBanner(ctx: AppContext) {
	const port = process.env.PORT ?? '3000';
	const host = process.env.ORIGIN ?? `http://localhost:${port}`;
	const lines = [
		'',
		'Tournées France Services — démonstration Tarn-et-Garonne',
		`  Adresse : ${host}`,
		...(ctx.config.clockNow ? [`  Date de la démonstration (CLOCK_NOW) : ${ctx.today()}`] : []),
		`  Mot de passe de tous les comptes : ${DEMO_PASSWORD}`,
		...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(36)} ${a.label}`),
		''
	];
	console.log(lines.join('\n'));
}
