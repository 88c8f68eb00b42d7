import fc from 'fast-check';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { Role } from '../../src/lib/domain/roles';
import { push } from '../../src/lib/server/sync/push';
import { pull } from '../../src/lib/server/sync/pull';
import { SyncEngine, TransportError, type LocalStore, type Transport } from '../../src/lib/sync/engine';
import { MemoryStore } from '../../src/lib/sync/memory-store';
import type { PushRequest, AnyEntityRow, EntityRowOf, MutationResult } from '../../src/lib/sync/protocol';
import { rowKey, SYNCED_ENTITIES } from '../../src/lib/sync/protocol';
import { replay } from '../../src/lib/sync/mutators';

/**
 * The sync fault suite: three devices (the coordinator and two advisers of tour 1) and the real
 * server code on a real database, driven through random schedules of offline edits and network
 * faults. Device clocks are skewed by up to ±24 h: nothing may depend on them.
 */
export const SITES = ['mairie-lavit', 'mairie-gramont', 'mairie-serignac'] as const;
const FAULTS = ['none', 'none', 'loseRequest', 'loseResponse', 'duplicate', 'restart', 'replayOld'] as const;
type Fault = (typeof FAULTS)[number];

export type Op =
	| { kind: 'notes'; client: 0 | 1 | 2; site: 0 | 1 | 2 }
	| { kind: 'address'; site: 0 | 1 | 2 }
	| { kind: 'move'; site: 0 | 1 | 2; tour: 1 | 2 }
	| { kind: 'lifecycle'; site: 0 | 1 | 2; valid: boolean }
	/** `midway`: the person types a note while this sync is between its push and its pull. */
	| { kind: 'sync'; client: 0 | 1 | 2; fault: Fault; on: 'push' | 'pull'; midway: boolean }
	| { kind: 'network'; client: 0 | 1 | 2; online: boolean };

const client = fc.constantFrom<0 | 1 | 2>(0, 1, 2);
const site = fc.constantFrom<0 | 1 | 2>(0, 1, 2);
export const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('notes' as const), client, site }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('address' as const), site }) },
	{
		weight: 1,
		arbitrary: fc.record({ kind: fc.constant('move' as const), site, tour: fc.constantFrom<1 | 2>(1, 2) })
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('lifecycle' as const), site, valid: fc.boolean() }) },
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('sync' as const),
			client,
			fault: fc.constantFrom(...FAULTS),
			on: fc.constantFrom<'push' | 'pull'>('push', 'pull'),
			midway: fc.boolean()
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('network' as const), client, online: fc.boolean() }) }
);
export const scheduleArbitrary = fc.record({
	ops: fc.array(opArbitrary, { minLength: 5, maxLength: 40 }),
	skewsHours: fc.tuple(
		fc.integer({ min: -24, max: 24 }),
		fc.integer({ min: -24, max: 24 }),
		fc.integer({ min: -24, max: 24 })
	)
});

const ACCOUNTS: { email: string; role: Role }[] = [
	{ email: 'coordination@demo.tournees.fr', role: 'coordinator' },
	{ email: 'conseiller1@demo.tournees.fr', role: 'adviser' },
	{ email: 'conseiller2@demo.tournees.fr', role: 'adviser' }
];

/** What the suite needs to observe of a device's store, whatever its implementation. */
export interface StoreUnderTest extends LocalStore {
	site(id: string): Promise<EntityRowOf<'sites'> | undefined>;
	pendingCount(): Promise<number>;
	reviewIds(): Promise<number[]>;
	snapshot(): Promise<Record<string, AnyEntityRow[]>>;
}

export function memoryStoreUnderTest(clientId: string): StoreUnderTest {
	const store = new MemoryStore(clientId);
	const snapshot = store.snapshot.bind(store);
	return Object.assign(store, {
		site: async (id: string) => store.view.sites.get(id),
		pendingCount: async () => store.pending.length,
		reviewIds: async () => store.reviews.map((r) => r.mutation.id),
		snapshot: async () => snapshot()
	});
}

/** Sorted rows of every entity, for comparing a device with the server. */
export function sortedSnapshot(rows: Record<string, AnyEntityRow[]>): Record<string, AnyEntityRow[]> {
	const key = (e: (typeof SYNCED_ENTITIES)[number], row: AnyEntityRow) => rowKey(e, row as never);
	return Object.fromEntries(
		SYNCED_ENTITIES.map((e) => [e, [...(rows[e] ?? [])].sort((a, b) => key(e, a).localeCompare(key(e, b)))])
	);
}

export class Harness {
	ctx!: AppContext;
	users: SessionUser[] = [];
	private runs = 0;
	constructor(
		private readonly env: Record<string, string>,
		private readonly createStore: (
			clientId: string
		) => StoreUnderTest | Promise<StoreUnderTest> = memoryStoreUnderTest
	) {}

	async open(): Promise<void> {
		this.ctx = await createApp(
			readConfig({ ...this.env, DEMO: 'true' }),
			() => new Date('2026-11-23T10:00:00Z')
		);
		if (this.users.length === 0) {
			for (const a of ACCOUNTS) {
				const u = await this.ctx.db
					.selectFrom('users')
					.selectAll()
					.where('email', '=', a.email)
					.executeTakeFirstOrThrow();
				this.users.push({
					id: u.id,
					email: u.email,
					displayName: u.display_name,
					role: u.role as Role,
					adviserKind: u.adviser_kind,
					tourId: u.tour_id,
					relayOrganisationId: u.relay_organisation_id
				});
			}
		}
	}

	/** A server restart: the process dies after committing, before answering; a new one opens the same database. */
	async restart(): Promise<void> {
		await this.ctx.close();
		await this.open();
	}

	async close(): Promise<void> {
		await this.ctx.close();
	}

	/** Runs one schedule and checks every invariant; throws with a readable message on the first violation. */
	async run(ops: Op[], skewsHours: [number, number, number]): Promise<void> {
		const run = ++this.runs;
		// Every schedule starts from the three sites back in tour 1, active.
		for (const id of SITES) {
			await this.ctx.db
				.updateTable('sites')
				.set({ tour_id: 'tournee-1', status: 'active', closing_on: null })
				.where('id', '=', id)
				.execute();
		}
		await this.ctx.db
			.updateTable('sync_state')
			.set((eb) => ({ value: eb('value', '+', 1) }))
			.where('key', '=', 'version')
			.execute();
		const version = Number(
			(await this.ctx.db.selectFrom('sync_state').select('value').executeTakeFirstOrThrow()).value
		);
		for (const id of SITES)
			await this.ctx.db.updateTable('sites').set({ version }).where('id', '=', id).execute();

		const online = [true, true, true];
		const faults: { fault: Fault; on: 'push' | 'pull' }[] = [
			{ fault: 'none', on: 'push' },
			{ fault: 'none', on: 'push' },
			{ fault: 'none', on: 'push' }
		];
		const sent: PushRequest[][] = [[], [], []];
		const midway: ((() => Promise<void>) | null)[] = [null, null, null];
		const stores = await Promise.all(
			[0, 1, 2].map((i) =>
				Promise.resolve(this.createStore(`run${run}-device${i}-${Math.random().toString(36).slice(2, 8)}`))
			)
		);
		// Every answer each device received, by mutation id (seen as the store records it).
		const answered = stores.map((store) => {
			const seen = new Map<number, MutationResult>();
			const record = store.recordResults.bind(store);
			store.recordResults = async (results) => {
				for (const r of results) if (!seen.has(r.id)) seen.set(r.id, r);
				await record(results);
			};
			return seen;
		});
		const created: number[][] = [[], [], []];
		let token = 0;

		const transport = (i: number): Transport => {
			const user = () => this.users[i] as SessionUser;
			const now = () => new Date('2026-11-23T10:00:00Z');
			const guard = async <T>(on: 'push' | 'pull', call: () => Promise<T>): Promise<T> => {
				if (!online[i]) throw new TransportError(null, 'offline');
				const f = faults[i] as { fault: Fault; on: 'push' | 'pull' };
				if (f.on !== on || f.fault === 'none') return call();
				const fault = f.fault;
				faults[i] = { fault: 'none', on: 'push' };
				if (fault === 'loseRequest') throw new TransportError(null, 'request lost');
				if (fault === 'loseResponse') {
					await call();
					throw new TransportError(null, 'response lost');
				}
				if (fault === 'duplicate') {
					await call();
					return call();
				}
				if (fault === 'restart') {
					await call();
					await this.restart();
					throw new TransportError(null, 'server restarted before answering');
				}
				// replayOld: an old request delivered again, late, before the current one.
				const old = sent[i]?.[0];
				if (old && on === 'push') await push(this.ctx.db, user(), old, now());
				return call();
			};
			return {
				push: (request) =>
					guard('push', async () => {
						sent[i]?.push(structuredClone(request));
						return push(this.ctx.db, user(), request, now());
					}),
				pull: async (request) => {
					const edit = midway[i];
					midway[i] = null;
					if (edit) await edit();
					return guard('pull', () => pull(this.ctx.db, user(), request.clientId, request.cursor, now()));
				}
			};
		};
		const engines = stores.map(
			(s, i) =>
				new SyncEngine(
					s,
					transport(i),
					() => new Date(Date.parse('2026-11-23T10:00:00Z') + (skewsHours[i] ?? 0) * 3_600_000)
				)
		);
		const siteIn = (i: number, s: number) => (stores[i] as StoreUnderTest).site(SITES[s] as string);

		// Each device starts with a first sync.
		for (const e of engines) await e.sync();

		for (const op of ops) {
			if (op.kind === 'network') online[op.client] = op.online;
			else if (op.kind === 'sync') {
				faults[op.client] = { fault: op.fault, on: op.on };
				if (op.midway) {
					const device = op.client;
					midway[device] = async () => {
						const row = await siteIn(device, 0);
						if (!row) return;
						const note = `note#${run}.${device}.${++token}`;
						created[device]?.push(
							await (engines[device] as SyncEngine).mutate('updateSiteAccessNotes@1', {
								siteId: SITES[0],
								base: String(row.accessNotes),
								value: note
							})
						);
					};
				}
				await (engines[op.client] as SyncEngine).sync();
				faults[op.client] = { fault: 'none', on: 'push' };
				midway[op.client] = null;
				// What the person typed and the server has not answered yet stays on screen after the sync.
				const device = stores[op.client] as StoreUnderTest;
				const latest = new Map<string, string>();
				for (const m of await device.outbox()) {
					if (m.result || m.name !== 'updateSiteAccessNotes@1') continue;
					const args = m.args as { siteId: string; value: string };
					latest.set(args.siteId, args.value);
				}
				for (const [siteId, value] of latest) {
					const shown = (await device.site(siteId))?.accessNotes;
					if (shown !== undefined && shown !== value) {
						throw new Error(
							`device ${op.client}: pending note "${value}" not shown on ${siteId} (shows "${String(shown)}")`
						);
					}
				}
			} else if (op.kind === 'notes') {
				const row = await siteIn(op.client, op.site);
				if (!row) continue; // not in this device's scope any more
				const note = `note#${run}.${op.client}.${++token}`;
				created[op.client]?.push(
					await (engines[op.client] as SyncEngine).mutate('updateSiteAccessNotes@1', {
						siteId: SITES[op.site],
						base: String(row.accessNotes),
						value: note
					})
				);
			} else if (op.kind === 'address') {
				const row = await siteIn(0, op.site);
				if (!row) continue;
				created[0]?.push(
					await (engines[0] as SyncEngine).mutate('updateSiteDetails@1', {
						siteId: SITES[op.site],
						changes: { address: { base: String(row.address), value: `${++token} place de la Mairie` } }
					})
				);
			} else if (op.kind === 'move') {
				const row = await siteIn(0, op.site);
				if (!row) continue;
				created[0]?.push(
					await (engines[0] as SyncEngine).mutate('updateSiteDetails@1', {
						siteId: SITES[op.site],
						changes: { tourId: { base: (row.tourId as string | null) ?? null, value: `tournee-${op.tour}` } }
					})
				);
			} else {
				const row = await siteIn(0, op.site);
				if (!row) continue;
				const closing = row.status === 'closing';
				created[0]?.push(
					await (engines[0] as SyncEngine).mutate('changeSiteLifecycle@1', {
						siteId: SITES[op.site],
						// An invalid change (active → planned) must come back rejected, with its reason.
						status: op.valid ? (closing ? 'active' : 'closing') : 'planned',
						closingOn: op.valid && !closing ? '2031-01-31' : null,
						redirect: null
					})
				);
			}
		}

		// The faults stop: two sync cycles must drain every outbox.
		online.fill(true);
		for (let round = 0; round < 2; round++) for (const e of engines) await e.sync();

		for (let i = 0; i < 3; i++) {
			const store = stores[i] as StoreUnderTest;
			const user = this.users[i] as SessionUser;
			if ((await store.pendingCount()) > 0) throw new Error(`device ${i}: outbox not drained`);
			// No mutation lost, none answered twice: every id made has exactly one server outcome and one answer on the device.
			const outcomes = await this.ctx.db
				.selectFrom('sync_outcomes')
				.selectAll()
				.where('client_id', '=', await store.clientId())
				.orderBy('mutation_id')
				.execute();
			const ids = created[i] ?? [];
			if (outcomes.map((o) => o.mutation_id).join(',') !== ids.join(',')) {
				throw new Error(
					`device ${i}: server outcomes ${outcomes.map((o) => o.mutation_id).join(',')} ≠ mutations made ${ids.join(',')}`
				);
			}
			for (const o of outcomes) {
				const answer = answered[i]?.get(o.mutation_id);
				if (!answer || answer.status !== o.status)
					throw new Error(
						`device ${i}: mutation ${o.mutation_id} answered ${answer?.status} but server recorded ${o.status}`
					);
				if (o.status !== 'applied' && !(await store.reviewIds()).includes(o.mutation_id)) {
					throw new Error(`device ${i}: ${o.status} mutation ${o.mutation_id} is not shown under "À revoir"`);
				}
			}
			// The device's state equals the server's state for its scope.
			const server = await pull(this.ctx.db, user, 'fault-suite-reference', null, this.ctx.now());
			const expected = new MemoryStore('reference');
			await expected.applyPull(server, (view, m) => replay(view, m.name, m.args));
			const mine = sortedSnapshot(await store.snapshot());
			const theirs = sortedSnapshot(expected.snapshot());
			if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
				throw new Error(`device ${i}: local state differs from the server's\n${diffSummary(mine, theirs)}`);
			}
		}
		// Applied once: a note's token never appears twice in the server's text.
		const notes = await this.ctx.db
			.selectFrom('sites')
			.select(['id', 'access_notes'])
			.where('id', 'in', [...SITES])
			.execute();
		for (const n of notes) {
			const tokens = n.access_notes.match(/note#\d+\.\d\.\d+/g) ?? [];
			if (new Set(tokens).size !== tokens.length)
				throw new Error(`site ${n.id}: a note was applied twice: ${n.access_notes}`);
		}
	}
}

function diffSummary(a: Record<string, AnyEntityRow[]>, b: Record<string, AnyEntityRow[]>): string {
	const lines: string[] = [];
	for (const entity of Object.keys(b)) {
		const left = JSON.stringify(a[entity]);
		const right = JSON.stringify(b[entity]);
		if (left !== right)
			lines.push(`${entity}: device ${left.slice(0, 400)}\n  server ${right.slice(0, 400)}`);
	}
	return lines.join('\n');
}

/** The Dexie store on fake-indexeddb: the same contract as in the browser, run in Node. */
export async function dexieStoreUnderTest(clientId: string): Promise<StoreUnderTest> {
	const { indexedDB, IDBKeyRange } = await import('fake-indexeddb');
	const { LocalDatabase, DexieStore } = await import('../../src/lib/client/db/local-db');
	const db = new LocalDatabase(`tfs-${clientId}`, { indexedDB, IDBKeyRange });
	const key = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
	const store = new DexieStore(db, () => clientId, { dataKey: () => key });
	return Object.assign(store, {
		site: (id: string) => db.entity('sites').get(id),
		pendingCount: () => db.outbox.count(),
		reviewIds: async () => (await db.reviews.toArray()).map((r) => r.id),
		snapshot: async () =>
			Object.fromEntries(
				await Promise.all(
					SYNCED_ENTITIES.map(async (e) => [e, await store.opened(await db.entity(e).toArray())] as const)
				)
			)
	});
}
