import type { Device } from './device';
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

/** Deletes this user's local database and the remembered user (after sign-out, on a shared or lost device). */
export async function wipeDevice(device: Device): Promise<void> {
	device.status.stop();
	device.db.close();
	await device.db.delete();
	await forgetDeviceUser();
}
