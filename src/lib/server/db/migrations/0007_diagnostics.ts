import type { Kysely } from 'kysely';

/**
 * Digital-skills diagnostics: the answers (JSON, by question id, at `questionnaire_version`),
 * the conditions of access, and the levels and recommendations the server computed from them.
 * No name: a follow-up code printed on the person's summary links two diagnostics of the same
 * person; the retention job erases it after two years, leaving an anonymous result.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('diagnostics')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('adviser_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('tour_id', 'text', (c) => c.references('tours.id'))
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('questionnaire_version', 'integer', (c) => c.notNull())
		.addColumn('follow_up_code', 'text')
		.addColumn('commune_insee', 'text', (c) => c.references('communes.insee'))
		.addColumn('answers', 'text', (c) => c.notNull())
		.addColumn('access', 'text', (c) => c.notNull())
		// JSON { area: { score, level } | null }, the overall level and score, JSON [recommendations].
		.addColumn('areas', 'text', (c) => c.notNull())
		.addColumn('overall_level', 'text', (c) => c.notNull())
		.addColumn('overall_score', 'real', (c) => c.notNull())
		.addColumn('recommendations', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('diagnostics_adviser_idx')
		.on('diagnostics')
		.columns(['adviser_id', 'version'])
		.execute();
	await db.schema.createIndex('diagnostics_date_idx').on('diagnostics').columns(['date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('diagnostics').execute();
}
