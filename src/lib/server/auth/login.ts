import type { Role } from '$lib/domain/roles';
import type { DB } from '../db';
import { decoyPasswordHash, verifyPassword } from './password';
import { loginLockStatus, recordLoginAttempt } from './rate-limit';
import { createSession } from './session';

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date; role: Role; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'locked'; retryAt: string };

export type PasswordCheck =
	| { ok: true; userId: string; role: Role }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'locked'; retryAt: string };

/**
 * Checks an account's password under the sign-in throttle: refused while locked, every attempt
 * recorded. Unknown accounts take as long as known ones.
 */
export async function checkPassword(
	db: DB,
	input: { email: string; password: string; ip: string },
	now: Date
): Promise<PasswordCheck> {
	const email = input.email.trim().toLowerCase();
	const lock = await loginLockStatus(db, email, input.ip, now);
	if (lock.locked && lock.retryAt) return { ok: false, reason: 'locked', retryAt: lock.retryAt };

	const user = await db
		.selectFrom('users')
		.select(['id', 'password_hash', 'role', 'active'])
		.where('email', '=', email)
		.executeTakeFirst();
	const valid = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), input.password);
	const accepted = Boolean(user && valid && user.active === 1);
	await recordLoginAttempt(db, email, input.ip, accepted, now);
	if (!user || !accepted) {
		const after = await loginLockStatus(db, email, input.ip, now);
		if (after.locked && after.retryAt) return { ok: false, reason: 'locked', retryAt: after.retryAt };
		return { ok: false, reason: 'invalid' };
	}
	return { ok: true, userId: user.id, role: user.role as Role };
}

/**
 * Checks the credentials and opens a new session (a fresh token on every login: the
 * session is rotated, never reused).
 */
export async function login(
	db: DB,
	secret: string,
	input: { email: string; password: string; ip: string; userAgent: string },
	now: Date
): Promise<LoginResult> {
	const checked = await checkPassword(db, input, now);
	if (!checked.ok) return checked;
	const session = await createSession(db, secret, checked.userId, input.userAgent, now);
	return { ok: true, ...session, role: checked.role, userId: checked.userId };
}
