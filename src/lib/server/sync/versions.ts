import type { Transaction } from 'kysely';
import type { DB } from '../db';
import type { Database } from '../db/schema';

/**
 * Takes the next server version. The UPDATE locks the counter row until the transaction ends,
 * so versions are handed out in commit order: a pull that reads version V has seen every change
 * up to V. This counter, not any device clock, orders all changes.
 *
 * Inside a run of mutations that commit together (see `VersionLease`), every change shares the
 * run's version: the counter is taken once, not once per mutation.
 */
export async function nextVersion(db: DB): Promise<number> {
	const lease = leases.get(db);
	if (lease?.version !== undefined) return lease.version;
	const row = await db
		.updateTable('sync_state')
		.set((eb) => ({ value: eb('value', '+', 1) }))
		.where('key', '=', 'version')
		.returning('value')
		.executeTakeFirstOrThrow();
	const version = Number(row.value);
	if (lease) lease.taken(db, version);
	return version;
}

const leases = new WeakMap<DB, VersionLease>();

/**
 * One version for all the changes of a transaction that commits them together (a push's run of
 * mutations, each under its own savepoint). Every change shares it: they become visible at the
 * same commit, so a pull never sees part of them. Taking the counter once per run also saves a
 * round trip per mutation and, on PostgreSQL, rewriting the counter's row again and again in one
 * transaction. When the savepoint that took the version is rolled back, so is the counter: the
 * next change takes it anew.
 */
export class VersionLease {
	version: number | undefined;
	private holder: DB | undefined;

	/** Changes made through `db` (a savepoint of the run) share the run's version. */
	attach(db: DB): void {
		leases.set(db, this);
	}

	taken(db: DB, version: number): void {
		this.version = version;
		this.holder = db;
	}

	/** `db` was rolled back: if it took the version, the counter went back with it. */
	rolledBack(db: DB): void {
		leases.delete(db);
		if (this.holder !== db) return;
		this.version = undefined;
		this.holder = undefined;
	}
}

export async function currentVersion(db: DB): Promise<number> {
	const row = await db
		.selectFrom('sync_state')
		.select('value')
		.where('key', '=', 'version')
		.executeTakeFirstOrThrow();
	return Number(row.value);
}

/** Runs `fn` in the caller's transaction if there is one, else in a new one. */
export function inTransaction<T>(db: DB, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
	if (db.isTransaction) return fn(db as Transaction<Database>);
	return db.transaction().execute(fn);
}

/** A row left a scope (deleted, or moved to another tour): clients of that scope must drop it. */
export async function tombstone(
	db: DB,
	version: number,
	entity: string,
	entityId: string,
	scope: string
): Promise<void> {
	await db.insertInto('sync_tombstones').values({ version, entity, entity_id: entityId, scope }).execute();
}

/** Tombstones kept; older ones are pruned, and a cursor older than what was pruned gets a full resync. */
export const TOMBSTONES_KEPT = 20_000;

/**
 * Keeps the newest `keep` tombstones and records up to which version the older ones were dropped
 * (`tombstone_horizon`): a device whose cursor is older can no longer be told what to forget, so
 * its next pull is a reset.
 */
export async function pruneTombstones(db: DB, keep = TOMBSTONES_KEPT): Promise<number> {
	const cut = await db
		.selectFrom('sync_tombstones')
		.select('version')
		.orderBy('version', 'desc')
		.offset(keep)
		.limit(1)
		.executeTakeFirst();
	if (!cut) return 0;
	return inTransaction(db, async (trx) => {
		const deleted = await trx
			.deleteFrom('sync_tombstones')
			.where('version', '<=', cut.version)
			.executeTakeFirst();
		await trx
			.insertInto('sync_state')
			.values({ key: 'tombstone_horizon', value: cut.version })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: cut.version }))
			.execute();
		return Number(deleted.numDeletedRows);
	});
}

export async function tombstoneHorizon(db: DB): Promise<number> {
	const row = await db
		.selectFrom('sync_state')
		.select('value')
		.where('key', '=', 'tombstone_horizon')
		.executeTakeFirst();
	return row ? Number(row.value) : 0;
}
