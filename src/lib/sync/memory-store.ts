import type { LocalStore, PendingMutation, ReviewItem } from './engine';
import type { MutableView } from './mutators';
import { PERSONAL_ENTITIES } from '$lib/contracts/synced';
import {
	rowKey,
	SYNCED_ENTITIES,
	type AnyEntityRow,
	type EntityRowOf,
	type MutationResult,
	type PullResponse,
	type SyncedEntity
} from './protocol';

type Tables = { [E in SyncedEntity]: Map<string, EntityRowOf<E>> };

function emptyTables(): Tables {
	return Object.fromEntries(SYNCED_ENTITIES.map((e) => [e, new Map()])) as Tables;
}

function viewOf(tables: Tables): MutableView {
	return {
		get: (entity, id) => tables[entity].get(id),
		put: (entity, row) => void tables[entity].set(rowKey(entity, row), row)
	};
}

/**
 * The local store in memory: the reference implementation of the LocalStore contract, used by
 * the sync fault suite. `base` is the last server state, `view` what the person sees.
 */
export class MemoryStore implements LocalStore {
	base: Tables = emptyTables();
	view: Tables = emptyTables();
	pending: PendingMutation[] = [];
	reviews: ReviewItem[] = [];
	/** Every answer the server gave, by mutation id (the device's history). */
	answered = new Map<number, MutationResult>();
	private nextId = 1;
	private currentCursor: string | null = null;

	constructor(private readonly id: string) {}

	async clientId() {
		return this.id;
	}
	async cursor() {
		return this.currentCursor;
	}

	async enqueue(
		name: string,
		args: unknown,
		createdAt: string,
		mutate: (view: MutableView) => void
	): Promise<number> {
		const id = this.nextId++;
		mutate(viewOf(this.view));
		this.pending.push({ id, name, args: structuredClone(args), createdAt });
		return id;
	}

	async outbox() {
		return this.pending.map((m) => ({ ...m }));
	}

	async recordResults(results: MutationResult[]) {
		for (const result of results) {
			const m = this.pending.find((p) => p.id === result.id);
			if (!m || m.result) continue;
			m.result = result;
			this.answered.set(result.id, result);
			if (result.status === 'rejected' || result.status === 'conflict') {
				this.reviews.push({
					mutation: { ...m },
					status: result.status,
					reason: result.reason ?? '',
					...(result.conflict ? { conflict: result.conflict } : {})
				});
			}
		}
	}

	async applyPull(pull: PullResponse, replay: (view: MutableView, m: PendingMutation) => void) {
		if (pull.reset) this.base = emptyTables();
		for (const entity of SYNCED_ENTITIES) {
			const table: Map<string, AnyEntityRow> = this.base[entity];
			for (const row of pull.changes[entity] ?? []) table.set(rowKey(entity, row), row);
			for (const id of pull.deletes[entity] ?? []) this.base[entity].delete(id);
		}
		this.pending = this.pending.filter((m) => !(m.result && m.id <= pull.lastMutationId));
		this.currentCursor = pull.cursor;
		this.view = emptyTables();
		for (const entity of SYNCED_ENTITIES) {
			const view: Map<string, AnyEntityRow> = this.view[entity];
			for (const [k, row] of this.base[entity]) view.set(k, structuredClone(row));
		}
		const view = viewOf(this.view);
		for (const m of this.pending) replay(view, m);
	}

	async forgetPersonalData() {
		for (const entity of PERSONAL_ENTITIES) {
			this.base[entity].clear();
			this.view[entity].clear();
		}
		this.reviews = [];
		this.currentCursor = null;
	}

	/** Plain snapshot of the view, for comparisons. */
	snapshot(): Record<string, AnyEntityRow[]> {
		return Object.fromEntries(
			SYNCED_ENTITIES.map((e) => [
				e,
				[...this.view[e].entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row)
			])
		);
	}
}
