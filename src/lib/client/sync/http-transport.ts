import { TransportError, type Transport } from '$lib/sync/engine';
import type { z } from 'zod/mini';
import { pullResponse, pushResponse } from '$lib/contracts/sync';
import type { PullRequest, PushRequest } from '$lib/sync/protocol';

/** Below this size a request is sent as is: gzip would cost more than it saves. */
const MIN_COMPRESS_BYTES = 1024;

/**
 * A request body gzipped where the browser can (mobile data is paid for: a batch of activity
 * records shrinks about sixfold); as is where it cannot.
 */
export async function encodeBody(text: string): Promise<{ body: BodyInit; headers: Record<string, string> }> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (text.length < MIN_COMPRESS_BYTES || typeof CompressionStream === 'undefined')
		return { body: text, headers };
	const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
	return {
		body: await new Response(stream).arrayBuffer(),
		headers: { ...headers, 'content-encoding': 'gzip' }
	};
}

/** The sync API over fetch: same-origin cookies; a failed fetch means offline (status null). */
export function httpTransport(base = '', fetchImpl: typeof fetch = fetch): Transport {
	async function post<S extends z.ZodMiniType>(
		path: string,
		payload: unknown,
		schema: S
	): Promise<z.infer<S>> {
		const { body, headers } = await encodeBody(JSON.stringify(payload));
		let res: Response;
		try {
			res = await fetchImpl(`${base}${path}`, { method: 'POST', credentials: 'same-origin', headers, body });
		} catch {
			throw new TransportError(null, 'Réseau indisponible.');
		}
		if (!res.ok) {
			let message = `Erreur ${res.status}`;
			let code: string | undefined;
			try {
				const body = (await res.json()) as { error?: unknown; code?: unknown };
				if (typeof body.error === 'string') message = body.error;
				if (typeof body.code === 'string') code = body.code;
			} catch {
				// not JSON
			}
			throw new TransportError(res.status, message, code);
		}
		// What the server sends is checked like anything else that arrives: a row of the wrong
		// shape never reaches the device's database.
		let json: unknown;
		try {
			json = await res.json();
		} catch {
			throw new TransportError(res.status, 'Réponse du serveur illisible (pas du JSON).');
		}
		const parsed = schema.safeParse(json);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
			throw new TransportError(res.status, `Réponse du serveur invalide${where} : ${issue?.message ?? ''}`);
		}
		return parsed.data;
	}
	return {
		push: (request: PushRequest) => post('/api/sync/push', request, pushResponse),
		pull: (request: PullRequest) => post('/api/sync/pull', request, pullResponse)
	};
}
