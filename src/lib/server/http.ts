import { json, type RequestEvent } from '@sveltejs/kit';
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod/mini';
import '$lib/contracts';
import type { ApiErrorBody } from '$lib/contracts/common';
import type { Role } from '$lib/domain/roles';
import type { SessionUser } from './auth/session';
import { app, type AppContext } from './app';

/** A refusal that a JSON endpoint turns into `{ error, issues? }` with its status. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly issues?: ApiErrorBody['issues']
	) {
		super(message);
	}
}

export const MAX_JSON_BYTES = 64 * 1024;

export function issuesOf(error: z.core.$ZodError): { path: string; message: string }[] {
	return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The body as text, at most MAX_JSON_BYTES once decompressed: devices gzip their sync batches
 * (mobile data is paid for), and a small compressed body cannot unfold into a large one.
 */
async function bodyText(request: Request): Promise<string> {
	const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
	if (encoding === 'identity') {
		const raw = await request.text();
		if (Buffer.byteLength(raw) > MAX_JSON_BYTES) throw new ApiError(413, 'Requête trop volumineuse.');
		return raw;
	}
	if (encoding !== 'gzip')
		throw new ApiError(415, `Compression « ${encoding} » non prise en charge : gzip seulement.`);
	const compressed = Buffer.from(await request.arrayBuffer());
	try {
		return gunzipSync(compressed, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
	} catch (e) {
		if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
			throw new ApiError(413, 'Requête trop volumineuse.');
		throw new ApiError(400, 'Le corps compressé de la requête est illisible (gzip attendu).');
	}
}

/** Parses a JSON body with a contract: 400 with every issue when malformed, 413 when too large. */
export async function parseJson<T extends z.ZodMiniType>(
	event: RequestEvent,
	schema: T
): Promise<z.infer<T>> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('application/json')) {
		throw new ApiError(415, 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
	}
	const raw = await bodyText(event.request);
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		throw new ApiError(400, "Le corps de la requête n'est pas du JSON valide.");
	}
	const result = schema.safeParse(body);
	if (!result.success) throw new ApiError(400, 'Données invalides.', issuesOf(result.error));
	return result.data as z.infer<T>;
}

export interface ApiContext {
	event: RequestEvent;
	user: SessionUser;
	ctx: AppContext;
}

/**
 * Every authenticated JSON endpoint goes through here, with the roles it admits written at its
 * definition: 401 without a session, 403 for another role, and ApiErrors turned into JSON.
 */
export function endpoint(roles: readonly Role[], handler: (api: ApiContext) => Promise<Response>) {
	return async (event: RequestEvent): Promise<Response> => {
		try {
			const user = event.locals.user;
			if (!user) throw new ApiError(401, 'Authentification requise.');
			if (!roles.includes(user.role))
				throw new ApiError(403, "Votre rôle ne permet pas d'accéder à cette ressource.");
			return await handler({ event, user, ctx: await app() });
		} catch (e) {
			if (e instanceof ApiError) return apiErrorResponse(e);
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
			if (e instanceof ApiError) return apiErrorResponse(e);
			throw e;
		}
	};
}

export function apiErrorResponse(e: ApiError): Response {
	const body: ApiErrorBody = { error: e.message, ...(e.issues ? { issues: e.issues } : {}) };
	return json(body, { status: e.status });
}

export function notFound(what: string): ApiError {
	return new ApiError(404, `${what} introuvable.`);
}
