import { TransportError, type Transport } from '$lib/sync/engine';
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '$lib/sync/protocol';

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
	async function post<T>(path: string, payload: unknown): Promise<T> {
		const { body, headers } = await encodeBody(JSON.stringify(payload));
		let res: Response;
		try {
			res = await fetchImpl(`${base}${path}`, { method: 'POST', credentials: 'same-origin', headers, body });
		} catch {
			throw new TransportError(null, 'Réseau indisponible.');
		}
		if (!res.ok) {
			let message = `Erreur ${res.status}`;
			try {
				message = ((await res.json()) as { error?: string }).error ?? message;
			} catch {
				// not JSON
			}
			throw new TransportError(res.status, message);
		}
		return (await res.json()) as T;
	}
	return {
		push: (request: PushRequest) => post<PushResponse>('/api/sync/push', request),
		pull: (request: PullRequest) => post<PullResponse>('/api/sync/pull', request)
	};
}
