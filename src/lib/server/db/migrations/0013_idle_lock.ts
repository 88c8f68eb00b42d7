import { sql, type Kysely } from 'kysely';

/**
 * The minutes without use after which a device's app locks itself (issue 20), a rule of the
 * département like the others in `local_rules`: 15 by default (frozen here). The row gets a new
 * version so that devices already synced receive the rule at their next pull.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('local_rules')
		.addColumn('idle_lock_minutes', 'integer', (c) => c.notNull().defaultTo(15))
		.execute();
	await sql`UPDATE sync_state SET value = value + 1 WHERE key = 'version'`.execute(db);
	await sql`UPDATE local_rules SET version = (SELECT value FROM sync_state WHERE key = 'version')`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('local_rules').dropColumn('idle_lock_minutes').execute();
}
