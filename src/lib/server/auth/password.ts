import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first configuration
 * (19 MiB, 2 iterations, 1 lane): about 30 ms on this kind of machine.
 */
// `Algorithm` is an ambient const enum the build cannot import: 2 is Algorithm.Argon2id
// (a unit test checks that hashes start with $argon2id$).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of a random password, verified against when the account does not exist (same timing). */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
	decoyHash ??= hashPassword(`decoy-${Math.random()}-${Math.random()}`);
	return decoyHash;
}
