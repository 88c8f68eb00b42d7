import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface EngineUnderTest {
	name: 'sqlite' | 'postgres';
	/** Environment for a fresh, empty database of this engine. */
	freshEnv(): Record<string, string>;
}

async function postgresReachable(): Promise<boolean> {
	const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/**
 * The engines the integration suite runs against. PostgreSQL is required in CI (CI=true):
 * unreachable, the suite fails instead of silently testing SQLite only.
 */
export async function enginesUnderTest(): Promise<EngineUnderTest[]> {
	const engines: EngineUnderTest[] = [
		{
			name: 'sqlite',
			freshEnv: () => ({ DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'tfs-it-')), 'test.sqlite') })
		}
	];
	if (await postgresReachable()) {
		engines.push({
			name: 'postgres',
			freshEnv: () => ({
				DATABASE_URL: POSTGRES_URL,
				DATABASE_SCHEMA: `it_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
			})
		});
	} else if (process.env.CI === 'true') {
		throw new Error(
			`PostgreSQL unreachable at ${POSTGRES_URL}: CI requires the PostgreSQL integration tests.`
		);
	} else {
		console.warn(
			`PostgreSQL unreachable at ${POSTGRES_URL}: PostgreSQL integration tests skipped (set CI=true to fail).`
		);
	}
	return engines;
}

/** Drops the schemas created by earlier runs (older than an hour), so the test database stays small. */
export async function dropOldSchemas(): Promise<void> {
	const client = new pg.Client({ connectionString: POSTGRES_URL });
	try {
		await client.connect();
		const { rows } = await client.query<{ nspname: string }>(
			"SELECT nspname FROM pg_namespace WHERE nspname LIKE 'it\\_%'"
		);
		const hourAgo = Date.now() - 3_600_000;
		for (const { nspname } of rows) {
			const created = parseInt(nspname.split('_')[1] ?? '', 36);
			if (Number.isFinite(created) && created < hourAgo)
				await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
		}
	} catch {
		// best effort
	} finally {
		await client.end().catch(() => undefined);
	}
}
