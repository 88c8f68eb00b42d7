import type { Kysely } from 'kysely';

/**
 * When a record was last corrected (`amendActivity`): the national activity report's « Dernière
 * modification le ». Null for a record never corrected, and for those corrected before this
 * migration (the server did not keep that time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('activity_records').addColumn('updated_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('activity_records').dropColumn('updated_at').execute();
}
