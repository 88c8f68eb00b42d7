import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DexieStore, LocalDatabase } from './local-db';
import { homeVisitRow, siteRow } from '$lib/contracts/synced.fixtures';
import { SYNCED, SYNCED_ENTITIES } from '$lib/contracts/synced';
import { LOCAL_DB_VERSION, LOCAL_DB_VERSIONS, STORE_KINDS } from './schema';
import { Locked, SEALED } from '../crypto/row-cipher';
import type { PullResponse } from '$lib/sync/protocol';

const testKey = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

/** Every value of every store of the database, as text (what whoever copies the profile could read). */
async function everything(db: LocalDatabase): Promise<string> {
	return JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
}

const PERSONAL_VALUES = [
	'Marcelle',
	'05 63 00 00 00',
	'chemin des Crêtes',
	'code 1234',
	'retraite',
	'après 10 h'
];

function pullOf(changes: PullResponse['changes'], reset = false): PullResponse {
	return { cursor: '1|tour:tournee-1|12', reset, lastMutationId: 0, changes, deletes: {} };
}

describe('local database schema', () => {
	it('declares every store as synced, local-only or ephemeral', () => {
		const stores = new Set(LOCAL_DB_VERSIONS.flatMap((v) => Object.keys(v.stores)));
		for (const store of stores) expect(STORE_KINDS[store as keyof typeof STORE_KINDS], store).toBeDefined();
	});

	it('gives every synced entity of the registry a store keyed by its key', () => {
		// The latest definition of each store, as Dexie applies the versions in order.
		const latest = new Map<string, string | null>();
		for (const v of LOCAL_DB_VERSIONS)
			for (const [store, def] of Object.entries(v.stores)) latest.set(store, def);
		for (const entity of SYNCED_ENTITIES)
			expect(latest.get(entity)?.split(',')[0]?.trim(), entity).toBe(`&${SYNCED[entity].key}`);
	});

	it('opens a database created by the previous version and upgrades its data', async () => {
		const indexedDB = new IDBFactory();
		const v1 = new LocalDatabase('tfs-upgrade', { indexedDB, IDBKeyRange, upTo: 1 });
		await v1.open();
		expect(v1.verno).toBe(1);
		// A site as version 1 stored it (no life-cycle status yet).
		await v1.table('sites').put({ id: 'mairie-lavit', tourId: 'tournee-1', accessNotes: 'Code 1234' });
		await v1.outbox.put({
			id: 1,
			name: 'updateSiteAccessNotes@1',
			args: { siteId: 'mairie-lavit' },
			createdAt: '2026-11-23T10:00:00Z',
			touched: []
		});
		v1.close();

		const latest = new LocalDatabase('tfs-upgrade', { indexedDB, IDBKeyRange });
		await latest.open();
		expect(latest.verno).toBe(LOCAL_DB_VERSION);
		// Pending mutations survive the upgrade, and the new index sees the old rows.
		expect(await latest.outbox.count()).toBe(1);
		expect(await latest.entity('sites').where('status').equals('active').count()).toBe(1);
		expect((await latest.entity('sites').get('mairie-lavit'))?.accessNotes).toBe('Code 1234');
		await latest.syncLog.add({ at: '2026-11-23T10:00:00Z', ok: true, message: 'ok' });
		latest.close();
	});

	it('forgets the personal data of a revoked device, keeping the outbox and what is not personal', async () => {
		const db = new LocalDatabase('tfs-revoked', { indexedDB: new IDBFactory(), IDBKeyRange });
		const store = new DexieStore(db, () => 'device-revoked', { dataKey: () => testKey });
		const site = siteRow();
		const visit = homeVisitRow();
		await store.applyPull(
			{
				cursor: '1|tour:tournee-1|12',
				reset: true,
				lastMutationId: 0,
				changes: { sites: [site], homeVisits: [visit, homeVisitRow({ id: 'visit-2' })] },
				deletes: {}
			},
			() => undefined
		);
		// A pending outcome keeps the server's row of the visit as a shadow; a refused change is under review.
		await store.enqueue('recordHomeVisitOutcome@1', { visitId: visit.id }, '2027-03-16T10:00:00Z', (view) =>
			view.put('homeVisits', { ...visit, status: 'done' })
		);
		await store.recordResults([{ id: 1, status: 'rejected', reason: 'refusée' }]);
		expect(await db.reviews.count()).toBe(1);
		expect(await db.shadows.count()).toBe(1);

		await store.forgetPersonalData();

		expect(await db.entity('homeVisits').count()).toBe(0);
		expect(await db.shadows.count()).toBe(0);
		expect(await db.reviews.count()).toBe(0);
		expect(await store.cursor()).toBeNull();
		expect(await db.entity('sites').get(site.id)).toEqual(site);
		expect((await store.outbox()).map((m) => m.name)).toEqual(['recordHomeVisitOutcome@1']);
		const everything = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
		expect(everything).not.toContain('Marcelle');
		expect(everything).not.toContain('code 1234');
		db.close();
	});

	it('keeps personal fields, pending arguments and reviews only sealed, and gives them back opened', async () => {
		const db = new LocalDatabase('tfs-sealed', { indexedDB: new IDBFactory(), IDBKeyRange });
		const store = new DexieStore(db, () => 'device-sealed', { dataKey: () => testKey });
		const visit = homeVisitRow();
		await store.applyPull(pullOf({ sites: [siteRow()], homeVisits: [visit] }, true), () => undefined);
		const note = { ...visit, accessNotes: 'Portail vert, code 1234, chien' };
		await store.enqueue(
			'recordHomeVisitOutcome@1',
			{ visitId: visit.id, accessNotes: note.accessNotes },
			'2027-03-16T10:00:00Z',
			(view) => view.put('homeVisits', note)
		);
		await store.recordResults([{ id: 1, status: 'rejected', reason: 'refusée' }]);

		const text = await everything(db);
		for (const value of PERSONAL_VALUES) expect(text, value).not.toContain(value);
		expect(text).toContain('Lavit');

		const stored = await db.entity('homeVisits').toArray();
		expect(stored[0]).toHaveProperty(SEALED);
		expect(await store.opened(stored)).toEqual([note]);
		expect((await store.outbox())[0]?.args).toEqual({ visitId: visit.id, accessNotes: note.accessNotes });
		expect((await store.reviewItems())[0]).toMatchObject({ status: 'rejected', reason: 'refusée' });
		expect((await store.reviewItems())[0]?.mutation.args).toMatchObject({ accessNotes: note.accessNotes });

		// The server answers again: the pending change is replayed over the new server row.
		await store.applyPull(pullOf({ homeVisits: [{ ...visit, status: 'done' }] }), (view, m) =>
			view.put('homeVisits', {
				...(view.get('homeVisits', visit.id) ?? visit),
				accessNotes: (m.args as { accessNotes: string }).accessNotes
			})
		);
		expect(await store.opened(await db.entity('homeVisits').get(visit.id))).toEqual({
			...note,
			status: 'done'
		});
		for (const value of PERSONAL_VALUES) expect(await everything(db), value).not.toContain(value);
		db.close();
	});

	it('is locked without the key: nothing personal is written, and reads come without personal fields', async () => {
		const db = new LocalDatabase('tfs-locked', { indexedDB: new IDBFactory(), IDBKeyRange });
		let key: Promise<CryptoKey> | null = testKey;
		const store = new DexieStore(db, () => 'device-locked', { dataKey: async () => key });
		await store.applyPull(pullOf({ homeVisits: [homeVisitRow()] }, true), () => undefined);
		key = null;
		await expect(store.outbox()).rejects.toThrow(Locked);
		await expect(
			store.enqueue(
				'recordHomeVisitOutcome@1',
				{ visitId: 'visit-1' },
				'2027-03-16T10:00:00Z',
				() => undefined
			)
		).rejects.toThrow(Locked);
		await expect(
			store.applyPull(pullOf({ homeVisits: [homeVisitRow({ id: 'visit-2' })] }), () => undefined)
		).rejects.toThrow(Locked);
		const shown = await store.opened(await db.entity('homeVisits').toArray());
		expect(shown[0]).toMatchObject({ id: 'visit-1', communeName: 'Lavit' });
		expect(JSON.stringify(shown)).not.toContain('Marcelle');
		expect(await db.outbox.count()).toBe(0);
		db.close();
	});

	it('seals, at the first unlock, what a device stored clear before sealing existed', async () => {
		const indexedDB = new IDBFactory();
		const v10 = new LocalDatabase('tfs-legacy', { indexedDB, IDBKeyRange, upTo: 10 });
		await v10.open();
		const visit = homeVisitRow();
		await v10.table('homeVisits').put(visit);
		await v10.shadows.put({ key: `homeVisits:${visit.id}`, entity: 'homeVisits', row: visit });
		await v10.outbox.put({
			id: 1,
			name: 'recordHomeVisitOutcome@1',
			args: { visitId: visit.id, accessNotes: 'code 1234' },
			createdAt: '2027-03-16T10:00:00Z',
			touched: [`homeVisits:${visit.id}`]
		});
		await v10.table('reviews').put({
			id: 2,
			mutation: {
				id: 2,
				name: 'requestHomeVisit@1',
				args: { request: { personName: 'Marcelle Dupuy' } },
				createdAt: '2027-03-16T10:00:00Z'
			},
			status: 'rejected',
			reason: 'refusée'
		});
		v10.close();

		const db = new LocalDatabase('tfs-legacy', { indexedDB, IDBKeyRange });
		const store = new DexieStore(db, () => 'device-legacy', { dataKey: () => testKey });
		expect((await store.outbox())[0]?.args).toEqual({ visitId: visit.id, accessNotes: 'code 1234' });
		for (const value of PERSONAL_VALUES) expect(await everything(db), value).not.toContain(value);
		expect(await store.opened(await db.entity('homeVisits').get(visit.id))).toEqual(visit);
		expect((await store.reviewItems())[0]?.mutation.args).toEqual({
			request: { personName: 'Marcelle Dupuy' }
		});
		db.close();
	});
});
