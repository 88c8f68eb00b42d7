import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { app, startApp } from '$lib/server/app';
import { SESSION_COOKIE, sessionState } from '$lib/server/auth/session';
import { areaRolesFor, isOfflineShell } from '$lib/server/http/guards';
import { routedPath } from '$lib/server/http/return-path';

export const init: ServerInit = async () => {
	await startApp();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const handle: Handle = async ({ event, resolve }) => {
	const ctx = await app();
	const token = event.cookies.get(SESSION_COOKIE);
	const state = token ? await sessionState(ctx.db, ctx.sessionSecret, token, ctx.now()) : null;
	const session = state && 'session' in state ? state.session : null;
	event.locals.user = session?.user ?? null;
	event.locals.sessionId = session?.id ?? null;
	event.locals.sessionRevoked = state !== null && 'none' in state && state.none === 'revoked';
	// An expired or unknown cookie goes. A revoked one stays (it opens nothing) until the next
	// sign-in replaces it: whichever request of the device comes first, its sync is still told that
	// the session was revoked, and forgets the personal data it holds.
	if (state && 'none' in state && state.none === 'ended') event.cookies.delete(SESSION_COOKIE, { path: '/' });

	// The guards read the path as the router does: `/%61pi/…` is an API path.
	const path = routedPath(event.url.pathname);
	if (path === null) return new Response('Adresse mal formée.', { status: 400 });
	const isApi = path === '/api' || path.startsWith('/api/');

	// SvelteKit checks the origin of form posts only; JSON endpoints need it too (CSRF).
	if (isApi && !SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		if (origin !== event.url.origin) {
			return json({ error: 'Origine de la requête refusée.' }, { status: 403 });
		}
	}

	// Second line of defence for the staff areas. Each page checks the role in its own load
	// (requirePageRole), which renders the styled error page; should a page forget, the hook
	// still refuses it here.
	const roles = areaRolesFor(path);
	let areaDenied = false;
	if (roles) {
		if (!event.locals.user) {
			if (!isOfflineShell(path))
				redirect(303, `/connexion?retour=${encodeURIComponent(path + event.url.search)}`);
		} else {
			areaDenied = !roles.includes(event.locals.user.role);
		}
	}
	// A change asked by the wrong role never reaches its form action or handler.
	if (areaDenied && !SAFE_METHODS.has(event.request.method)) return forbidden();

	let response = await resolve(event);
	if (areaDenied && response.status !== 403) {
		console.error(`Page without its own role check: ${event.request.method} ${path}`);
		response = forbidden();
	}
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Permissions-Policy', 'geolocation=(self), camera=(), microphone=(), payment=(), usb=()');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (ctx.config.production && event.url.protocol === 'https:') {
		headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	// Personal data never sits in a shared cache.
	if ((event.locals.user || isApi) && !headers.has('Cache-Control'))
		headers.set('Cache-Control', 'private, no-store');
	return response;
};

function forbidden(): Response {
	return new Response("Accès refusé : cette page est réservée à d'autres profils que le vôtre.", {
		status: 403,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

export const handleError: HandleServerError = ({ error: err, event, status }) => {
	if (status === 404) return { message: 'Page introuvable.' };
	const errorId = crypto.randomUUID();
	console.error(`[${errorId}] ${event.request.method} ${event.url.pathname}`, err);
	return { message: 'Une erreur inattendue est survenue. Réessayez dans un instant.', errorId };
};
