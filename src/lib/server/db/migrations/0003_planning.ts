import type { Kysely } from 'kysely';

/**
 * The tours' calendar: each site's recurring pattern, dated permanences (draft until the
 * coordinator publishes them), the notices that record every change of a published permanence
 * (shown on the public pages and in the calendar feeds), and staff absences the planner respects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('site_patterns')
		.addColumn('site_id', 'text', (c) => c.primaryKey().references('sites.id'))
		.addColumn('tour_id', 'text', (c) => c.notNull().references('tours.id'))
		.addColumn('weekday', 'integer', (c) => c.notNull())
		.addColumn('period', 'text', (c) => c.notNull())
		.addColumn('weeks', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('permanences')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
		.addColumn('tour_id', 'text', (c) => c.notNull().references('tours.id'))
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('period', 'text', (c) => c.notNull())
		.addColumn('start_time', 'text', (c) => c.notNull())
		.addColumn('end_time', 'text', (c) => c.notNull())
		// JSON array of the two advisers' user ids.
		.addColumn('adviser_ids', 'text', (c) => c.notNull())
		// The working plan: planned | cancelled (changes wait for "Publier" to reach the public).
		.addColumn('status', 'text', (c) => c.notNull())
		// Why the working plan differs from what was published (becomes the notice's reason).
		.addColumn('change_reason', 'text')
		// What the public was told, copied from the working plan by "Publier": null until then.
		.addColumn('public_status', 'text')
		.addColumn('public_date', 'text')
		.addColumn('public_period', 'text')
		.addColumn('public_start', 'text')
		.addColumn('public_end', 'text')
		// The date the site's pattern gave, when the permanence was moved from it.
		.addColumn('pattern_date', 'text')
		// JSON array of French sentences: why the planner put it there.
		.addColumn('explanations', 'text', (c) => c.notNull())
		// iCalendar SEQUENCE: raised on every change after publication.
		.addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('published_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('permanences_tour_date_idx')
		.on('permanences')
		.columns(['tour_id', 'date'])
		.execute();
	await db.schema
		.createIndex('permanences_site_date_idx')
		.on('permanences')
		.columns(['site_id', 'date'])
		.execute();
	await db.schema
		.createIndex('permanences_public_idx')
		.on('permanences')
		.columns(['site_id', 'public_date'])
		.execute();
	await db.schema.createIndex('permanences_version_idx').on('permanences').column('version').execute();

	await db.schema
		.createTable('permanence_notices')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('permanence_id', 'text', (c) => c.notNull().references('permanences.id'))
		.addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
		// moved | cancelled
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('old_date', 'text', (c) => c.notNull())
		.addColumn('old_period', 'text', (c) => c.notNull())
		.addColumn('old_start', 'text', (c) => c.notNull())
		.addColumn('old_end', 'text', (c) => c.notNull())
		.addColumn('new_date', 'text')
		.addColumn('new_period', 'text')
		.addColumn('new_start', 'text')
		.addColumn('new_end', 'text')
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('permanence_notices_site_idx')
		.on('permanence_notices')
		.columns(['site_id', 'old_date'])
		.execute();

	await db.schema
		.createTable('absences')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('from_date', 'text', (c) => c.notNull())
		.addColumn('to_date', 'text', (c) => c.notNull())
		// morning | afternoon | null (whole days)
		.addColumn('period', 'text')
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('absences_user_idx').on('absences').columns(['user_id', 'from_date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['absences', 'permanence_notices', 'permanences', 'site_patterns']) {
		await db.schema.dropTable(table).execute();
	}
}
