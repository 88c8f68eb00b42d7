import { OFFLINE_APPS } from '$lib/offline-apps';
import { openDevice, type Device } from './device';
import { rememberedUser, type DeviceUser } from './device-user';
import { wipeDevice } from './device-wipe';

/**
 * Deletes the copies the service worker keeps of the offline apps' layout data (`__data.json`,
 * which names the signed-in user): after a sign-out, nothing in Cache Storage says who used the device.
 */
export async function forgetCachedSessionData(): Promise<void> {
	if (typeof caches === 'undefined') return;
	const cache = await caches.open('pages');
	await Promise.all(OFFLINE_APPS.map((app) => cache.delete(`${app}/__data.json`, { ignoreSearch: true })));
}

/** Where a sign-out stands once the device was asked to let go of its data. */
export type SignOutStep =
	| { kind: 'ready' }
	| { kind: 'offline' }
	| { kind: 'pending'; device: Device; user: DeviceUser; pending: number };

/**
 * What a sign-out does on the device before the server ends the session: sends the outbox of the
 * signed-in user's local database, then deletes that database, the remembered user and the cached
 * layout data. When changes are still not accepted by the server (a refusal under « À revoir », or
 * no answer), nothing is deleted: the person syncs, or downloads them first (`pending`). Offline,
 * nothing is sent nor deleted (`offline`): signing out needs the network.
 */
export async function prepareSignOut(signedInUserId: string): Promise<SignOutStep> {
	const user = await rememberedUser();
	if (!user || user.id !== signedInUserId) {
		await forgetCachedSessionData();
		return { kind: 'ready' };
	}
	const device = openDevice(user);
	const outcome = await device.engine.sync();
	if (!outcome.ok && outcome.reason === 'offline') {
		device.db.close();
		return { kind: 'offline' };
	}
	const pending =
		(await device.db.outbox.filter((m) => !m.result).count()) + (await device.db.reviews.count());
	if (pending > 0) return { kind: 'pending', device, user, pending };
	await wipeDevice(device);
	await forgetCachedSessionData();
	return { kind: 'ready' };
}
