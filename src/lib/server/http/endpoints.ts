import { json, type RequestEvent } from '@sveltejs/kit';
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod/mini';
import '$lib/contracts';
import type { ApiErrorBody } from '$lib/contracts/common';
import type { Role } from '$lib/domain/roles';
import type { SessionUser } from '../auth/session';
import { app, type AppContext } from '../app';

import { issuesOf, Refusal, type RefusalKind } from '../errors';

/** The HTTP status of each kind of refusal: the one place a refusal becomes HTTP. */
export const HTTP_STATUS: Record<RefusalKind, number> = {
	invalid: 400,
	unauthenticated: 401,
	sessionRevoked: 401,
	forbidden: 403,
	notFound: 404,
	conflict: 409,
	tooLarge: 413,
	unsupportedMediaType: 415,
	unprocessable: 422,
	outdatedClient: 426,
	throttled: 429,
	unavailable: 503
};

export function httpStatusOf(e: Refusal): number {
	return HTTP_STATUS[e.kind];
}

export const MAX_JSON_BYTES = 64 * 1024;

/**
 * The body as text, at most MAX_JSON_BYTES once decompressed: devices gzip their sync batches
 * (mobile data is paid for), and a small compressed body cannot unfold into a large one.
 */
async function bodyText(request: Request): Promise<string> {
	const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
	if (encoding === 'identity') {
		const raw = await request.text();
		if (Buffer.byteLength(raw) > MAX_JSON_BYTES) throw new Refusal('tooLarge', 'Requête trop volumineuse.');
		return raw;
	}
	if (encoding !== 'gzip')
		throw new Refusal(
			'unsupportedMediaType',
			`Compression « ${encoding} » non prise en charge : gzip seulement.`
		);
	const compressed = Buffer.from(await request.arrayBuffer());
	try {
		return gunzipSync(compressed, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
	} catch (e) {
		if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
			throw new Refusal('tooLarge', 'Requête trop volumineuse.');
		throw new Refusal('invalid', 'Le corps compressé de la requête est illisible (gzip attendu).');
	}
}

/** Parses a JSON body with a contract: 400 with every issue when malformed, 413 when too large. */
export async function parseJson<T extends z.ZodMiniType>(
	event: RequestEvent,
	schema: T
): Promise<z.infer<T>> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('application/json')) {
		throw new Refusal(
			'unsupportedMediaType',
			'Le corps de la requête doit être du JSON (Content-Type: application/json).'
		);
	}
	const raw = await bodyText(event.request);
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		throw new Refusal('invalid', "Le corps de la requête n'est pas du JSON valide.");
	}
	const result = schema.safeParse(body);
	if (!result.success) throw new Refusal('invalid', 'Données invalides.', issuesOf(result.error));
	return result.data as z.infer<T>;
}

export interface ApiContext {
	event: RequestEvent;
	user: SessionUser;
	ctx: AppContext;
}

/**
 * Every authenticated JSON endpoint goes through here, with the roles it admits written at its
 * definition: 401 without a session, 403 for another role, and refusals turned into JSON.
 */
export function endpoint(roles: readonly Role[], handler: (api: ApiContext) => Promise<Response>) {
	return async (event: RequestEvent): Promise<Response> => {
		try {
			const user = event.locals.user;
			if (!user)
				throw event.locals.sessionRevoked
					? sessionRevoked()
					: new Refusal('unauthenticated', 'Authentification requise.');
			if (!roles.includes(user.role))
				throw new Refusal('forbidden', "Votre rôle ne permet pas d'accéder à cette ressource.");
			return await handler({ event, user, ctx: await app() });
		} catch (e) {
			if (e instanceof Refusal) return apiErrorResponse(e);
			throw e;
		}
	};
}

/** A public JSON endpoint: same error handling, no session needed. */
export function publicEndpoint(handler: (event: RequestEvent, ctx: AppContext) => Promise<Response>) {
	return async (event: RequestEvent): Promise<Response> => {
		try {
			return await handler(event, await app());
		} catch (e) {
			if (e instanceof Refusal) return apiErrorResponse(e);
			throw e;
		}
	};
}

/** What a device is told when its session was closed on purpose (a lost or stolen device). */
function sessionRevoked(): Refusal {
	return new Refusal(
		'sessionRevoked',
		'Session fermée par la coordination : les données personnelles de cet appareil sont effacées. Reconnectez-vous.'
	);
}

/**
 * A refusal as a JSON endpoint answers it: `{ error, issues? }` with its status, and `code` where a
 * device must act on it (`sessionRevoked`: forget the personal data it holds).
 */
export function apiErrorResponse(e: Refusal): Response {
	const body: ApiErrorBody = {
		error: e.message,
		...(e.issues ? { issues: e.issues } : {}),
		...(e.kind === 'sessionRevoked' ? { code: 'sessionRevoked' as const } : {})
	};
	return json(body, { status: httpStatusOf(e) });
}
