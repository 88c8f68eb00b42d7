/**
 * The device's IndexedDB schema, versioned like the server's migrations: a version is never
 * edited once released; a new one adds its stores and an upgrade function.
 *
 * Each store is declared synced (a copy of server rows), local-only (the device's own state,
 * never sent) or ephemeral (a cache that may be dropped at any time).
 */
import { SYNCED_ENTITIES, type SyncedEntity } from '$lib/contracts/synced';

export type StoreKind = 'synced' | 'local-only' | 'ephemeral';

/** The device's own stores; the synced ones are the registry's entities (`lib/contracts/synced.ts`). */
const DEVICE_STORES = {
	/** Server rows under pending mutations, kept to rebuild the view after a pull. */
	shadows: 'local-only',
	/** Mutations waiting for the server; sent, never edited. */
	outbox: 'local-only',
	/** Rejections and conflicts the person must see ("À revoir"). */
	reviews: 'local-only',
	/** Client id, cursor, next mutation id. */
	meta: 'local-only',
	/** Time and outcome of the last syncs, for the status bar. */
	syncLog: 'ephemeral'
} as const satisfies Record<string, StoreKind>;

export const STORE_KINDS: Record<SyncedEntity | keyof typeof DEVICE_STORES, StoreKind> = {
	...(Object.fromEntries(SYNCED_ENTITIES.map((e) => [e, 'synced'])) as Record<SyncedEntity, 'synced'>),
	...DEVICE_STORES
};

/** Dexie store definitions by version (primary key first, then indexes). */
export const LOCAL_DB_VERSIONS: { version: number; stores: Record<string, string | null> }[] = [
	{
		version: 1,
		stores: {
			communes: '&insee, name',
			operators: '&id',
			vehicles: '&id',
			tours: '&id',
			sites: '&id, tourId, communeInsee',
			relayOrganisations: '&id',
			shadows: '&key',
			outbox: '&id',
			reviews: '&id',
			meta: '&key'
		}
	},
	{
		// v2: sync history for the status bar, and an index to list sites by life-cycle status.
		version: 2,
		stores: {
			sites: '&id, tourId, communeInsee, status',
			syncLog: '++seq, at'
		}
	},
	{
		// v3: the tours' calendar, listed by date for the adviser's home page.
		version: 3,
		stores: {
			permanences: '&id, date, tourId, siteId'
		}
	},
	{
		// v4: home visits in the adviser's agenda.
		version: 4,
		stores: {
			homeVisits: '&id, date, status'
		}
	},
	{
		// v5: a relay's requests, with what it may see of them (state and slot), for its offline space.
		version: 5,
		stores: {
			relayRequests: '&id, createdAt'
		}
	},
	{
		// v6: the adviser's activity records, listed by day.
		version: 6,
		stores: {
			activityRecords: '&id, date'
		}
	},
	{
		// v7: level-2 follow-up — the correspondents by operator, the adviser's cases by state.
		version: 7,
		stores: {
			correspondents: '&id, operatorId',
			level2Cases: '&id, state, recordId'
		}
	},
	{
		// v8: the adviser's diagnostics, found again by the person's follow-up code.
		version: 8,
		stores: {
			diagnostics: '&id, date, followUpCode'
		}
	},
	{
		// v9: the referral directory, to orient a person to the nearest place, offline.
		version: 9,
		stores: {
			mediationPlaces: '&id, communeInsee'
		}
	},
	{
		// v10: the département's rules, applied offline (spacing of a moved permanence, level-2 delay).
		version: 10,
		stores: {
			localRules: '&id'
		}
	},
	{
		// v11: personal fields are sealed at rest (issue 20): the follow-up code is no longer indexed,
		// diagnostics are found by it once opened. Rows stored clear are sealed at the first unlock.
		version: 11,
		stores: {
			diagnostics: '&id, date'
		}
	}
];

export const LOCAL_DB_VERSION = LOCAL_DB_VERSIONS[LOCAL_DB_VERSIONS.length - 1]?.version ?? 1;
