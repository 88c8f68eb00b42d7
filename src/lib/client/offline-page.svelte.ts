import type { ReviewItem } from '$lib/sync/engine';
import type { Device, DeviceUser, Subscription } from './device';

/**
 * What every offline page holds: who uses the device, its database and sync, and a problem to
 * show. A page's controller extends it with its own state and actions, and says in `watch`
 * which queries keep its state current; the page passes the controller to `mountOfflineApp`.
 */
export abstract class OfflinePage {
	user = $state<DeviceUser | null>(null);
	device = $state<Device | null>(null);
	problem = $state<string | null>(null);

	/** The device is open for this user: set up the live queries (their subscriptions returned). */
	ready(found: { user: DeviceUser; device: Device }): Subscription[] {
		this.user = found.user;
		this.device = found.device;
		return this.watch(found.device, found.user);
	}

	/** A storage failure or a wrong profile, in French. */
	fail(message: string): void {
		this.problem = message;
	}

	/** The person decided: a change the server refused is dropped for good. */
	async discard(item: ReviewItem): Promise<void> {
		if (!this.device) return;
		await this.device.store.discardReview(item.mutation.id);
		await this.device.status.refreshCounts();
	}

	/** After a change recorded on the device: the counts shown again, and a sync to send it soon. */
	protected async changed(device: Device): Promise<void> {
		await device.status.refreshCounts();
		void device.status.syncNow();
	}

	protected abstract watch(device: Device, user: DeviceUser): Subscription[];
}
