import type { Device } from './device';
import { OFFLINE_APPS } from '$lib/offline-apps';
import { forgetDeviceUser } from './device';

/** What the device would lose if wiped: the outbox and the review list, as a JSON file the coordination can read. */
export async function exportPending(
	device: Device,
	user: { id: string; displayName: string },
	exportedAt: string
) {
	const payload = {
		kind: 'tournees-france-services/pending-changes',
		version: 1,
		exportedAt,
		user,
		clientId: await device.store.clientId(),
		outbox: await device.store.outbox(),
		reviews: await device.store.reviewItems()
	};
	return new Blob([JSON.stringify(payload, null, 2)], { type: 'application/json' });
}

/**
 * Deletes the copies the service worker keeps of the offline apps' layout data (`__data.json`;
 * they name nobody, but say which apps this device opened): after a sign-out, Cache Storage keeps
 * only the app and the public pages.
 */
export async function forgetCachedSessionData(): Promise<void> {
	if (typeof caches === 'undefined') return;
	const cache = await caches.open('pages');
	await Promise.all(OFFLINE_APPS.map((app) => cache.delete(`${app}/__data.json`, { ignoreSearch: true })));
}

/**
 * Deletes this user's local database, the remembered user and the cached layout data that name
 * them (after sign-out, on a shared or lost device).
 */
export async function wipeDevice(device: Device): Promise<void> {
	device.status.stop();
	device.db.close();
	await device.db.delete();
	await forgetDeviceUser();
	await forgetCachedSessionData();
}
