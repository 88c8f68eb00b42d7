import { ROLE_LABELS, ADVISER_KIND_LABELS, type AdviserKind } from '$lib/domain/roles';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator', 'adviser', 'relay', 'admin']);
	const ctx = await app();
	const sessions = await ctx.db
		.selectFrom('sessions')
		.select(['id', 'created_at', 'last_seen_at', 'user_agent'])
		.where('user_id', '=', user.id)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', ctx.now().toISOString())
		.orderBy('last_seen_at', 'desc')
		.execute();
	return {
		account: {
			displayName: user.displayName,
			email: user.email,
			role: ROLE_LABELS[user.role],
			adviserKind: user.adviserKind ? ADVISER_KIND_LABELS[user.adviserKind as AdviserKind] : null
		},
		sessions: sessions.map((s) => ({
			current: s.id === event.locals.sessionId,
			createdAt: s.created_at,
			lastSeenAt: s.last_seen_at,
			device: s.user_agent || 'Appareil inconnu'
		}))
	};
};
