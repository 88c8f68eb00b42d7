import type { Role } from '$lib/domain/roles';
import { SyncEngine } from '$lib/sync/engine';
import { DexieStore, LocalDatabase } from './db/local-db';
import { deviceLock } from './device-lock.svelte';
import { deviceUser, type DeviceUser } from './device-user';
import { httpTransport } from './sync/http-transport';
import { SyncStatus } from './sync/status.svelte';

export { deviceUser, forgetDeviceUser, type DeviceUser } from './device-user';

export interface Device {
	db: LocalDatabase;
	store: DexieStore;
	engine: SyncEngine;
	status: SyncStatus;
}

/**
 * The local database and sync machinery of one user on this device (one database per account).
 * `dataKey` gives the key that seals personal fields at rest: by default the one the device lock
 * holds in memory while unlocked (`device-lock.svelte.ts`).
 */
export function openDevice(user: DeviceUser, dataKey?: () => Promise<CryptoKey | null>): Device {
	const db = new LocalDatabase(`tfs-${user.id}`);
	const store = new DexieStore(db, () => crypto.randomUUID(), {
		dataKey: dataKey ?? (() => Promise.resolve(deviceLock.keyOf(user.id))),
		keepsPersonalData: user.role !== 'relay'
	});
	const engine = new SyncEngine(store, httpTransport(), () => new Date());
	const status = new SyncStatus({
		engine,
		pendingCount: () => db.outbox.filter((m) => !m.result).count(),
		reviewCount: () => db.reviews.count(),
		logSync: async (entry) => {
			await db.syncLog.add(entry);
		},
		lastSuccess: async () =>
			(
				await db.syncLog
					.where('at')
					.above('')
					.filter((l) => l.ok)
					.last()
			)?.at ?? null,
		now: () => new Date().toISOString()
	});
	return { db, store, engine, status };
}

/**
 * Opens the device of the signed-in user for an offline page reserved to `role`: the sign-in
 * page when nobody is known here (back to `back` afterwards), a reason when another role is.
 * The caller starts the sync (`device.status.start()`) once its queries are set up.
 */
export async function deviceFor(
	role: Role,
	back: string
): Promise<{ user: DeviceUser; device: Device; signedOut: boolean } | { problem: string } | null> {
	const found = await deviceUser();
	if (!found.user) {
		// Offline, the sign-in page cannot open: say what to do instead of leaving for it.
		if (found.offline)
			return {
				problem:
					'Pas de réseau, et cet appareil ne sait pas encore qui l’utilise : connectez-vous une fois avec le réseau, puis cet espace s’ouvrira sans.'
			};
		location.href = `/connexion?retour=${encodeURIComponent(back)}`;
		return null;
	}
	if (found.user.role !== role) return { problem: 'Cet espace est réservé à un autre profil que le vôtre.' };
	const device = openDevice(found.user);
	// Revoked (a lost device): the personal data go at once, before any unlock; the outbox stays.
	if (found.revoked) await device.store.forgetPersonalData();
	if (found.signedOut) device.status.needsSignIn = true;
	return { user: found.user, device, signedOut: found.signedOut };
}

/** A live query's subscription, as Dexie's `liveQuery(…).subscribe(…)` returns it. */
export interface Subscription {
	unsubscribe(): void;
}

/**
 * Mounts an offline page (call it from `onMount` and return its result): opens the device for
 * `role` (`deviceFor`), waits for the device lock to hold the data key (the unlock form shows
 * until then), lets the page set up its live queries (`ready` returns their subscriptions), then
 * starts the sync; a storage failure or a wrong profile goes to `fail`. When the app locks itself
 * (idle), the queries and the sync stop until it is unlocked. The returned cleanup ends them when
 * the page goes.
 */
export function mountOfflineApp(
	role: Role,
	back: string,
	handlers: {
		ready(found: { user: DeviceUser; device: Device }): Subscription[];
		fail(message: string): void;
	}
): () => void {
	const subscriptions: Subscription[] = [];
	let opened: Device | null = null;
	let gone = false;
	const stop = () => {
		for (const s of subscriptions.splice(0)) s.unsubscribe();
		opened?.status.stop();
	};
	deviceLock.opening = true;
	void (async () => {
		const found = await deviceFor(role, back);
		if (!found || gone) return;
		if ('problem' in found) {
			deviceLock.opening = false;
			handlers.fail(found.problem);
			return;
		}
		const device = found.device;
		opened = device;
		const start = async () => {
			subscriptions.push(...handlers.ready(found));
			await device.status.start();
		};
		await deviceLock.required(found.user, device.db, { pause: stop, resume: () => void start() });
		if (gone) return;
		await start();
	})().catch((e: unknown) => {
		deviceLock.opening = false;
		handlers.fail(
			e instanceof Error ? `Stockage local indisponible : ${e.message}` : 'Stockage local indisponible.'
		);
	});
	return () => {
		gone = true;
		deviceLock.opening = false;
		stop();
		if (opened) deviceLock.leave(opened.db);
	};
}
