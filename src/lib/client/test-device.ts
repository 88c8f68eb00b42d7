// Dexie's live queries need IndexedDB as a global: fake-indexeddb installs its own.
import 'fake-indexeddb/auto';
import type { AnyEntityRow, SyncedEntity } from '$lib/contracts/synced';
import type { PullResponse } from '$lib/sync/protocol';
import { openDevice, type Device, type DeviceUser, type Subscription } from './device';

/*
 * For the unit tests of page controllers: a device over a fresh in-memory IndexedDB
 * (fake-indexeddb, a complete implementation of the standard), the rows a test needs, and a way
 * to wait until live queries have delivered what they read.
 */

// What the sync status reads of the browser, in Node: this device is offline (its syncs fail
// as they would in a van, and the changes stay in its outbox).
globalThis.navigator ??= { onLine: false } as Navigator;
globalThis.dispatchEvent ??= () => true;

let devices = 0;

export function testDevice(user: Partial<DeviceUser> = {}): { user: DeviceUser; device: Device } {
	const who: DeviceUser = {
		// A new account each time: a database of its own.
		id: `user-test-${++devices}`,
		displayName: 'Camille Test',
		role: 'adviser',
		tourId: 'tournee-1',
		relayOrganisationId: null,
		...user
	};
	// Each test device seals with a key of its own, held in memory as the app holds it once unlocked.
	const key = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
	return { user: who, device: openDevice(who, () => key) };
}

/** Writes server rows as a pull would have (personal fields sealed). */
export async function seed(device: Device, rows: { [E in SyncedEntity]?: AnyEntityRow[] }): Promise<void> {
	await device.store.applyPull(
		{
			cursor: 'test',
			reset: false,
			lastMutationId: 0,
			changes: rows as PullResponse['changes'],
			deletes: {}
		},
		() => undefined
	);
}

/** Resolves once `check` holds (live queries answer asynchronously), or fails after `ms`. */
export async function settled(check: () => boolean, ms = 2000): Promise<void> {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error('live queries did not deliver in time');
		await new Promise((r) => setTimeout(r, 5));
	}
}

/**
 * Ends the live queries. The database stays open (in memory, of this test alone): a sync that a
 * change started may still be writing its log.
 */
export function closeAll(subscriptions: Subscription[]): void {
	for (const s of subscriptions) s.unsubscribe();
}
