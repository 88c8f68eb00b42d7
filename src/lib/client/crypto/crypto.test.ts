import { describe, expect, it } from 'vitest';
import { homeVisitRow, siteRow } from '$lib/contracts/synced.fixtures';
import type { EntityRowOf } from '$lib/contracts/synced';
import {
	createDataKey,
	PBKDF2_ITERATIONS,
	recoverDataKey,
	rewrapDataKey,
	toBase64,
	unwrapDataKey,
	WrongSecret
} from './data-key';
import {
	CannotOpen,
	openAll,
	openRow,
	openValue,
	SEALED,
	sealRow,
	sealValue,
	type SealedFields
} from './row-cipher';

/** Few iterations in the tests (each derivation is then a millisecond); the app uses PBKDF2_ITERATIONS. */
const FAST = 1_000;

const visit = homeVisitRow({ communeInsee: '82097' });

describe('the data key', () => {
	it('uses PBKDF2-SHA256 at OWASP’s recommended cost (600,000 iterations)', async () => {
		expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
		const { stored } = await createDataKey('correct horse battery');
		expect(stored).toMatchObject({ version: 1, kdf: 'PBKDF2-SHA256', iterations: PBKDF2_ITERATIONS });
	});

	it('is stored only wrapped, unwraps with the password, and refuses another one', async () => {
		const { key, stored } = await createDataKey('mot de passe du van', undefined, FAST);
		expect(key.extractable).toBe(false);
		expect(JSON.stringify(stored)).not.toContain('mot de passe');
		const sealed = await sealValue(key, 'Marcelle', 'test');
		const again = await unwrapDataKey(stored, 'mot de passe du van');
		expect(await openValue(again, sealed, 'test')).toBe('Marcelle');
		await expect(unwrapDataKey(stored, 'mot de passe du vam')).rejects.toThrow(WrongSecret);
		await expect(
			unwrapDataKey(
				{ ...stored, wrapped: (stored.wrapped.startsWith('A') ? 'B' : 'A') + stored.wrapped.slice(1) },
				'mot de passe du van'
			)
		).rejects.toThrow(WrongSecret);
	});

	it('keeps the same key under a new password, so sealed data stays readable', async () => {
		const { key, stored } = await createDataKey('ancien mot de passe', undefined, FAST);
		const sealed = await sealValue(key, { phone: '05 63 00 00 00' }, 'ctx');
		const rewrapped = await rewrapDataKey(stored, 'ancien mot de passe', 'nouveau mot de passe', FAST);
		expect(rewrapped.salt).not.toBe(stored.salt);
		expect(await openValue(await unwrapDataKey(rewrapped, 'nouveau mot de passe'), sealed, 'ctx')).toEqual({
			phone: '05 63 00 00 00'
		});
		await expect(unwrapDataKey(rewrapped, 'ancien mot de passe')).rejects.toThrow(WrongSecret);
		await expect(rewrapDataKey(stored, 'pas le bon', 'nouveau', FAST)).rejects.toThrow(WrongSecret);
	});
});

describe('the server’s share of the data key', () => {
	const share = toBase64(crypto.getRandomValues(new Uint8Array(32)));

	it('recovers the key after a password change, so sealed data stays readable', async () => {
		const { key, stored } = await createDataKey('ancien mot de passe', share, FAST);
		expect(stored.share).toBeDefined();
		const sealed = await sealValue(key, 'Marcelle', 'ctx');
		await expect(unwrapDataKey(stored, 'nouveau mot de passe')).rejects.toThrow(WrongSecret);
		const recovered = await recoverDataKey(stored, share, 'nouveau mot de passe', FAST);
		expect(await openValue(recovered.key, sealed, 'ctx')).toBe('Marcelle');
		expect(
			await openValue(await unwrapDataKey(recovered.stored, 'nouveau mot de passe'), sealed, 'ctx')
		).toBe('Marcelle');
		expect(recovered.stored.share).toEqual(stored.share);
	});

	it('refuses another share, and a key stored without one', async () => {
		const other = toBase64(crypto.getRandomValues(new Uint8Array(32)));
		const { stored } = await createDataKey('secret', share, FAST);
		await expect(recoverDataKey(stored, other, 'x', FAST)).rejects.toThrow(WrongSecret);
		const { stored: alone } = await createDataKey('secret', undefined, FAST);
		await expect(recoverDataKey(alone, share, 'x', FAST)).rejects.toThrow(WrongSecret);
	});
});

describe('personal fields at rest', () => {
	it('seals exactly the personal fields of a row, and opens them back', async () => {
		const { key } = await createDataKey('secret', undefined, FAST);
		const stored = await sealRow(key, 'homeVisits', visit);
		const text = JSON.stringify(stored);
		for (const personal of ['Marcelle', '05 63', 'Crêtes', 'code 1234', 'retraite', 'après 10 h'])
			expect(text).not.toContain(personal);
		expect(stored).toMatchObject({
			id: 'visit-1',
			date: '2027-03-16',
			communeName: 'Lavit',
			status: 'scheduled'
		});
		expect(Object.keys(stored)).not.toContain('personName');
		expect(stored[SEALED]).toMatchObject({
			entity: 'homeVisits',
			box: expect.stringMatching(/^tfs-aes-gcm-1:/)
		});
		expect(await openRow(key, 'homeVisits', stored)).toEqual(visit);
	});

	it('uses a fresh nonce each time: the same row never gives the same ciphertext', async () => {
		const { key } = await createDataKey('secret', undefined, FAST);
		const a = await sealRow(key, 'homeVisits', visit);
		const b = await sealRow(key, 'homeVisits', visit);
		expect(a[SEALED]).not.toEqual(b[SEALED]);
	});

	it('leaves rows without personal fields, or with all of them empty, as they are', async () => {
		const { key } = await createDataKey('secret', undefined, FAST);
		const site = siteRow();
		expect(await sealRow(key, 'sites', site)).toBe(site);
		expect(await openRow(key, 'sites', site as Record<string, unknown>)).toEqual(site);
		// An activity record without a note has nothing personal to hide.
		const record = { id: 'r-1', date: '2027-03-16', note: '' } as unknown as EntityRowOf<'activityRecords'>;
		expect(await sealRow(key, 'activityRecords', record)).toBe(record);
		const noted = await sealRow(key, 'activityRecords', { ...record, note: 'Fils : 06 12 34 56 78' });
		expect(JSON.stringify(noted)).not.toContain('06 12');
	});

	it('does not open with another key, altered, or moved to another row', async () => {
		const { key } = await createDataKey('secret', undefined, FAST);
		const { key: other } = await createDataKey('secret', undefined, FAST);
		const stored = await sealRow(key, 'homeVisits', visit);
		await expect(openRow(other, 'homeVisits', stored)).rejects.toThrow(CannotOpen);
		const sealed = stored[SEALED] as SealedFields;
		const box = sealed.box;
		const flipped = box.slice(0, -4) + (box.slice(-4, -3) === 'A' ? 'B' : 'A') + box.slice(-3);
		const altered = { ...stored, [SEALED]: { ...sealed, box: flipped } };
		await expect(openRow(key, 'homeVisits', altered)).rejects.toThrow(CannotOpen);
		await expect(openRow(key, 'homeVisits', { ...stored, id: 'visit-2' })).rejects.toThrow(CannotOpen);
		await expect(openRow(key, 'homeVisits', { ...stored, [SEALED]: 'en clair' })).rejects.toThrow(CannotOpen);
		const moved = { ...stored, [SEALED]: { ...sealed, entity: 'relayRequests' } };
		await expect(openRow(key, 'homeVisits', moved)).rejects.toThrow(CannotOpen);
	});

	it('opens whatever a query returned, and without the key shows the rows without their personal fields', async () => {
		const { key } = await createDataKey('secret', undefined, FAST);
		const site = siteRow();
		const stored = await sealRow(key, 'homeVisits', visit);
		expect(await openAll(key, [stored, site])).toEqual([visit, site]);
		expect(await openAll(key, new Map([['a', stored]]))).toEqual(new Map([['a', visit]]));
		expect(await openAll(key, stored)).toEqual(visit);
		expect(await openAll(key, undefined)).toBeUndefined();
		const locked = await openAll(null, [stored]);
		expect(locked[0]).toMatchObject({ id: visit.id, date: visit.date });
		expect(JSON.stringify(locked)).not.toContain('Marcelle');
		expect(Object.keys(locked[0] ?? {})).not.toContain(SEALED);
	});
});
