import type { SyncEngine, SyncOutcome } from '$lib/sync/engine';

export interface SyncStatusDeps {
	engine: SyncEngine;
	pendingCount: () => Promise<number>;
	reviewCount: () => Promise<number>;
	logSync: (entry: { at: string; ok: boolean; message: string }) => Promise<void>;
	lastSuccess: () => Promise<string | null>;
	now: () => string;
}

/** Every minute while online: short enough for a van back in coverage, light on mobile data. */
export const PERIODIC_SYNC_MS = 60_000;
/** Retry delay when the network is announced but not yet usable. */
export const RETRY_MS = 5_000;
/** Dispatched on `window` when a sync has finished, whatever its outcome (the update prompt waits for the first). */
export const SYNC_SETTLED_EVENT = 'tfs:sync-settled';

/**
 * Drives sync on the device: at start, when the network comes back, every minute while online and
 * on the "Synchroniser" button; one sync at a time across tabs (Web Locks). Exposes what the
 * status bar shows. A 401 pauses the queue until the person signs in again; nothing is dropped.
 */
export class SyncStatus {
	online = $state(true);
	syncing = $state(false);
	pending = $state(0);
	toReview = $state(0);
	lastSuccess = $state<string | null>(null);
	error = $state<string | null>(null);
	needsSignIn = $state(false);
	outdated = $state(false);
	storage = $state<{ persisted: boolean; usedBytes: number | null; quotaBytes: number | null } | null>(null);

	private timer: ReturnType<typeof setInterval> | null = null;
	private retry: ReturnType<typeof setTimeout> | null = null;
	/** A sync is waiting for the lock in this tab: another request would only repeat it. */
	private queued = false;
	/** The page's first sync is timed (User Timing `tfs:first-sync`), for `npm run bench:browser-sync`. */
	private timed = false;
	private readonly onOnline = () => {
		this.online = true;
		void this.syncNow();
	};
	private readonly onOffline = () => {
		this.online = false;
	};

	constructor(private readonly deps: SyncStatusDeps) {}

	async start(): Promise<void> {
		this.online = navigator.onLine;
		addEventListener('online', this.onOnline);
		addEventListener('offline', this.onOffline);
		this.timer = setInterval(() => {
			if (this.online) void this.syncNow();
		}, PERIODIC_SYNC_MS);
		await this.refreshCounts();
		this.lastSuccess = await this.deps.lastSuccess();
		await this.checkStorage();
		await this.syncNow();
	}

	stop(): void {
		removeEventListener('online', this.onOnline);
		removeEventListener('offline', this.onOffline);
		if (this.timer) clearInterval(this.timer);
		if (this.retry) clearTimeout(this.retry);
	}

	async refreshCounts(): Promise<void> {
		this.pending = await this.deps.pendingCount();
		this.toReview = await this.deps.reviewCount();
	}

	/** Asks the browser to keep our data (not evicted under storage pressure) and measures the quota. */
	async checkStorage(): Promise<void> {
		if (!navigator.storage) return;
		const persisted =
			(await navigator.storage.persisted?.()) || (await navigator.storage.persist?.()) || false;
		const estimate = await navigator.storage.estimate?.();
		this.storage = { persisted, usedBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
	}

	async syncNow(): Promise<SyncOutcome | null> {
		const run = async (): Promise<SyncOutcome | null> => {
			this.syncing = true;
			const timed = !this.timed;
			this.timed = true;
			try {
				if (timed) performance.mark('tfs:first-sync:start');
				const outcome = await this.deps.engine.sync();
				if (timed) performance.measure('tfs:first-sync', 'tfs:first-sync:start');
				const at = this.deps.now();
				if (outcome.ok) {
					this.error = null;
					this.needsSignIn = false;
					this.outdated = false;
					this.lastSuccess = at;
				} else {
					this.online = outcome.reason !== 'offline';
					this.needsSignIn = outcome.reason === 'unauthorised' || outcome.reason === 'revoked';
					this.outdated = outcome.reason === 'outdated';
					this.error = outcome.reason === 'offline' ? null : outcome.message;
				}
				await this.deps.logSync({ at, ok: outcome.ok, message: outcome.ok ? 'ok' : outcome.message });
				return outcome;
			} catch (e) {
				// A local storage failure (quota…) is shown, never swallowed.
				this.error = e instanceof Error ? `Stockage local : ${e.message}` : 'Erreur du stockage local.';
				return null;
			} finally {
				this.syncing = false;
				await this.refreshCounts();
				dispatchEvent(new Event(SYNC_SETTLED_EVENT));
			}
		};
		if (this.queued) return null;
		this.queued = true;
		const runQueued = async () => {
			this.queued = false;
			const outcome = await run();
			// The browser says online but the request failed (a network coming back): try again soon.
			if (outcome && !outcome.ok && outcome.reason === 'offline' && navigator.onLine) {
				if (this.retry) clearTimeout(this.retry);
				this.retry = setTimeout(() => void this.syncNow(), RETRY_MS);
			}
			return outcome;
		};
		// One sync at a time across tabs: a request made during another tab's sync runs right after it.
		if (navigator.locks) return navigator.locks.request('tfs-sync', runQueued);
		return runQueued();
	}
}
