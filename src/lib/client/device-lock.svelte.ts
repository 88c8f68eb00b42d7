import {
	createDataKey,
	recoverDataKey,
	unwrapDataKey,
	WrongSecret,
	type WrappedDataKey
} from './crypto/data-key';
import type { LocalDatabase } from './db/local-db';
import { DEFAULT_LOCAL_RULES, LOCAL_RULES_ID, localRulesFromRow } from '$lib/domain/local-rules';

/*
 * The device lock (issue 20): the data key that opens the personal data at rest lives in this
 * page's memory only. A page opened with no key in memory (a reload, a new tab, the browser
 * reopened) shows the unlock form; after the département's idle time without use, the app locks itself and
 * hides what it showed. Unlocking checks the password on the device by unwrapping the key, so it
 * works offline; the server's share (`POST /api/device-key`) sets the key up the first time and
 * recovers it after a password change. The idle time is the département's rule
 * (`idleLockMinutes`, `lib/domain/local-rules.ts`), as synced to the device.
 */

/** Wrong passwords allowed without waiting; then the wait doubles from 5 s, up to 5 minutes. */
export const FREE_UNLOCK_ATTEMPTS = 3;

export function unlockDelayMs(failures: number): number {
	if (failures < FREE_UNLOCK_ATTEMPTS) return 0;
	return Math.min(5 * 60_000, 5_000 * 2 ** (failures - FREE_UNLOCK_ATTEMPTS));
}

/** What the server answered for its share of the key. */
export type ShareAnswer = { share: string } | { refused: 'wrong' | 'throttled' | 'offline'; message: string };

/** Asks the server for its share of the signed-in user's data key, against the password. */
export async function fetchShare(password: string): Promise<ShareAnswer> {
	let res: Response;
	try {
		res = await fetch('/api/device-key', {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ password })
		});
	} catch {
		return { refused: 'offline', message: 'Pas de réseau.' };
	}
	const body = (await res.json().catch(() => ({}))) as { share?: string; error?: string };
	if (res.ok && body.share) return { share: body.share };
	if (res.status === 429) return { refused: 'throttled', message: body.error ?? 'Trop de tentatives.' };
	// 401 (signed out, revoked): only the password on the device can tell.
	if (res.status === 401) return { refused: 'offline', message: body.error ?? 'Session fermée.' };
	return { refused: 'wrong', message: body.error ?? 'Mot de passe incorrect.' };
}

interface Failures {
	count: number;
	lastAt: number;
}

const KEY_META = 'dataKey';
const FAILURES_META = 'unlockFailures';

export interface DeviceLockDeps {
	now: () => number;
	share: (password: string) => Promise<ShareAnswer>;
	/** Until the device holds the département's rule. */
	idleMs: number;
	/** PBKDF2 iterations for new wrappings (the recommended cost; tests pass fewer). */
	iterations?: number;
}

/** The page's data key and the lock around it. One per page (`deviceLock`); tests make their own. */
export class DeviceLock {
	/** The unlock form is shown (and the page's content hidden). */
	shown = $state(false);
	/** Locked after a time without use (rather than opened locked). */
	idle = $state(false);
	/** An offline page is opening the device: nothing of it is shown before the lock has decided. */
	opening = $state(false);
	/** Who is asked for the password. */
	displayName = $state('');

	private current: { userId: string; key: CryptoKey } | null = null;
	private opened: { userId: string; db: LocalDatabase; resume: () => void; pause: () => void } | null = null;
	private waiting: (() => void)[] = [];
	private lastUse = 0;
	private timer: ReturnType<typeof setInterval> | null = null;
	private idleMs: number;

	constructor(private readonly deps: DeviceLockDeps) {
		this.idleMs = deps.idleMs;
	}

	/** The key while unlocked for this user and used within the idle limit; null otherwise. */
	keyOf(userId: string): CryptoKey | null {
		if (!this.current || this.current.userId !== userId) return null;
		if (this.deps.now() - this.lastUse > this.idleMs) {
			this.lock();
			return null;
		}
		return this.current.key;
	}

	/** The person used the app: the idle time starts again. */
	touch(): void {
		if (this.current && !this.shown) this.lastUse = this.deps.now();
	}

	/**
	 * An offline page opened this user's device: resolves once the key is in memory (at once when
	 * it is). `pause` runs when the app locks itself later, `resume` when it is unlocked again.
	 */
	async required(
		user: { id: string; displayName: string },
		db: LocalDatabase,
		hooks: { pause: () => void; resume: () => void } = { pause: () => undefined, resume: () => undefined }
	): Promise<void> {
		this.opened = { userId: user.id, db, ...hooks };
		this.displayName = user.displayName;
		const rules = localRulesFromRow(await db.entity('localRules').get(LOCAL_RULES_ID));
		this.idleMs = rules.idleLockMinutes * 60_000;
		this.watchIdle();
		this.opening = false;
		if (this.keyOf(user.id)) return;
		this.idle = false;
		this.shown = true;
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	/** The page is gone: nothing to pause or resume any more (the key stays for the next page). */
	leave(db: LocalDatabase): void {
		if (this.opened?.db === db) this.opened = null;
	}

	/** Drops the key from memory and shows the unlock form over an open page. */
	lock(): void {
		if (!this.current) return;
		this.current = null;
		if (this.opened) {
			this.idle = true;
			this.shown = true;
			this.opened.pause();
		}
	}

	/** The unlock form's answer: null when unlocked, or what to tell the person. */
	async unlock(password: string): Promise<string | null> {
		const opened = this.opened;
		if (!opened) return 'Aucun espace à ouvrir.';
		const failures = ((await opened.db.meta.get(FAILURES_META))?.value as Failures | undefined) ?? {
			count: 0,
			lastAt: 0
		};
		const wait = failures.lastAt + unlockDelayMs(failures.count) - this.deps.now();
		if (wait > 0) return `Trop d’essais : réessayez dans ${Math.ceil(wait / 1000)} s.`;
		const outcome = await this.establish(opened.userId, opened.db, password);
		if (outcome.ok) {
			await opened.db.meta.delete(FAILURES_META);
			this.shown = false;
			this.idle = false;
			for (const resolve of this.waiting.splice(0)) resolve();
			opened.resume();
			return null;
		}
		if (outcome.counts) {
			const count = failures.count + 1;
			await opened.db.meta.put({ key: FAILURES_META, value: { count, lastAt: this.deps.now() } });
			const delay = unlockDelayMs(count);
			return delay > 0
				? `${outcome.message} Prochain essai possible dans ${Math.ceil(delay / 1000)} s.`
				: outcome.message;
		}
		return outcome.message;
	}

	/**
	 * Puts this user's data key in memory with the password: unwrapped on the device; set up with
	 * the server's share the first time; recovered with it when the password changed since. Used
	 * by the unlock form and right after a sign-in (which just proved the password online).
	 */
	async establish(
		userId: string,
		db: LocalDatabase,
		password: string
	): Promise<{ ok: true } | { ok: false; message: string; counts: boolean }> {
		const iterations = this.deps.iterations;
		const stored = (await db.meta.get(KEY_META))?.value as WrappedDataKey | undefined;
		if (stored) {
			try {
				return this.keep(userId, await unwrapDataKey(stored, password));
			} catch (e) {
				if (!(e instanceof WrongSecret)) throw e;
			}
		}
		const answer = await this.deps.share(password);
		if ('refused' in answer) {
			if (answer.refused === 'throttled') return { ok: false, message: answer.message, counts: false };
			if (!stored && answer.refused === 'offline')
				return {
					ok: false,
					message:
						'Première ouverture de vos données sur cet appareil : connectez-vous une fois avec le réseau.',
					counts: false
				};
			return {
				ok: false,
				message:
					answer.refused === 'offline'
						? 'Mot de passe incorrect. S’il a changé depuis, reconnectez-vous avec le réseau : vos modifications en attente sont gardées.'
						: 'Mot de passe incorrect.',
				counts: true
			};
		}
		const made = stored
			? await recoverDataKey(stored, answer.share, password, iterations).catch(() => null)
			: await createDataKey(password, answer.share, iterations);
		if (!made)
			return {
				ok: false,
				message:
					'La clé de cet appareil ne s’ouvre plus : effacez ses données depuis « Mon compte » pour repartir du serveur.',
				counts: false
			};
		await db.meta.put({ key: KEY_META, value: made.stored });
		return this.keep(userId, made.key);
	}

	private keep(userId: string, key: CryptoKey): { ok: true } {
		this.current = { userId, key };
		this.lastUse = this.deps.now();
		return { ok: true };
	}

	/** Activity keeps the app open; a check every 30 s locks it once idle (the browser only). */
	private watchIdle(): void {
		if (this.timer || typeof addEventListener === 'undefined') return;
		for (const type of ['pointerdown', 'keydown', 'touchstart', 'wheel'])
			addEventListener(type, () => this.touch(), { passive: true, capture: true });
		this.timer = setInterval(() => {
			if (this.opened) this.keyOf(this.opened.userId);
		}, 30_000);
	}
}

/** This page's lock. */
export const deviceLock = new DeviceLock({
	now: () => Date.now(),
	share: fetchShare,
	idleMs: DEFAULT_LOCAL_RULES.idleLockMinutes * 60_000
});
