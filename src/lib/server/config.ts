import { resolve } from 'node:path';
import { z } from 'zod/mini';
import { DEFAULT_RETENTION_DAYS } from '$lib/domain/home-visit';

export type Engine = 'sqlite' | 'postgres';

export interface ServerConfig {
	engine: Engine;
	/** SQLite file (engine sqlite). */
	databasePath: string;
	/** postgres://… (engine postgres). */
	databaseUrl: string | null;
	/** PostgreSQL schema to use instead of `public` (tests use a fresh one per run). */
	databaseSchema: string | null;
	/** Key of the HMAC that turns session tokens into stored ids; generated and kept in the database if unset. */
	sessionSecret: string | null;
	/** Demo mode: seeds the demo accounts and prints them. Never set it in production. */
	demo: boolean;
	/** Demo mode only: plan and publish a calendar on a database that has none (DEMO_CALENDAR=false to skip). */
	demoCalendar: boolean;
	/** Demo mode only: months of past permanences and activity records on a database that has none (`npm run demo` sets DEMO_HISTORY=true). */
	demoHistory: boolean;
	/** Days a closed home-visit request keeps the person's identity before it is anonymised. */
	homeVisitRetentionDays: number;
	production: boolean;
	/**
	 * `CLOCK_NOW`: the instant the server's clock starts from, instead of the machine's time (the
	 * demo and the tests set the day they show). Accepted only with `DEMO=true` or `NODE_ENV=test`.
	 */
	clockNow: Date | null;
}

/** Reads the configuration from the environment (the only place that does). */
export function readConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new Error('DATABASE_URL doit commencer par postgres:// (ou être absent pour SQLite).');
	}
	const schema = env.DATABASE_SCHEMA?.trim() || null;
	if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
		throw new Error('DATABASE_SCHEMA : lettres minuscules, chiffres et _ seulement.');
	}
	return {
		engine: databaseUrl ? 'postgres' : 'sqlite',
		databasePath: resolve(env.DATABASE_PATH?.trim() || 'data/tournees.sqlite'),
		databaseUrl,
		databaseSchema: schema,
		sessionSecret: env.SESSION_SECRET?.trim() || null,
		demo: env.DEMO === 'true' || env.DEMO === '1',
		demoCalendar: env.DEMO_CALENDAR !== 'false' && env.DEMO_CALENDAR !== '0',
		demoHistory: env.DEMO_HISTORY === 'true' || env.DEMO_HISTORY === '1',
		homeVisitRetentionDays: retentionDays(env.HOME_VISIT_RETENTION_DAYS),
		production: env.NODE_ENV === 'production',
		clockNow: clockNow(env)
	};
}

/** An ISO 8601 instant with its offset, on a day that exists: `2027-03-30T09:00:00+02:00`, `…T07:00:00Z`. */
const isoInstant = z.iso.datetime({ offset: true });

function clockNow(env: Record<string, string | undefined>): Date | null {
	const value = env.CLOCK_NOW?.trim();
	if (!value) return null;
	const demo = env.DEMO === 'true' || env.DEMO === '1';
	if (!demo && env.NODE_ENV !== 'test') {
		throw new Error(
			'CLOCK_NOW fixe la date du serveur : il n’est accepté qu’en démonstration (DEMO=true) ou en test (NODE_ENV=test). ' +
				'Retirez-le : en production, le serveur suit l’horloge de la machine.'
		);
	}
	const instant = new Date(value);
	if (!isoInstant.safeParse(value).success || Number.isNaN(instant.getTime())) {
		throw new Error(
			`CLOCK_NOW : « ${value} » n’est pas un instant ISO 8601 avec son décalage, par exemple 2027-03-30T09:00:00+02:00.`
		);
	}
	return instant;
}

function retentionDays(value: string | undefined): number {
	if (!value?.trim()) return DEFAULT_RETENTION_DAYS;
	const days = Number(value);
	if (!Number.isInteger(days) || days < 1 || days > 3650) {
		throw new Error('HOME_VISIT_RETENTION_DAYS : un nombre entier de jours entre 1 et 3650.');
	}
	return days;
}
