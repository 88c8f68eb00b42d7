import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
	it('uses argon2id with the OWASP parameters and verifies', async () => {
		const hash = await hashPassword('un mot de passe assez long');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'un mot de passe assez long')).toBe(true);
		expect(await verifyPassword(hash, 'un autre mot de passe')).toBe(false);
	});
	it('treats a malformed hash as a failed check, not a crash', async () => {
		expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
	});
});
