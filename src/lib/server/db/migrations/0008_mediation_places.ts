import type { Kysely } from 'kysely';

/**
 * The referral directory: digital-mediation places and social structures of the département,
 * imported from a file in the national schema of digital-mediation places and synced to the
 * advisers' devices. The primary key is the place's national identifier; lists are JSON text;
 * `fingerprint` is the hash of what the last import said, so that importing the same file
 * again changes no row and bumps no version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('mediation_places')
		.addColumn('id', 'text', (c) => c.primaryKey())
		// 'mediation' (lieu de médiation numérique) or 'social' (structure sociale), from its typologies.
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('address_detail', 'text')
		.addColumn('postcode', 'text', (c) => c.notNull())
		.addColumn('commune_name', 'text', (c) => c.notNull())
		.addColumn('commune_insee', 'text', (c) => c.references('communes.insee'))
		.addColumn('lat', 'real', (c) => c.notNull())
		.addColumn('lon', 'real', (c) => c.notNull())
		// 1 when the file gave no coordinates and the place stands at its commune's centre.
		.addColumn('approximate_position', 'integer', (c) => c.notNull().defaultTo(0))
		// OSM opening_hours as given, and its French rendering when the value is of the common subset.
		.addColumn('opening_hours', 'text')
		.addColumn('opening_hours_text', 'text')
		.addColumn('phone', 'text')
		.addColumn('emails', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('websites', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('appointment_url', 'text')
		.addColumn('services', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('typologies', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('publics', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('access_modes', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('fees', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('summary', 'text')
		.addColumn('source', 'text')
		// SIRET or RNA (`pivot` of the national schema).
		.addColumn('pivot', 'text', (c) => c.notNull())
		.addColumn('updated_on', 'text', (c) => c.notNull())
		// 0 once the coordination withdrew it: never proposed to advisers; a new import keeps it so.
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('fingerprint', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('mediation_places_version_idx')
		.on('mediation_places')
		.columns(['version'])
		.execute();
	await db.schema
		.createIndex('mediation_places_commune_idx')
		.on('mediation_places')
		.columns(['commune_insee'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('mediation_places').execute();
}
