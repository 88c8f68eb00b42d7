import { openDevice, type Device } from './device';
import { rememberedUser, type DeviceUser } from './device-user';
import { forgetCachedSessionData, wipeDevice } from './device-wipe';

/** Where a sign-out stands once the device was asked to let go of its data. */
export type SignOutStep =
	| { kind: 'ready' }
	| { kind: 'offline' }
	/** Changes wait, and the app is locked: they cannot be sent before it is unlocked. */
	| { kind: 'locked'; pending: number }
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
	// The counts the status bar shows: changes not answered yet, and refusals under « À revoir ».
	const waiting = async () => {
		await device.status.refreshCounts();
		return device.status.pending + device.status.toReview;
	};
	// Locked, the sealed changes cannot be read to be sent: nothing is deleted before they are.
	if (!(await device.store.isUnlocked())) {
		const pending = await waiting();
		if (pending > 0) {
			device.db.close();
			return { kind: 'locked', pending };
		}
		await wipeDevice(device);
		return { kind: 'ready' };
	}
	const outcome = await device.engine.sync();
	if (!outcome.ok && outcome.reason === 'offline') {
		device.db.close();
		return { kind: 'offline' };
	}
	const pending = await waiting();
	if (pending > 0) return { kind: 'pending', device, user, pending };
	await wipeDevice(device);
	return { kind: 'ready' };
}
