import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { LocalDatabase } from './local-db';
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
});
