import type { Kysely } from 'kysely';

/**
 * Activity records ("fiches d'accompagnement"): anonymous by design — coarse, optional fields
 * about the person (age bracket, commune, status), never a name. Append-only: the id comes from
 * the device that recorded it, so a record sent twice is one record. Lists (themes, equipment…)
 * are JSON arrays of the codes of `lib/domain/activity.ts`, at `lists_version`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('activity_records')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('adviser_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('tour_id', 'text', (c) => c.references('tours.id'))
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('place', 'text', (c) => c.notNull())
		.addColumn('permanence_id', 'text', (c) => c.references('permanences.id'))
		.addColumn('home_visit_id', 'text', (c) => c.references('home_visit_requests.id'))
		.addColumn('site_id', 'text', (c) => c.references('sites.id'))
		.addColumn('format', 'text', (c) => c.notNull())
		// JSON { title, level, participants } for a workshop, else null.
		.addColumn('workshop', 'text')
		.addColumn('age_bracket', 'text')
		.addColumn('person_commune_insee', 'text', (c) => c.references('communes.insee'))
		.addColumn('person_status', 'text')
		.addColumn('admin_themes', 'text', (c) => c.notNull())
		.addColumn('digital_themes', 'text', (c) => c.notNull())
		.addColumn('operator', 'text')
		.addColumn('level', 'integer', (c) => c.notNull())
		.addColumn('autonomy', 'text')
		.addColumn('equipment', 'text', (c) => c.notNull())
		// JSON { scope, until } — the mandate's scope and end date, no identity.
		.addColumn('aidants_connect', 'text')
		.addColumn('orientations', 'text', (c) => c.notNull())
		.addColumn('duration_minutes', 'integer', (c) => c.notNull())
		.addColumn('outcome', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('lists_version', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('activity_records_adviser_idx')
		.on('activity_records')
		.columns(['adviser_id', 'version'])
		.execute();
	await db.schema.createIndex('activity_records_date_idx').on('activity_records').columns(['date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('activity_records').execute();
}
