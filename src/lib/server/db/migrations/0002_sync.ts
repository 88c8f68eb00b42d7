import { sql, type Kysely } from 'kysely';

/**
 * Sync bookkeeping: a server-wide version counter (the only clock that orders changes), a
 * version on every synced row, tombstones for rows that leave a scope, and per-client
 * idempotency (last mutation applied and the outcome of each mutation).
 */
const SYNCED_TABLES = ['communes', 'vehicles', 'tours', 'sites', 'operators', 'relay_organisations'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
	for (const table of SYNCED_TABLES) {
		await db.schema
			.alterTable(table)
			.addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		await db.schema.createIndex(`${table}_version_idx`).on(table).column('version').execute();
	}

	await db.schema
		.createTable('sync_state')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'integer', (c) => c.notNull())
		.execute();
	await sql`INSERT INTO sync_state (key, value) VALUES ('version', 0)`.execute(db);

	await db.schema
		.createTable('sync_tombstones')
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('scope', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('sync_tombstones_scope_idx')
		.on('sync_tombstones')
		.columns(['scope', 'version'])
		.execute();

	await db.schema
		.createTable('sync_clients')
		.addColumn('client_id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('last_mutation_id', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sync_outcomes')
		.addColumn('client_id', 'text', (c) => c.notNull())
		.addColumn('mutation_id', 'integer', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('details', 'text')
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('sync_outcomes_pk', ['client_id', 'mutation_id'])
		.execute();

	await db.schema
		.createTable('sync_failures')
		.addColumn('client_id', 'text', (c) => c.notNull())
		.addColumn('mutation_id', 'integer', (c) => c.notNull())
		.addColumn('error', 'text', (c) => c.notNull())
		.addColumn('count', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('sync_failures_pk', ['client_id', 'mutation_id'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['sync_failures', 'sync_outcomes', 'sync_clients', 'sync_tombstones', 'sync_state']) {
		await db.schema.dropTable(table).execute();
	}
	for (const table of SYNCED_TABLES) {
		await db.schema.dropIndex(`${table}_version_idx`).execute();
		await db.schema.alterTable(table).dropColumn('version').execute();
	}
}
