import type { Role } from '$lib/domain/roles';
import type { DB } from '../db';
import { hmacHex, newToken } from '../ids';

export const SESSION_COOKIE = 'tfs_session';

/**
 * Timeouts. Advisers keep working offline in the van for days, so their idle timeout is
 * longer; every session ends after the absolute timeout whatever its activity.
 */
export const IDLE_TIMEOUT_HOURS: Record<Role, number> = {
	adviser: 72,
	coordinator: 8,
	relay: 8,
	admin: 2
};
export const ABSOLUTE_TIMEOUT_DAYS = 14;
/** last_seen_at is written at most this often, so that reading pages does not write each time. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export interface SessionUser {
	id: string;
	email: string;
	displayName: string;
	role: Role;
	adviserKind: string | null;
	tourId: string | null;
	relayOrganisationId: string | null;
}

export interface ActiveSession {
	id: string;
	user: SessionUser;
	expiresAt: string;
}

export async function createSession(
	db: DB,
	secret: string,
	userId: string,
	userAgent: string,
	now: Date
): Promise<{ token: string; expiresAt: Date }> {
	const token = newToken();
	const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_DAYS * 86_400_000);
	await db
		.insertInto('sessions')
		.values({
			id: hmacHex(secret, token),
			user_id: userId,
			created_at: now.toISOString(),
			last_seen_at: now.toISOString(),
			expires_at: expiresAt.toISOString(),
			user_agent: userAgent.slice(0, 300),
			revoked_at: null
		})
		.execute();
	return { token, expiresAt };
}

/** The session behind a cookie token, or null if unknown, revoked, idle too long or expired. */
export async function validateSession(
	db: DB,
	secret: string,
	token: string,
	now: Date
): Promise<ActiveSession | null> {
	const state = await sessionState(db, secret, token, now);
	return 'session' in state ? state.session : null;
}

/**
 * The session behind a cookie token, or why there is none, from one read: `revoked` when it was
 * closed on purpose (the coordination's « Déconnecter ses appareils », « Se déconnecter partout »,
 * a deactivated account: the device must forget its personal data), `ended` when unknown, idle too
 * long or expired (the device only has to sign in again).
 */
export async function sessionState(
	db: DB,
	secret: string,
	token: string,
	now: Date
): Promise<{ session: ActiveSession } | { none: 'revoked' | 'ended' }> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { none: 'ended' };
	const id = hmacHex(secret, token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id as sessionId',
			'sessions.last_seen_at',
			'sessions.expires_at',
			'sessions.revoked_at',
			'users.id as userId',
			'users.email',
			'users.display_name',
			'users.role',
			'users.adviser_kind',
			'users.tour_id',
			'users.relay_organisation_id',
			'users.active'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return { none: 'ended' };
	if (row.revoked_at !== null || row.active !== 1) return { none: 'revoked' };
	const role = row.role as Role;
	const nowMs = now.getTime();
	const lastSeen = Date.parse(row.last_seen_at);
	if (nowMs >= Date.parse(row.expires_at)) return { none: 'ended' };
	if (nowMs - lastSeen >= IDLE_TIMEOUT_HOURS[role] * 3_600_000) return { none: 'ended' };
	if (nowMs - lastSeen >= TOUCH_INTERVAL_MS) {
		await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
	}
	return {
		session: {
			id,
			expiresAt: row.expires_at,
			user: {
				id: row.userId,
				email: row.email,
				displayName: row.display_name,
				role,
				adviserKind: row.adviser_kind,
				tourId: row.tour_id,
				relayOrganisationId: row.relay_organisation_id
			}
		}
	};
}

export interface OpenSession {
	id: string;
	createdAt: string;
	lastSeenAt: string;
	userAgent: string;
}

/** The user's sessions not revoked nor expired at `now`, the most recently used first ("Mon compte"). */
export async function listOpenSessions(db: DB, userId: string, now: Date): Promise<OpenSession[]> {
	const rows = await db
		.selectFrom('sessions')
		.select(['id', 'created_at', 'last_seen_at', 'user_agent'])
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', now.toISOString())
		.orderBy('last_seen_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		createdAt: r.created_at,
		lastSeenAt: r.last_seen_at,
		userAgent: r.user_agent
	}));
}

export async function revokeSession(db: DB, sessionId: string, now: Date): Promise<void> {
	await db
		.updateTable('sessions')
		.set({ revoked_at: now.toISOString() })
		.where('id', '=', sessionId)
		.where('revoked_at', 'is', null)
		.execute();
}

/** "Se déconnecter partout": ends every session of the user, on every device. */
export async function revokeAllSessions(db: DB, userId: string, now: Date): Promise<number> {
	const result = await db
		.updateTable('sessions')
		.set({ revoked_at: now.toISOString() })
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}
