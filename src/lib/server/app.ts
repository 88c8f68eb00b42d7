import { sql } from 'kysely';
import { readConfig, type Engine, type ServerConfig } from './config';
import { openDatabase, type DB } from './db';
import { migrateToLatest } from './db/migrate';
import { newToken } from './ids';
import { seedReferential } from './referential/seed';
import { TARN_ET_GARONNE } from './referential/tarn-et-garonne';
import { printDemoBanner, seedDemo } from './demo/mode';
import { everyInterval, scheduleRetention, type Schedule } from './jobs/retention';
import { startUpJobs } from './jobs/start-up';
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
 * Composes the app: opens the database, runs the migrations, seeds the referential and the demo
 * (`demo/mode.ts`), runs the start-up jobs (`jobs/start-up.ts`) and schedules the retention job
 * (`jobs/retention.ts`) until `close()`.
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
	await seedDemo(handle.db, config, now());
	await startUpJobs(handle.db, now(), config.homeVisitRetentionDays);
	const sessionSecret = await sessionSecretOf(handle.db, config.sessionSecret);
	const retention = scheduleRetention(handle.db, now, config.homeVisitRetentionDays, schedule);
	return {
		db: handle.db,
		engine: handle.engine,
		config,
		sessionSecret,
		now: clock.now,
		today: clock.today,
		close: async () => {
			// A retention run under way finishes before the database closes.
			await retention.stop();
			await handle.close();
		}
	};
}

export function startApp(): Promise<AppContext> {
	current ??= createApp().then((ctx) => {
		if (ctx.config.demo) printDemoBanner(ctx.today(), ctx.config.clockNow);
		return ctx;
	});
	return current;
}

export function app(): Promise<AppContext> {
	return startApp();
}
