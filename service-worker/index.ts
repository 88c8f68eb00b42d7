/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { OFFLINE_APPS } from '../src/lib/offline-apps';
import { deviceUser } from '../src/lib/client/device-user';

declare const self: ServiceWorkerGlobalScope;

// The app shell: built assets and static files, versioned by the build.
precacheAndRoute(
	[...build, ...files.filter((f) => !f.endsWith('.geojson') && !f.endsWith('.md'))].map((url) => ({
		url,
		revision: version
	}))
);
cleanupOutdatedCaches();

// Public pages and the offline app shells (they hold no data: the data live in IndexedDB):
// the network when it answers within 3 s, else the copy from the last visit.
registerRoute(
	({ request, url }) =>
		request.mode === 'navigate' &&
		(url.pathname === '/' || url.pathname.startsWith('/communes/') || OFFLINE_APPS.includes(url.pathname)),
	new NetworkFirst({ cacheName: 'pages', networkTimeoutSeconds: 3 })
);
// The offline apps' layout data (who is signed in, for the header), fetched by the client router
// (with a query that only says which loads to rerun: any copy will do offline).
registerRoute(
	({ url }) => OFFLINE_APPS.some((app) => url.pathname === `${app}/__data.json`),
	new NetworkFirst({ cacheName: 'pages', networkTimeoutSeconds: 3, matchOptions: { ignoreSearch: true } })
);

/**
 * Stores the shell of every offline app, and its layout data, in the pages' cache: each then opens
 * and reloads with no network, whichever page the person opened first. Done when this version
 * takes over (so a new version of the app brings its own; not during the install, which must not
 * wait on the network) and when a page asks, once signed in (`STORE_OFFLINE_APPS`:
 * static/register-sw.js and UpdatePrompt), so that the header and the device know who is signed
 * in. A page the account may not open (403) is left out.
 */
const STORE_TIMEOUT_MS = 15_000;
async function storeOfflineApps(): Promise<number> {
	const cache = await caches.open('pages');
	const [, stored] = await Promise.all([
		// Who uses the device, for the offline pages to open with no network (signed in: remembered).
		deviceUser(),
		Promise.all(
			OFFLINE_APPS.flatMap((app) => [
				{ url: app, accept: 'text/html' },
				{ url: `${app}/__data.json`, accept: 'application/json' }
			]).map(async ({ url, accept }) => {
				try {
					const response = await fetch(url, {
						credentials: 'same-origin',
						headers: { accept },
						signal: AbortSignal.timeout(STORE_TIMEOUT_MS)
					});
					if (!response.ok || response.redirected) return false;
					await cache.put(url, response);
					return true;
				} catch {
					return false; // offline or refused: the copy from an earlier visit stays
				}
			})
		)
	]);
	return stored.filter(Boolean).length;
}

// The offline base map (commune outlines, ~300 kB): fetched the first time the map opens, then
// read from the cache, so that the map of the tours works with no network.
registerRoute(
	({ url }) => url.pathname.startsWith('/geo/') && url.pathname.endsWith('.geojson'),
	new CacheFirst({ cacheName: 'geo' })
);

// A new version waits for the person's consent ("Mettre à jour", workbox-window), so that it
// never replaces the page in the middle of typing. The first install takes control at once.
self.addEventListener('message', (event) => {
	const type = (event.data as { type?: string } | null)?.type;
	if (type === 'SKIP_WAITING') void self.skipWaiting();
	if (type === 'STORE_OFFLINE_APPS')
		event.waitUntil(storeOfflineApps().then((count) => event.ports[0]?.postMessage({ stored: count })));
});
self.addEventListener('activate', (event) => {
	event.waitUntil(self.clients.claim());
	// Not awaited: the worker serves the pages at once; the shells arrive within a second.
	void storeOfflineApps();
});
