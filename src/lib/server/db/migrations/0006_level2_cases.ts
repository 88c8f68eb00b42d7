import type { Kysely } from 'kysely';

/**
 * Level-2 follow-up. The coordination keeps, per operator, its named correspondents (their
 * professional contact); a level-2 activity record opens a case handed to one of them, followed
 * until closed (`lib/domain/level2.ts`). A case holds what was handed over (a subject, without a
 * name) and, only if the adviser must call the person back, a contact — blanked by the retention
 * job once the case is closed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('operator_correspondents')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('email', 'text')
		.addColumn('phone', 'text')
		// The area or the kind of files this correspondent takes, e.g. "Secteur de Castelsarrasin".
		.addColumn('area', 'text', (c) => c.notNull())
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('operator_correspondents_version_idx')
		.on('operator_correspondents')
		.columns(['version'])
		.execute();

	await db.schema
		.createTable('level2_cases')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('activity_record_id', 'text', (c) => c.notNull().unique().references('activity_records.id'))
		.addColumn('adviser_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('tour_id', 'text', (c) => c.references('tours.id'))
		.addColumn('operator', 'text', (c) => c.notNull())
		.addColumn('correspondent_id', 'text', (c) => c.references('operator_correspondents.id'))
		.addColumn('subject', 'text', (c) => c.notNull())
		// How to call the person back, only when needed; null once the retention job has run.
		.addColumn('contact', 'text')
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('transmitted_on', 'text', (c) => c.notNull())
		.addColumn('due_on', 'text', (c) => c.notNull())
		.addColumn('chase_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_chased_on', 'text')
		.addColumn('answered_on', 'text')
		.addColumn('closed_on', 'text')
		// The answer or the closing word, short and without a name.
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('contact_erased_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('level2_cases_adviser_idx')
		.on('level2_cases')
		.columns(['adviser_id', 'version'])
		.execute();
	await db.schema
		.createIndex('level2_cases_state_idx')
		.on('level2_cases')
		.columns(['state', 'due_on'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('level2_cases').execute();
	await db.schema.dropTable('operator_correspondents').execute();
}
