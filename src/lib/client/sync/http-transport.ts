import { TransportError, type Transport } from '$lib/sync/engine';
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '$lib/sync/protocol';

/** The sync API over fetch: same-origin cookies; a failed fetch means offline (status null). */
export function httpTransport(base = '', fetchImpl: typeof fetch = fetch): Transport {
	async function post<T>(path: string, body: unknown): Promise<T> {
		let res: Response;
		try {
			res = await fetchImpl(`${base}${path}`, {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
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
