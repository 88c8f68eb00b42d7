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
import {
	isSealed,
	Locked,
	openAll,
	openRow,
	SEALED,
	sealRecord,
	sealRow,
	type SealedRecord
} from '../crypto/row-cipher';
import { LOCAL_DB_VERSIONS } from './schema';

interface OutboxRow extends Omit<PendingMutation, 'args'> {
	/**
	 * The arguments, sealed as a record of `outbox` (`sealArgs`); rows stored by version 10 and
	 * before may still hold them clear.
	 */
	args: unknown;
	/** `entity:id` of the rows the optimistic mutator changed. */
	touched: string[];
}
interface ShadowRow {
	key: string;
	entity: SyncedEntity;
	/** The server's row as stored (personal fields sealed), or null when the server has no such row. */
	row: Record<string, unknown> | null;
}
/**
 * A review: its id and status in clear, the item (mutation, reason, conflict) sealed as a record
 * (rows stored by version 10 and before may still hold the item clear).
 */
interface ReviewRow {
	id: number;
	status: ReviewItem['status'];
	[SEALED]?: SealedRecord;
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

/** A pending change's arguments as stored: sealed as a record of `outbox`, bound to its id. */
const sealArgs = (dataKey: CryptoKey, id: number, args: unknown) =>
	sealRecord(dataKey, 'outbox', id, args, {});

/** A review as stored: the item sealed as a record of `reviews`, its id and status clear. */
const sealReview = (dataKey: CryptoKey, id: number, item: ReviewItem) =>
	sealRecord(dataKey, 'reviews', id, item, { status: item.status }) as Promise<unknown> as Promise<ReviewRow>;

/** A stored row, opened (rows are typed by their entity, hence the cast); none stays none. */
async function openStored(
	key: CryptoKey,
	entity: SyncedEntity,
	row: Record<string, unknown> | null | undefined
): Promise<AnyEntityRow | undefined> {
	return row ? ((await openRow(key, entity, row)) as AnyEntityRow) : undefined;
}

/**
 * The LocalStore contract over IndexedDB. The view tables hold what the person sees (server rows
 * with pending mutations applied); `shadows` keep the server version of the rows pending mutations
 * touched, so that a pull rebuilds only those rows. A first sync is therefore a plain bulkPut.
 *
 * At rest, the personal fields of every row, the arguments of every pending mutation and the
 * reviews are sealed with the data key (issue 20, `crypto/`): without the key, writing and reading
 * them throws `Locked`. WebCrypto's promises are not IndexedDB's, and a transaction that waits on
 * them would commit early: pulled rows are sealed before the transaction opens, and the few
 * operations a transaction needs inside it wait through `Dexie.waitFor`.
 */
export class DexieStore implements LocalStore {
	private readonly keepsPersonalData: boolean;
	private readonly dataKey: () => Promise<CryptoKey | null>;
	private sealedLegacy?: Promise<void>;

	constructor(
		readonly db: LocalDatabase,
		private readonly newClientId: () => string,
		options: {
			/** The data key while the app is unlocked, null when locked. */
			dataKey: () => Promise<CryptoKey | null>;
			/** A relay's device keeps no personal data: refused changes are kept without the person's data. */
			keepsPersonalData?: boolean;
		}
	) {
		this.dataKey = options.dataKey;
		this.keepsPersonalData = options.keepsPersonalData ?? true;
	}

	/** The data key, or `Locked`; the first time, seals what an earlier version stored clear. */
	private async key(): Promise<CryptoKey> {
		const key = await this.dataKey();
		if (!key) throw new Locked();
		this.sealedLegacy ??= this.sealClearRows(key);
		await this.sealedLegacy;
		return key;
	}

	/** The data key is in memory: personal data can be read and written. */
	async isUnlocked(): Promise<boolean> {
		return (await this.dataKey()) !== null;
	}

	/** What a read of this database returned, its sealed rows opened (without their personal fields when locked). */
	async opened<T>(value: T): Promise<T> {
		return openAll(await this.dataKey(), value);
	}

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
		const dataKey = await this.key();
		const tables = [
			this.db.outbox,
			this.db.shadows,
			this.db.meta,
			...SYNCED_ENTITIES.map((e) => this.db.entity(e))
		];
		return this.db.transaction('rw', tables, async () => {
			const id = ((await this.metaValue<number>('lastMutationId')) ?? 0) + 1;
			// The mutator is synchronous: read the rows it may touch first, then apply, then write.
			const wanted = rowsRead(name, args);
			const stored = await Promise.all(
				wanted.map(([entity, rowId]) => this.db.table<Record<string, unknown>>(entity).get(rowId))
			);
			const opened = await Dexie.waitFor(
				Promise.all(wanted.map(([entity], i) => openStored(dataKey, entity, stored[i])))
			);
			const reads = new Map<string, AnyEntityRow | undefined>();
			wanted.forEach(([entity, rowId], i) => reads.set(key(entity, rowId), opened[i]));
			const storedByKey = new Map(wanted.map(([entity, rowId], i) => [key(entity, rowId), stored[i]]));
			const writes = new Map<string, { entity: SyncedEntity; row: AnyEntityRow }>();
			mutate(viewOver(writes, reads));
			const [sealedArgs, ...sealedRows] = await Dexie.waitFor(
				Promise.all([
					sealArgs(dataKey, id, args),
					...[...writes.values()].map(({ entity, row }) => sealRow(dataKey, entity, row))
				])
			);
			let i = 0;
			for (const [k, { entity }] of writes) {
				if (!(await this.db.shadows.get(k)))
					await this.db.shadows.put({ key: k, entity, row: storedByKey.get(k) ?? null });
				await this.db.table(entity).put(sealedRows[i++]);
			}
			await this.db.outbox.add({
				id,
				name,
				args: sealedArgs,
				createdAt,
				touched: [...writes.keys()]
			});
			await this.db.meta.put({ key: 'lastMutationId', value: id });
			return id;
		});
	}

	/** A stored outbox row as the engine reads it: arguments opened, without `touched`. */
	private async pending(dataKey: CryptoKey, row: OutboxRow): Promise<PendingMutation> {
		const copy: Partial<OutboxRow> = { ...row };
		delete copy.touched;
		return { ...(copy as PendingMutation), args: await openAll(dataKey, row.args) };
	}

	async outbox(): Promise<PendingMutation[]> {
		const dataKey = await this.key();
		const rows = await this.db.outbox.orderBy('id').toArray();
		return Promise.all(rows.map((row) => this.pending(dataKey, row)));
	}

	async recordResults(results: MutationResult[]): Promise<void> {
		const dataKey = await this.key();
		await this.db.transaction('rw', this.db.outbox, this.db.reviews, async () => {
			for (const result of results) {
				const m = await this.db.outbox.get(result.id);
				if (!m || m.result) continue;
				await this.db.outbox.update(result.id, { result });
				if (result.status === 'rejected' || result.status === 'conflict') {
					const kept = await Dexie.waitFor(this.pending(dataKey, m));
					const mutation = this.keepsPersonalData
						? kept
						: { ...kept, args: withoutPersonalArgs(kept.name, kept.args) };
					const item: ReviewItem = {
						mutation: { ...mutation, result },
						status: result.status,
						reason: result.reason ?? '',
						...(result.conflict ? { conflict: result.conflict } : {})
					};
					await this.db.reviews.put(await Dexie.waitFor(sealReview(dataKey, m.id, item)));
				}
			}
		});
	}

	async applyPull(
		pull: PullResponse,
		replayMutation: (view: MutableView, m: PendingMutation) => void
	): Promise<void> {
		const dataKey = await this.key();
		// Sealed before the transaction: the bulk of a first sync is then plain IndexedDB writes.
		const sealing = performance.now();
		const sealedChanges = new Map<SyncedEntity, Record<string, unknown>[]>();
		for (const entity of PERSONAL_ENTITIES) {
			const rows = pull.changes[entity];
			if (rows?.length)
				sealedChanges.set(entity, await Promise.all(rows.map((r) => sealRow(dataKey, entity, r))));
		}
		// In the browser, the time spent sealing (User Timing), for `npm run bench:browser-sync`.
		if (sealedChanges.size && typeof window !== 'undefined')
			performance.measure('tfs:seal', { start: sealing, end: performance.now() });
		const tables = [
			this.db.outbox,
			this.db.shadows,
			this.db.meta,
			...SYNCED_ENTITIES.map((e) => this.db.entity(e))
		];
		await this.db.transaction('rw', tables, async () => {
			const shadows = new Map((await this.db.shadows.toArray()).map((s) => [s.key, s]));
			for (const entity of SYNCED_ENTITIES) {
				const table = this.db.table<Record<string, unknown>>(entity);
				if (pull.reset) await table.clear();
				const rows = pull.changes[entity] ?? [];
				const stored = sealedChanges.get(entity) ?? (rows as unknown as Record<string, unknown>[]);
				const direct: Record<string, unknown>[] = [];
				rows.forEach((row, i) => {
					const shadow = shadows.get(key(entity, rowKey(entity, row)));
					if (shadow) shadow.row = stored[i] ?? null;
					else direct.push(stored[i] as Record<string, unknown>);
				});
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
			const remainingRows = outbox.filter((m) => !confirmed.includes(m.id));
			if (shadows.size === 0 && remainingRows.length === 0) {
				await this.db.meta.put({ key: 'cursor', value: pull.cursor });
				return;
			}
			const [remaining, openedShadows] = await Dexie.waitFor(
				Promise.all([
					Promise.all(remainingRows.map((m) => this.pending(dataKey, m))),
					Promise.all([...shadows.values()].map((s) => openStored(dataKey, s.entity, s.row)))
				])
			);
			const rebuilt = new Map<string, { entity: SyncedEntity; row: AnyEntityRow | null }>();
			[...shadows.values()].forEach((s, i) =>
				rebuilt.set(s.key, { entity: s.entity, row: openedShadows[i] ?? null })
			);
			const view = viewOver(rebuilt);
			for (const m of remaining) replayMutation(view, m);
			const stillTouched = new Set(remainingRows.flatMap((m) => m.touched));
			const entries = [...rebuilt];
			const resealed = await Dexie.waitFor(
				Promise.all(
					entries.map(([, { entity, row }]) => (row ? sealRow(dataKey, entity, row) : Promise.resolve(null)))
				)
			);
			for (const [i, [k, { entity }]] of entries.entries()) {
				const id = k.slice(entity.length + 1);
				const row = resealed[i];
				if (row) await this.db.table(entity).put(row);
				else await this.db.table(entity).delete(id);
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
		return openAll(await this.key(), await this.reviewRows());
	}

	/**
	 * The reviews as stored, for a live query (which may only wait on IndexedDB): `live` opens
	 * them, as `opened` does.
	 */
	reviewRows(): Promise<ReviewItem[]> {
		return this.db.reviews.orderBy('id').toArray() as unknown as Promise<ReviewItem[]>;
	}

	/** The person decided: the rejected change is dropped for good (the server never applied it). */
	async discardReview(id: number): Promise<void> {
		await this.db.reviews.delete(id);
	}

	/**
	 * Seals what a device stored clear before version 11 (rows of personal entities, shadows,
	 * pending arguments, reviews), once, the first time the key is there: read, sealed and written
	 * in one transaction, so that no other tab writes in between.
	 */
	private async sealClearRows(dataKey: CryptoKey): Promise<void> {
		if (await this.metaValue<boolean>('sealedAtRest')) return;
		const tables = [
			this.db.shadows,
			this.db.outbox,
			this.db.reviews,
			this.db.meta,
			...PERSONAL_ENTITIES.map((e) => this.db.entity(e))
		];
		await this.db.transaction('rw', tables, async () => {
			if (await this.metaValue<boolean>('sealedAtRest')) return;
			const clearRows = await Promise.all(
				PERSONAL_ENTITIES.map(async (entity) => ({
					entity,
					rows: (await this.db.table<Record<string, unknown>>(entity).toArray()).filter((r) => !isSealed(r))
				}))
			);
			const shadows = (await this.db.shadows.toArray()).filter((s) => s.row && !isSealed(s.row));
			const outbox = (await this.db.outbox.toArray()).filter((m) => !isSealed(m.args));
			const reviews = (await this.db.reviews.toArray()).filter((r) => !isSealed(r));
			const [sealedRows, sealedShadows, sealedOutbox, sealedReviews] = await Dexie.waitFor(
				Promise.all([
					Promise.all(
						clearRows.map(({ entity, rows }) =>
							Promise.all(rows.map((r) => sealRow(dataKey, entity, r as AnyEntityRow)))
						)
					),
					Promise.all(
						shadows.map(async (s) => ({ ...s, row: await sealRow(dataKey, s.entity, s.row as AnyEntityRow) }))
					),
					Promise.all(outbox.map(async (m) => ({ ...m, args: await sealArgs(dataKey, m.id, m.args) }))),
					Promise.all(
						reviews.map((r) => {
							const item = { ...(r as unknown as ReviewItem & { id?: number }) };
							delete item.id;
							return sealReview(dataKey, r.id, item);
						})
					)
				])
			);
			for (const [i, { entity }] of clearRows.entries())
				if (sealedRows[i]?.length) await this.db.table(entity).bulkPut(sealedRows[i] ?? []);
			if (sealedShadows.length) await this.db.shadows.bulkPut(sealedShadows);
			if (sealedOutbox.length) await this.db.outbox.bulkPut(sealedOutbox);
			if (sealedReviews.length) await this.db.reviews.bulkPut(sealedReviews);
			await this.db.meta.put({ key: 'sealedAtRest', value: true });
		});
	}
}
