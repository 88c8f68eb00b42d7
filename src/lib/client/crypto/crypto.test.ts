import { describe, expect, it } from 'vitest';
import { homeVisitRow, siteRow } from '$lib/contracts/synced.fixtures';
import { createDataKey, PBKDF2_ITERATIONS, rewrapDataKey, unwrapDataKey, WrongSecret } from './data-key';
import { CannotOpen, openRow, openValue, SEALED, sealRow, sealValue } from './row-cipher';

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
		const { key, stored } = await createDataKey('mot de passe du van', FAST);
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
		const { key, stored } = await createDataKey('ancien mot de passe', FAST);
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

describe('personal fields at rest', () => {
	it('seals exactly the personal fields of a row, and opens them back', async () => {
		const { key } = await createDataKey('secret', FAST);
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
		expect(typeof stored[SEALED]).toBe('string');
		expect(await openRow(key, 'homeVisits', stored)).toEqual(visit);
	});

	it('uses a fresh nonce each time: the same row never gives the same ciphertext', async () => {
		const { key } = await createDataKey('secret', FAST);
		const a = await sealRow(key, 'homeVisits', visit);
		const b = await sealRow(key, 'homeVisits', visit);
		expect(a[SEALED]).not.toBe(b[SEALED]);
	});

	it('leaves rows without personal fields as they are', async () => {
		const { key } = await createDataKey('secret', FAST);
		const site = siteRow();
		expect(await sealRow(key, 'sites', site)).toBe(site);
		expect(await openRow(key, 'sites', site as Record<string, unknown>)).toEqual(site);
	});

	it('does not open with another key, altered, or moved to another row', async () => {
		const { key } = await createDataKey('secret', FAST);
		const { key: other } = await createDataKey('secret', FAST);
		const stored = await sealRow(key, 'homeVisits', visit);
		await expect(openRow(other, 'homeVisits', stored)).rejects.toThrow(CannotOpen);
		const sealed = stored[SEALED] as string;
		const flipped = sealed.slice(0, -4) + (sealed.slice(-4, -3) === 'A' ? 'B' : 'A') + sealed.slice(-3);
		await expect(openRow(key, 'homeVisits', { ...stored, [SEALED]: flipped })).rejects.toThrow(CannotOpen);
		await expect(openRow(key, 'homeVisits', { ...stored, id: 'visit-2' })).rejects.toThrow(CannotOpen);
		await expect(openRow(key, 'homeVisits', { ...stored, [SEALED]: 'en clair' })).rejects.toThrow(CannotOpen);
	});
});
