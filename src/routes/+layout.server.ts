import { isOfflineShell } from '$lib/server/http/guards';
import type { LayoutServerLoad } from './$types';

/**
 * Who is signed in, for the header. Not in the offline apps' shells: the service worker keeps
 * those (and their `__data.json`) for offline use, and nothing it keeps names anyone (issue 20);
 * their header shows the user the device remembers (`+layout.svelte`).
 */
export const load: LayoutServerLoad = ({ locals, url }) => ({
	user:
		locals.user && !isOfflineShell(url.pathname)
			? { displayName: locals.user.displayName, role: locals.user.role }
			: null,
	offlineShell: isOfflineShell(url.pathname)
});
