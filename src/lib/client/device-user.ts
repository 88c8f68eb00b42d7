import { del, get, set } from 'idb-keyval';
import type { Role } from '../domain/roles';

/*
 * Who uses this device, remembered apart from the device's database (and light enough for the
 * layout of every staff page to load): the offline pages open with it when there is no network.
 */

export interface DeviceUser {
	id: string;
	displayName: string;
	role: Role;
	tourId: string | null;
	relayOrganisationId: string | null;
}

const USER_KEY = 'tfs:user';

/** Dispatched on `window` when the page learns who uses the device (the header of offline apps). */
export const DEVICE_USER_EVENT = 'tfs:device-user';

function announce(user: DeviceUser | null): void {
	// In a page only (the service worker reads the remembered user too).
	if ('document' in globalThis) dispatchEvent(new CustomEvent(DEVICE_USER_EVENT, { detail: user }));
}

/**
 * Who uses this device. Online, the server says (and we remember it); offline, the last known
 * user, so that an adviser in the van opens the app with no network. `signedOut` is true when
 * the server answered 401: local data stay, the person signs in again to resume syncing.
 */
export async function deviceUser(): Promise<{
	user: DeviceUser | null;
	signedOut: boolean;
	offline: boolean;
	/** The server closed the session on purpose (a lost device): its personal data must go. */
	revoked?: boolean;
}> {
	try {
		const res = await fetch('/api/me', { credentials: 'same-origin' });
		if (res.ok) {
			const { user } = (await res.json()) as { user: DeviceUser };
			await set(USER_KEY, user);
			announce(user);
			return { user, signedOut: false, offline: false };
		}
		if (res.status === 401) {
			const { code } = (await res.json().catch(() => ({}))) as { code?: string };
			return {
				user: await rememberedUser(),
				signedOut: true,
				offline: false,
				revoked: code === 'sessionRevoked'
			};
		}
	} catch {
		// offline: fall through to the remembered user
		return { user: await rememberedUser(), signedOut: false, offline: true };
	}
	return { user: await rememberedUser(), signedOut: false, offline: false };
}

export async function forgetDeviceUser(): Promise<void> {
	await del(USER_KEY);
	announce(null);
}

/** Who this device last knew, without asking the server. */
export async function rememberedUser(): Promise<DeviceUser | null> {
	return (await get<DeviceUser>(USER_KEY)) ?? null;
}
