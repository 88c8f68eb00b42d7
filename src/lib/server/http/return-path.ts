/**
 * Where to go back after signing in (`?retour=`): only a path of this origin. A browser reads
 * `/\evil.example`, `//evil.example` and `/<tab>/evil.example` as another host (tabs and new
 * lines are stripped from URLs, backslashes read as slashes): any control character, backslash
 * or a second leading slash is refused, and the path must resolve to this same origin.
 */
export function safeReturnPath(value: string | null | undefined): string | null {
	if (!value || value.length > 2000 || !value.startsWith('/')) return null;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith('//')) return null;
	const base = 'https://tournees.invalid';
	let url: URL;
	try {
		url = new URL(value, base);
	} catch {
		return null;
	}
	return url.origin === base ? url.pathname + url.search + url.hash : null;
}

/**
 * The request's path as the router reads it (percent-decoded): the guards in `hooks.server.ts`
 * check this one, so that `/%61pi/…` is an API path and `/%63oordination` the coordination's
 * area. Null when it does not decode (malformed percent-encoding).
 */
export function routedPath(pathname: string): string | null {
	try {
		return decodeURIComponent(pathname);
	} catch {
		return null;
	}
}
