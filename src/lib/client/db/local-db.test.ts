import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DexieStore, LocalDatabase } from './local-db';
import { homeVisitRow, siteRow } from '$lib/contracts/synced.fixtures';
import { SYNCED, SYNCED_ENTITIES } from '$lib/contracts/synced';
import { LOCAL_DB_VERSION, LOCAL_DB_VERSIONS, STORE_KINDS } from './schema';

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
		const store = new DexieStore(db, () => 'device-revoked');
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
		await db.reviews.put({
			id: 1,
			mutation: { id: 1, name: 'recordHomeVisitOutcome@1', args: {}, createdAt: '2027-03-16T10:00:00Z' },
			status: 'rejected',
			reason: 'refusée'
		});
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
});
