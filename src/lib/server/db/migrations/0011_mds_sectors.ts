import type { Kysely } from 'kysely';

/**
 * The sector of each commune: the maison départementale des solidarités (a relay organisation
 * of kind `solidarityHouse`) where its inhabitants are received for social support. Kept by the
 * coordination by importing the département's table (`/coordination/secteurs`); null until then.
 * On the commune row, so that it reaches devices with the communes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// No foreign-key clause: SQLite cannot add a column with one to an existing table in every
	// version; the import checks the MDS exists.
	await db.schema.alterTable('communes').addColumn('mds_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('communes').dropColumn('mds_id').execute();
}
