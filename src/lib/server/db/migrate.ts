import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_sync';
import * as m0003 from './migrations/0003_planning';
import * as m0004 from './migrations/0004_home_visits';
import * as m0005 from './migrations/0005_activity_records';
import * as m0006 from './migrations/0006_level2_cases';
import * as m0007 from './migrations/0007_diagnostics';
import * as m0008 from './migrations/0008_mediation_places';
import * as m0009 from './migrations/0009_announced_closures';
import * as m0010 from './migrations/0010_local_rules';
import * as m0011 from './migrations/0011_mds_sectors';
import * as m0012 from './migrations/0012_activity_updated_at';
import * as m0013 from './migrations/0013_idle_lock';

/**
 * Versioned migrations, in order. They are bundled with the server (no directory scan at run
 * time), run at start-up on both engines, and never edited once released: add a new one.
 */
export const MIGRATIONS: Record<string, Migration> = {
	'0001_initial': m0001,
	'0002_sync': m0002,
	'0003_planning': m0003,
	'0004_home_visits': m0004,
	'0005_activity_records': m0005,
	'0006_level2_cases': m0006,
	'0007_diagnostics': m0007,
	'0008_mediation_places': m0008,
	'0009_announced_closures': m0009,
	'0010_local_rules': m0010,
	'0011_mds_sectors': m0011,
	'0012_activity_updated_at': m0012,
	'0013_idle_lock': m0013
};

/**
 * `migrationTableSchema` pins Kysely's bookkeeping tables to our schema on PostgreSQL: without it,
 * Kysely finds another schema's `kysely_migration` in the same database and skips creating its own.
 */
export async function migrateToLatest(
	db: Kysely<unknown>,
	postgresSchema?: string
): Promise<MigrationResultSet> {
	const migrator = new Migrator({
		db,
		...(postgresSchema ? { migrationTableSchema: postgresSchema } : {}),
		provider: { getMigrations: async () => MIGRATIONS }
	});
	const result = await migrator.migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error');
		throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
			cause: result.error
		});
	}
	return result;
}
