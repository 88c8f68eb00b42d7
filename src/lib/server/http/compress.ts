import { gzipSync } from 'node:zlib';

/** Above this size a JSON answer is gzipped (mobile data is paid for); below, gzip costs more than it saves. */
const MIN_COMPRESS_BYTES = 1024;

/** A JSON response, gzipped when the client accepts it and the body is worth it. */
export function compressedJson(request: Request, body: unknown, init: ResponseInit = {}): Response {
	const text = JSON.stringify(body);
	const headers = new Headers(init.headers);
	headers.set('content-type', 'application/json');
	headers.append('vary', 'accept-encoding');
	const accepts = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
	if (accepts && text.length >= MIN_COMPRESS_BYTES) {
		const body = gzipSync(text, { level: 6 });
		headers.set('content-encoding', 'gzip');
		headers.set('content-length', String(body.byteLength));
		return new Response(body, { ...init, headers });
	}
	return new Response(text, { ...init, headers });
}
