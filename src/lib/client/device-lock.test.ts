import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { toBase64 } from './crypto/data-key';
import { openValue, sealValue } from './crypto/row-cipher';
import { LocalDatabase } from './db/local-db';
import { DeviceLock, FREE_UNLOCK_ATTEMPTS, unlockDelayMs, type ShareAnswer } from './device-lock.svelte';

const PASSWORD = 'mot de passe du van';
const SHARE = toBase64(crypto.getRandomValues(new Uint8Array(32)));
const user = { id: 'user-lock', displayName: 'Camille' };

/** A lock over a fresh database, with a clock and a server the test drives. */
function setup() {
	const clock = { now: Date.parse('2027-03-15T09:30:00+01:00') };
	const server = { online: true, password: PASSWORD, share: SHARE, asked: 0 };
	const share = (password: string): Promise<ShareAnswer> => {
		server.asked++;
		if (!server.online) return Promise.resolve({ refused: 'offline', message: 'Pas de réseau.' });
		return Promise.resolve(
			password === server.password
				? { share: server.share }
				: { refused: 'wrong', message: 'Mot de passe incorrect.' }
		);
	};
	const lock = new DeviceLock({ now: () => clock.now, share, idleMs: 15 * 60_000, iterations: 1_000 });
	const db = new LocalDatabase(`tfs-${user.id}`, { indexedDB: new IDBFactory(), IDBKeyRange });
	const events: string[] = [];
	const hooks = { pause: () => events.push('pause'), resume: () => events.push('resume') };
	return { clock, server, lock, db, events, hooks };
}

describe('the device lock', () => {
	it('needs the network the first time, then sets up a key stored only wrapped', async () => {
		const { server, lock, db, hooks } = setup();
		const opened = lock.required(user, db, hooks);
		await vi.waitFor(() => expect(lock.shown).toBe(true));
		server.online = false;
		expect(await lock.unlock(PASSWORD)).toMatch(/Première ouverture/);
		server.online = true;
		expect(await lock.unlock(PASSWORD)).toBeNull();
		await opened;
		expect(lock.shown).toBe(false);
		expect(lock.keyOf(user.id)).not.toBeNull();
		expect(lock.keyOf('someone-else')).toBeNull();
		const stored = JSON.stringify(await db.meta.toArray());
		expect(stored).not.toContain(PASSWORD);
		expect(stored).toContain('PBKDF2-SHA256');
	});

	it('unlocks offline with the right password, refuses a wrong one, and makes repeated failures wait', async () => {
		const { clock, server, lock, db, hooks } = setup();
		await lock.establish(user.id, db, PASSWORD);
		const key = lock.keyOf(user.id);
		const sealed = await sealValue(key!, 'Marcelle', 'ctx');

		const fresh = new DeviceLock({
			now: () => clock.now,
			share: () => Promise.resolve({ refused: 'offline', message: '' }),
			idleMs: 60_000,
			iterations: 1_000
		});
		void fresh.required(user, db, hooks);
		server.online = false;
		for (let i = 1; i < FREE_UNLOCK_ATTEMPTS; i++)
			expect(await fresh.unlock('pas le bon')).toMatch(/^Mot de passe incorrect/);
		expect(await fresh.unlock('pas le bon')).toMatch(/Prochain essai possible dans 5 s/);
		// Even the right password waits its turn.
		expect(await fresh.unlock(PASSWORD)).toMatch(/Trop d’essais : réessayez dans 5 s/);
		clock.now += 5_000;
		expect(await fresh.unlock(PASSWORD)).toBeNull();
		expect(await openValue(fresh.keyOf(user.id)!, sealed, 'ctx')).toBe('Marcelle');
		// The failures were forgotten with the success.
		expect(await db.meta.get('unlockFailures')).toBeUndefined();
	});

	it('recovers the same key after a password change, with the server’s share', async () => {
		const { server, lock, db } = setup();
		await lock.establish(user.id, db, PASSWORD);
		const sealed = await sealValue(lock.keyOf(user.id)!, { phone: '05 63 00 00 00' }, 'ctx');
		server.password = 'nouveau mot de passe';
		const later = new DeviceLock({
			now: () => Date.now(),
			share: (p) =>
				Promise.resolve(
					p === server.password ? { share: SHARE } : { refused: 'wrong', message: 'Mot de passe incorrect.' }
				),
			idleMs: 60_000,
			iterations: 1_000
		});
		expect(await later.establish(user.id, db, 'nouveau mot de passe')).toEqual({ ok: true });
		expect(await openValue(later.keyOf(user.id)!, sealed, 'ctx')).toEqual({ phone: '05 63 00 00 00' });
		// From now on the new password opens it offline.
		const offline = new DeviceLock({
			now: () => Date.now(),
			share: () => Promise.resolve({ refused: 'offline', message: '' }),
			idleMs: 60_000,
			iterations: 1_000
		});
		expect(await offline.establish(user.id, db, 'nouveau mot de passe')).toEqual({ ok: true });
	});

	it('locks itself after a while without use, pausing the page, and resumes it once unlocked', async () => {
		const { clock, lock, db, events, hooks } = setup();
		await lock.establish(user.id, db, PASSWORD);
		await lock.required(user, db, hooks);
		expect(lock.shown).toBe(false);
		clock.now += 10 * 60_000;
		lock.touch();
		clock.now += 10 * 60_000;
		expect(lock.keyOf(user.id)).not.toBeNull();
		clock.now += 15 * 60_000 + 1;
		expect(lock.keyOf(user.id)).toBeNull();
		expect(lock.shown).toBe(true);
		expect(lock.idle).toBe(true);
		expect(events).toEqual(['pause']);
		expect(await lock.unlock(PASSWORD)).toBeNull();
		expect(events).toEqual(['pause', 'resume']);
		expect(lock.shown).toBe(false);
	});

	it('locks after the département’s idle time, as synced to the device', async () => {
		const { clock, lock, db, hooks } = setup();
		await db.entity('localRules').put({
			id: 'departement',
			minSpacingDays: 10,
			level2ResponseDays: 15,
			crewWithDigitalAdviser: true,
			idleLockMinutes: 5
		});
		await lock.establish(user.id, db, PASSWORD);
		await lock.required(user, db, hooks);
		clock.now += 5 * 60_000 - 1;
		expect(lock.keyOf(user.id)).not.toBeNull();
		clock.now += 5 * 60_000 + 1;
		expect(lock.keyOf(user.id)).toBeNull();
		expect(lock.shown).toBe(true);
	});

	it('waits longer after each failure, up to five minutes', () => {
		expect([0, 1, 2].map(unlockDelayMs)).toEqual([0, 0, 0]);
		expect(unlockDelayMs(3)).toBe(5_000);
		expect(unlockDelayMs(4)).toBe(10_000);
		expect(unlockDelayMs(20)).toBe(300_000);
	});
});
