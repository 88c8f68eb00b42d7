import { sql, type Kysely } from 'kysely';

/**
 * An end announced without a date (seed 003): the permanences of a commune where a France Services
 * is being labelled « seront arrêtées dès que la labellisation … sera effective ». `replaced_by`
 * names that France Services among the relay organisations; the coordinator records its opening
 * date when it is known, and the site then follows its life cycle (closing → closed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	// No foreign-key clause: SQLite cannot add a column with one to an existing table in every
	// version; the service checks the relay exists.
	await db.schema.alterTable('sites').addColumn('replaced_by', 'text').execute();
	await fillAnnouncedClosures(db);
}

/**
 * Databases seeded before this migration: the seven sites the deliberation names (the seed sets
 * them on new databases). Only where both rows exist, the site is still active and names none.
 */
export async function fillAnnouncedClosures(db: Kysely<unknown>): Promise<void> {
	for (const [site, relay] of ANNOUNCED) {
		await sql`UPDATE sites SET replaced_by = ${relay}
			WHERE id = ${site} AND status = 'active' AND replaced_by IS NULL
			AND EXISTS (SELECT 1 FROM relay_organisations WHERE id = ${relay})`.execute(db);
	}
}

/** Frozen with this migration: site id → the France Services that will replace it (seed 003). */
const ANNOUNCED: readonly (readonly [string, string])[] = [
	['mairie-lamagistere', 'france-services-lamagistere'],
	['mairie-laguepie', 'france-services-laguepie'],
	['mairie-molieres', 'france-services-molieres'],
	['mairie-la-ville-dieu-du-temple', 'france-services-la-ville-dieu-du-temple'],
	['mairie-villebrumier', 'france-services-villebrumier'],
	['mds-montech', 'france-services-montech'],
	['mairie-beaumont-de-lomagne', 'france-services-beaumont-de-lomagne']
];

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('sites').dropColumn('replaced_by').execute();
}
