import type { Kysely } from 'kysely';

/**
 * Home-visit requests and their history. The person's identity (name, phone, street, access notes)
 * lives only in `home_visit_requests` and is blanked by the retention job once the request has been
 * closed long enough (`anonymised_at`); the history keeps states, slots and authors, no identity.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('home_visit_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('relay_organisation_id', 'text', (c) => c.references('relay_organisations.id'))
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('person_name', 'text', (c) => c.notNull())
		.addColumn('person_phone', 'text', (c) => c.notNull())
		.addColumn('commune_insee', 'text', (c) => c.notNull().references('communes.insee'))
		.addColumn('street', 'text', (c) => c.notNull())
		.addColumn('access_notes', 'text', (c) => c.notNull())
		// JSON array of MobilityReason.
		.addColumn('reasons', 'text', (c) => c.notNull())
		.addColumn('operator_id', 'text')
		.addColumn('subject', 'text', (c) => c.notNull())
		// JSON: { weekdays, periods, from, to, note }.
		.addColumn('availability', 'text', (c) => c.notNull())
		.addColumn('consent_at', 'text', (c) => c.notNull())
		// The tour of the person's area (nearest site's tour): whose advisers see the request.
		.addColumn('tour_id', 'text', (c) => c.references('tours.id'))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('status_reason', 'text')
		.addColumn('slot_date', 'text')
		.addColumn('slot_period', 'text')
		.addColumn('slot_start', 'text')
		.addColumn('slot_end', 'text')
		.addColumn('closed_at', 'text')
		.addColumn('anonymised_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('home_visit_requests_relay_idx')
		.on('home_visit_requests')
		.columns(['relay_organisation_id', 'created_at'])
		.execute();
	await db.schema
		.createIndex('home_visit_requests_tour_idx')
		.on('home_visit_requests')
		.columns(['tour_id', 'status'])
		.execute();
	await db.schema
		.createIndex('home_visit_requests_slot_idx')
		.on('home_visit_requests')
		.columns(['slot_date', 'slot_period'])
		.execute();

	await db.schema
		.createTable('home_visit_events')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('request_id', 'text', (c) => c.notNull().references('home_visit_requests.id'))
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
		.addColumn('from_status', 'text')
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		// JSON { date, period, start, end } for scheduling events.
		.addColumn('slot', 'text')
		.execute();
	await db.schema
		.createIndex('home_visit_events_request_idx')
		.on('home_visit_events')
		.columns(['request_id', 'at'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('home_visit_events').execute();
	await db.schema.dropTable('home_visit_requests').execute();
}
