import { fail, redirect } from '@sveltejs/kit';
import { loginInput } from '$lib/contracts';
import { homePathFor } from '$lib/domain/roles';
import { app } from '$lib/server/app';
import { login } from '$lib/server/auth/login';
import { revokeSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { safeReturnPath as safeReturn } from '$lib/server/http/return-path';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeReturn(url.searchParams.get('retour')) ?? homePathFor(locals.user.role));
	return { retour: safeReturn(url.searchParams.get('retour')) };
};

export const actions: Actions = {
	default: async (event) => {
		const ctx = await app();
		const form = await event.request.formData();
		const parsed = loginInput.safeParse({
			email: form.get('email') ?? '',
			password: form.get('password') ?? ''
		});
		const email = String(form.get('email') ?? '').slice(0, 254);
		if (!parsed.success) {
			return fail(400, { email, error: 'Indiquez votre adresse électronique et votre mot de passe.' });
		}
		const now = ctx.now();
		const result = await login(
			ctx.db,
			ctx.sessionSecret,
			{
				...parsed.data,
				ip: event.getClientAddress(),
				userAgent: event.request.headers.get('user-agent') ?? ''
			},
			now
		);
		if (!result.ok) {
			if (result.reason === 'locked') {
				const minutes = Math.max(1, Math.ceil((Date.parse(result.retryAt) - now.getTime()) / 60_000));
				return fail(429, {
					email,
					error: `Trop de tentatives de connexion. Par sécurité, la connexion est bloquée : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}, ou demandez à la coordination de vérifier votre compte.`
				});
			}
			return fail(400, { email, error: 'Adresse électronique ou mot de passe incorrect.' });
		}
		// Rotation: whatever session this browser had ends; the new token replaces it.
		if (event.locals.sessionId) await revokeSession(ctx.db, event.locals.sessionId, now);
		event.cookies.set(SESSION_COOKIE, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: ctx.config.production && event.url.protocol === 'https:',
			// Max-Age, not Expires: relative to the browser's own clock, whatever the server's says.
			maxAge: Math.max(0, Math.floor((result.expiresAt.getTime() - now.getTime()) / 1000))
		});
		redirect(303, safeReturn(String(form.get('retour') ?? '')) ?? homePathFor(result.role));
	}
};
