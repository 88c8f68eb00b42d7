import type { Kysely } from 'kysely';

/** The referential, accounts and sessions. Portable types only (see schema.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('communes')
		.addColumn('insee', 'varchar(5)', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('postcodes', 'text', (c) => c.notNull())
		.addColumn('population', 'integer', (c) => c.notNull())
		.addColumn('lat', 'double precision', (c) => c.notNull())
		.addColumn('lon', 'double precision', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('vehicles')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('registration', 'text')
		.addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('tours')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('number', 'integer', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('colour', 'text', (c) => c.notNull())
		.addColumn('vehicle_id', 'text', (c) => c.references('vehicles.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sites')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('commune_insee', 'varchar(5)', (c) => c.notNull().references('communes.insee'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('source_name', 'text')
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('access_notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('address_to_confirm', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('lat', 'double precision', (c) => c.notNull())
		.addColumn('lon', 'double precision', (c) => c.notNull())
		.addColumn('opening_slots', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('closing_on', 'varchar(10)')
		.addColumn('redirect_name', 'text')
		.addColumn('redirect_address', 'text')
		.addColumn('redirect_phone', 'text')
		.addColumn('tour_id', 'text', (c) => c.references('tours.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sites_commune_idx').on('sites').column('commune_insee').execute();
	await db.schema.createIndex('sites_tour_idx').on('sites').column('tour_id').execute();

	await db.schema
		.createTable('operators')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('short_name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('sort_order', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('relay_organisations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('commune_insee', 'varchar(5)', (c) => c.notNull().references('communes.insee'))
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('phone', 'text')
		.addColumn('email', 'text')
		.addColumn('to_confirm', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('adviser_kind', 'text')
		.addColumn('tour_id', 'text', (c) => c.references('tours.id'))
		.addColumn('relay_organisation_id', 'text', (c) => c.references('relay_organisations.id'))
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('revoked_at', 'text')
		.execute();
	await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('login_attempts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('attempted_at', 'text', (c) => c.notNull())
		.addColumn('succeeded', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('login_attempts_key_idx')
		.on('login_attempts')
		.columns(['key', 'attempted_at'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('object_type', 'text', (c) => c.notNull())
		.addColumn('object_id', 'text', (c) => c.notNull())
		.addColumn('details', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('audit_log_object_idx')
		.on('audit_log')
		.columns(['object_type', 'object_id'])
		.execute();

	await db.schema
		.createTable('server_settings')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'server_settings',
		'audit_log',
		'login_attempts',
		'sessions',
		'users',
		'relay_organisations',
		'operators',
		'sites',
		'tours',
		'vehicles',
		'communes'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
