/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { OFFLINE_APPS } from '../src/lib/offline-apps';

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
// The offline apps' layout data (who is signed in, for the header), fetched by the client router.
registerRoute(
	({ url }) => OFFLINE_APPS.some((app) => url.pathname === `${app}/__data.json`),
	new NetworkFirst({ cacheName: 'pages', networkTimeoutSeconds: 3 })
);

// The offline base map (commune outlines, ~300 kB): fetched the first time the map opens, then
// read from the cache, so that the map of the tours works with no network.
registerRoute(
	({ url }) => url.pathname.startsWith('/geo/') && url.pathname.endsWith('.geojson'),
	new CacheFirst({ cacheName: 'geo' })
);

// A new version waits for the person's consent ("Mettre à jour", workbox-window), so that it
// never replaces the page in the middle of typing. The first install takes control at once.
self.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('activate', (event) => {
	event.waitUntil(self.clients.claim());
});
