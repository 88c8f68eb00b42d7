import type { DB } from '../db';
import { newId } from '../ids';

/**
 * Login throttling, kept in the database so that it holds across restarts and processes:
 * after 5 failures on an account, or 20 from one address, within 15 minutes, further
 * attempts are refused until the window has passed.
 */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export interface LockStatus {
	locked: boolean;
	/** When the next attempt is accepted (ISO), if locked. */
	retryAt: string | null;
}

async function failuresSince(db: DB, key: string, since: string) {
	return db
		.selectFrom('login_attempts')
		.select('attempted_at')
		.where('key', '=', key)
		.where('succeeded', '=', 0)
		.where('attempted_at', '>', since)
		.orderBy('attempted_at', 'asc')
		.execute();
}

export async function loginLockStatus(db: DB, email: string, ip: string, now: Date): Promise<LockStatus> {
	const windowMs = LOGIN_WINDOW_MINUTES * 60_000;
	const since = new Date(now.getTime() - windowMs).toISOString();
	for (const [key, max] of [
		[`account:${email}`, MAX_FAILURES_PER_ACCOUNT],
		[`ip:${ip}`, MAX_FAILURES_PER_IP]
	] as const) {
		const failures = await failuresSince(db, key, since);
		if (failures.length >= max) {
			// Unlocked when the oldest failure that still counts leaves the window.
			const pivot = failures[failures.length - max];
			const retryAt = new Date(Date.parse(pivot?.attempted_at ?? now.toISOString()) + windowMs);
			return { locked: true, retryAt: retryAt.toISOString() };
		}
	}
	return { locked: false, retryAt: null };
}

export async function recordLoginAttempt(
	db: DB,
	email: string,
	ip: string,
	succeeded: boolean,
	now: Date
): Promise<void> {
	const at = now.toISOString();
	await db
		.insertInto('login_attempts')
		.values([
			{ id: newId(), key: `account:${email}`, attempted_at: at, succeeded: succeeded ? 1 : 0 },
			{ id: newId(), key: `ip:${ip}`, attempted_at: at, succeeded: succeeded ? 1 : 0 }
		])
		.execute();
	if (succeeded) {
		// A successful login clears the account's failures (not the address's).
		await db
			.deleteFrom('login_attempts')
			.where('key', '=', `account:${email}`)
			.where('succeeded', '=', 0)
			.execute();
	}
}

/** Housekeeping: attempts older than a day serve no purpose. */
export async function pruneLoginAttempts(db: DB, now: Date): Promise<void> {
	const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
	await db.deleteFrom('login_attempts').where('attempted_at', '<', dayAgo).execute();
}
