import { redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { revokeAllSessions, revokeSession, SESSION_COOKIE } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/compte');

export const actions: Actions = {
	/** Ends this session. */
	seul: async ({ locals, cookies }) => {
		const ctx = await app();
		if (locals.sessionId) await revokeSession(ctx.db, locals.sessionId, ctx.now());
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/connexion');
	},
	/** Ends every session of the user, on every device. */
	partout: async ({ locals, cookies }) => {
		const ctx = await app();
		if (locals.user) await revokeAllSessions(ctx.db, locals.user.id, ctx.now());
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/connexion');
	}
};
