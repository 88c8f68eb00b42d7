import Dexie, { type Table } from 'dexie';
import type { LocalStore, PendingMutation, ReviewItem } from '$lib/sync/engine';
import { rowsRead, type MutableView } from '$lib/sync/mutators';
import {
	rowKey,
	SYNCED_ENTITIES,
	type AnyEntityRow,
	type EntityRowOf,
	type MutationResult,
	type PullResponse,
	type SyncedEntity
} from '$lib/sync/protocol';
import { PERSONAL_ENTITIES } from '$lib/contracts/synced';
import { withoutPersonalArgs } from '$lib/contracts/sync';
import { LOCAL_DB_VERSIONS } from './schema';

interface OutboxRow extends PendingMutation {
	/** `entity:id` of the rows the optimistic mutator changed. */
	touched: string[];
}
interface ShadowRow {
	key: string;
	entity: SyncedEntity;
	/** The server's row, or null when the row does not exist on the server. */
	row: AnyEntityRow | null;
}
interface ReviewRow extends ReviewItem {
	id: number;
}
interface MetaRow {
	key: string;
	value: unknown;
}
export interface SyncLogRow {
	seq?: number;
	at: string;
	ok: boolean;
	message: string;
}

/** The database of one user on one device (its name carries the user id: accounts never mix). */
export class LocalDatabase extends Dexie {
	outbox!: Table<OutboxRow, number>;
	shadows!: Table<ShadowRow, string>;
	reviews!: Table<ReviewRow, number>;
	meta!: Table<MetaRow, string>;
	syncLog!: Table<SyncLogRow, number>;

	constructor(
		name: string,
		options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; upTo?: number }
	) {
		super(
			name,
			options?.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : undefined
		);
		for (const { version, stores } of LOCAL_DB_VERSIONS) {
			if (options?.upTo !== undefined && version > options.upTo) break;
			const v = this.version(version).stores(stores);
			if (version === 2) {
				// Sites stored by v1 had no indexed status: give them one so the new index sees them.
				v.upgrade((tx) =>
					tx
						.table('sites')
						.toCollection()
						.modify((site: { status?: string }) => void (site.status ??= 'active'))
				);
			}
		}
	}

	entity<E extends SyncedEntity>(entity: E): Table<EntityRowOf<E>, string> {
		return this.table(entity);
	}
}

const key = (entity: SyncedEntity, id: string) => `${entity}:${id}`;

/**
 * A mutator's view over rows kept by `entity:id`: what it wrote, else what was read before. Rows
 * are typed by their entity through `key`, which is why the casts below are sound.
 */
function viewOver(
	written: Map<string, { entity: SyncedEntity; row: AnyEntityRow | null }>,
	read?: Map<string, AnyEntityRow | undefined>
): MutableView {
	return {
		get: <E extends SyncedEntity>(entity: E, id: string) => {
			const k = key(entity, id);
			const w = written.get(k);
			return (w ? (w.row ?? undefined) : read?.get(k)) as EntityRowOf<E> | undefined;
		},
		put: (entity, row) => void written.set(key(entity, rowKey(entity, row)), { entity, row })
	};
}

function withoutTouched(row: OutboxRow): PendingMutation {
	const copy: Partial<OutboxRow> = { ...row };
	delete copy.touched;
	return copy as PendingMutation;
}

/**
 * The LocalStore contract over IndexedDB. The view tables hold what the person sees (server rows
 * with pending mutations applied); `shadows` keep the server version of the rows pending mutations
 * touched, so that a pull rebuilds only those rows. A first sync is therefore a plain bulkPut.
 */
export class DexieStore implements LocalStore {
	constructor(
		readonly db: LocalDatabase,
		private readonly newClientId: () => string,
		/** A relay's device keeps no personal data: refused changes are kept without the person's data. */
		private readonly keepsPersonalData = true
	) {}

	private async metaValue<T>(k: string): Promise<T | undefined> {
		return (await this.db.meta.get(k))?.value as T | undefined;
	}

	async clientId(): Promise<string> {
		return this.db.transaction('rw', this.db.meta, async () => {
			const existing = await this.metaValue<string>('clientId');
			if (existing) return existing;
			const id = this.newClientId();
			await this.db.meta.put({ key: 'clientId', value: id });
			return id;
		});
	}

	async cursor(): Promise<string | null> {
		return (await this.metaValue<string>('cursor')) ?? null;
	}

	async enqueue(
		name: string,
		args: unknown,
		createdAt: string,
		mutate: (view: MutableView) => void
	): Promise<number> {
		const tables = [
			this.db.outbox,
			this.db.shadows,
			this.db.meta,
			...SYNCED_ENTITIES.map((e) => this.db.entity(e))
		];
		return this.db.transaction('rw', tables, async () => {
			const id = ((await this.metaValue<number>('lastMutationId')) ?? 0) + 1;
			// The mutator is synchronous: read the rows it may touch first, then apply, then write.
			const reads = new Map<string, AnyEntityRow | undefined>();
			const writes = new Map<string, { entity: SyncedEntity; row: AnyEntityRow }>();
			for (const [entity, rowId] of rowsRead(name, args))
				reads.set(key(entity, rowId), await this.db.entity(entity).get(rowId));
			mutate(viewOver(writes, reads));
			for (const [k, { entity, row }] of writes) {
				if (!(await this.db.shadows.get(k)))
					await this.db.shadows.put({ key: k, entity, row: reads.get(k) ?? null });
				await this.db.entity(entity).put(row);
			}
			await this.db.outbox.add({ id, name, args, createdAt, touched: [...writes.keys()] });
			await this.db.meta.put({ key: 'lastMutationId', value: id });
			return id;
		});
	}

	async outbox(): Promise<PendingMutation[]> {
		return (await this.db.outbox.orderBy('id').toArray()).map(withoutTouched);
	}

	async recordResults(results: MutationResult[]): Promise<void> {
		await this.db.transaction('rw', this.db.outbox, this.db.reviews, async () => {
			for (const result of results) {
				const m = await this.db.outbox.get(result.id);
				if (!m || m.result) continue;
				await this.db.outbox.update(result.id, { result });
				if (result.status === 'rejected' || result.status === 'conflict') {
					const kept = withoutTouched(m);
					const mutation = this.keepsPersonalData
						? kept
						: { ...kept, args: withoutPersonalArgs(kept.name, kept.args) };
					await this.db.reviews.put({
						id: m.id,
						mutation: { ...mutation, result },
						status: result.status,
						reason: result.reason ?? '',
						...(result.conflict ? { conflict: result.conflict } : {})
					});
				}
			}
		});
	}

	async applyPull(
		pull: PullResponse,
		replayMutation: (view: MutableView, m: PendingMutation) => void
	): Promise<void> {
		const tables = [
			this.db.outbox,
			this.db.shadows,
			this.db.meta,
			...SYNCED_ENTITIES.map((e) => this.db.entity(e))
		];
		await this.db.transaction('rw', tables, async () => {
			const shadows = new Map((await this.db.shadows.toArray()).map((s) => [s.key, s]));
			for (const entity of SYNCED_ENTITIES) {
				const table = this.db.entity(entity);
				if (pull.reset) await table.clear();
				const rows = pull.changes[entity] ?? [];
				const direct: AnyEntityRow[] = [];
				for (const row of rows) {
					const shadow = shadows.get(key(entity, rowKey(entity, row)));
					if (shadow) shadow.row = row;
					else direct.push(row);
				}
				if (direct.length) await table.bulkPut(direct);
				const deletes = pull.deletes[entity] ?? [];
				if (deletes.length) await table.bulkDelete(deletes);
				for (const id of deletes) {
					const shadow = shadows.get(key(entity, id));
					if (shadow) shadow.row = null;
				}
			}
			// Drop what the server answered and confirmed; rebuild the rows pending mutations touch.
			const outbox = await this.db.outbox.orderBy('id').toArray();
			const confirmed = outbox.filter((m) => m.result && m.id <= pull.lastMutationId).map((m) => m.id);
			if (confirmed.length) await this.db.outbox.bulkDelete(confirmed);
			const remaining = outbox.filter((m) => !confirmed.includes(m.id));
			const rebuilt = new Map<string, { entity: SyncedEntity; row: AnyEntityRow | null }>();
			for (const [k, s] of shadows)
				rebuilt.set(k, { entity: s.entity, row: s.row ? structuredClone(s.row) : null });
			const view = viewOver(rebuilt);
			for (const m of remaining) replayMutation(view, m);
			const stillTouched = new Set(remaining.flatMap((m) => m.touched));
			for (const [k, { entity, row }] of rebuilt) {
				const id = k.slice(entity.length + 1);
				if (row) await this.db.entity(entity).put(row);
				else await this.db.entity(entity).delete(id);
				if (stillTouched.has(k))
					await this.db.shadows.put({ key: k, entity, row: shadows.get(k)?.row ?? null });
				else await this.db.shadows.delete(k);
			}
			await this.db.meta.put({ key: 'cursor', value: pull.cursor });
		});
	}

	async forgetPersonalData(): Promise<void> {
		const tables = [
			this.db.shadows,
			this.db.reviews,
			this.db.meta,
			...PERSONAL_ENTITIES.map((e) => this.db.entity(e))
		];
		await this.db.transaction('rw', tables, async () => {
			for (const entity of PERSONAL_ENTITIES) await this.db.entity(entity).clear();
			await this.db.shadows.filter((s) => PERSONAL_ENTITIES.includes(s.entity)).delete();
			await this.db.reviews.clear();
			await this.db.meta.delete('cursor');
		});
	}

	async reviewItems(): Promise<ReviewItem[]> {
		return this.db.reviews.orderBy('id').toArray();
	}

	/** The person decided: the rejected change is dropped for good (the server never applied it). */
	async discardReview(id: number): Promise<void> {
		await this.db.reviews.delete(id);
	}
}
