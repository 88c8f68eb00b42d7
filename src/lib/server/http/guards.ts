import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/domain/roles';
import type { SessionUser } from '../auth/session';
import { OFFLINE_APPS } from '$lib/offline-apps';

/**
 * The role check of a staff page, called by each page's own server load or action (never only
 * by a layout, whose load may not run for every request): sign-in page when anonymous, 403 otherwise.
 */
export function requirePageRole(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	roles: readonly Role[]
): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/connexion?retour=${encodeURIComponent(back)}`);
	}
	if (!roles.includes(user.role)) error(403, "Cette page est réservée à d'autres profils que le vôtre.");
	return user;
}

/** Route prefixes of the staff areas and who may open them: a second line of defence in hooks. */
export const AREA_ROLES: ReadonlyArray<readonly [prefix: string, roles: readonly Role[]]> = [
	['/coordination', ['coordinator']],
	['/aujourdhui', ['adviser']],
	['/relais', ['relay']],
	['/admin', ['admin']],
	['/compte', ['coordinator', 'adviser', 'relay', 'admin']]
];

export function areaRolesFor(pathname: string): readonly Role[] | null {
	for (const [prefix, roles] of AREA_ROLES) {
		if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return roles;
	}
	return null;
}

/**
 * Offline app shells: they hold no data (the data come from the sync API, which checks the
 * session), so they open without a session — an adviser whose session expired in the van keeps
 * working on the device and is asked to sign in again to sync. A signed-in user of another role
 * is still refused.
 */
export const OFFLINE_SHELLS: readonly string[] = OFFLINE_APPS;

export function isOfflineShell(pathname: string): boolean {
	return OFFLINE_SHELLS.some((shell) => pathname === shell || pathname === `${shell}/__data.json`);
}
