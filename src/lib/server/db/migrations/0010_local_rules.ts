import { sql, type Kysely } from 'kysely';

/**
 * The département's own rules (`lib/domain/local-rules.ts`): one row, edited by the
 * coordination, versioned like every synced row so that devices receive it. The defaults are
 * frozen here (the département's practice when the table was made), not read from the code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('local_rules')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('min_spacing_days', 'integer', (c) => c.notNull())
		.addColumn('level2_response_days', 'integer', (c) => c.notNull())
		.addColumn('crew_with_digital_adviser', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('users.id'))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	// A new server version, so that devices already synced receive the row at their next pull.
	await sql`UPDATE sync_state SET value = value + 1 WHERE key = 'version'`.execute(db);
	await sql`INSERT INTO local_rules
		(id, min_spacing_days, level2_response_days, crew_with_digital_adviser, updated_at, updated_by, version)
		SELECT 'departement', 10, 15, 1, '1970-01-01T00:00:00.000Z', NULL, value
		FROM sync_state WHERE key = 'version'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('local_rules').execute();
}
