import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { TEST_CLOCK_NOW } from '../clock';

export const DEMO_PASSWORD = 'demo-tournees-82';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
			);
		});
	});
}

export interface RunningServer {
	url: string;
	stop(): Promise<void>;
	/** A client that keeps one session cookie and sends the Origin header of the app. */
	client(): ApiClient;
}

/** Starts the built app (`npm run build` first) on a fresh database, as production would run it. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
	if (!existsSync('build/index.js')) throw new Error('Run `npm run build` before the integration tests.');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	// SERVER_NODE_ARGS passes flags to the server's Node (e.g. "--cpu-prof" to profile a benchmark).
	const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
	const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'build/index.js'], {
		env: {
			...process.env,
			// The test's day, not the machine's: the demo calendar and "today" start there.
			CLOCK_NOW: TEST_CLOCK_NOW,
			...env,
			DEMO: 'true',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output += String(d)));
	child.stderr?.on('data', (d) => (output += String(d)));
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`Server exited early:\n${output}`);
		try {
			const res = await fetch(`${url}/api/health`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`Server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		stop: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
		client: () => new ApiClient(url)
	};
}

export class ApiClient {
	cookie = '';
	constructor(readonly url: string) {}

	async request(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {}
	): Promise<Response> {
		const res = await fetch(`${this.url}${path}`, {
			method,
			redirect: 'manual',
			headers: {
				origin: this.url,
				...(this.cookie ? { cookie: this.cookie } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers
			},
			body:
				body === undefined
					? undefined
					: typeof body === 'string' || body instanceof Uint8Array
						? (body as BodyInit)
						: JSON.stringify(body)
		});
		const set = res.headers.getSetCookie().find((c) => c.startsWith('tfs_session='));
		if (set) this.cookie = set.split(';')[0] ?? '';
		return res;
	}

	/** Signs in through the real form at /connexion, as a browser without JavaScript would. */
	async login(email: string, password = DEMO_PASSWORD): Promise<Response> {
		const res = await fetch(`${this.url}/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: this.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email, password }).toString()
		});
		const set = res.headers.getSetCookie().find((c) => c.startsWith('tfs_session='));
		if (set) this.cookie = set.split(';')[0] ?? '';
		return res;
	}

	async json<T = Record<string, unknown>>(
		method: string,
		path: string,
		body?: unknown
	): Promise<{ status: number; body: T }> {
		const res = await this.request(method, path, body);
		const text = await res.text();
		return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
	}
}
