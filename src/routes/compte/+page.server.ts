import { ROLE_LABELS, ADVISER_KIND_LABELS, type AdviserKind } from '$lib/domain/roles';
import { app } from '$lib/server/app';
import { listOpenSessions } from '$lib/server/auth/session';
import { requirePageRole } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator', 'adviser', 'relay', 'admin']);
	const ctx = await app();
	const sessions = await listOpenSessions(ctx.db, user.id, ctx.now());
	return {
		account: {
			id: user.id,
			displayName: user.displayName,
			email: user.email,
			role: ROLE_LABELS[user.role],
			adviserKind: user.adviserKind ? ADVISER_KIND_LABELS[user.adviserKind as AdviserKind] : null
		},
		sessions: sessions.map((s) => ({
			current: s.id === event.locals.sessionId,
			createdAt: s.createdAt,
			lastSeenAt: s.lastSeenAt,
			device: s.userAgent || 'Appareil inconnu'
		}))
	};
};
