import { json } from '@sveltejs/kit';
import { revokeAllSessions, revokeSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { endpoint } from '$lib/server/http/endpoints';

/** Signs out: this session, or with ?partout every session of the user. */
export const DELETE = endpoint(['coordinator', 'adviser', 'relay', 'admin'], async ({ event, user, ctx }) => {
	const everywhere = event.url.searchParams.has('partout');
	const count = everywhere
		? await revokeAllSessions(ctx.db, user.id, ctx.now())
		: (await revokeSession(ctx.db, event.locals.sessionId ?? '', ctx.now()), 1);
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	return json({ revoked: count });
});
