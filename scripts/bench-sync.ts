/**
 * Sync benchmark: the real client engine against the built server over loopback, on SQLite and
 * (when reachable) PostgreSQL. Prints the figures and writes bench/results/sync-<engine>.json.
 *   npm run bench:sync
 * (a) an adviser's first sync; (b) a push of 1,000 queued mutations; (c) an idle sync;
 * (d) 50 devices syncing at once, each pushing 100 mutations then pulling.
 * (a) syncs the referential (195 communes, 27 sites, relays…) and the demo's published calendar;
 * `npm run bench:browser-sync` publishes a whole year first. A year of home visits and activity
 * records is not generated yet: (a) will grow when the bench seeds them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { SyncEngine, TransportError, type Transport } from '../src/lib/sync/engine';
import { MemoryStore } from '../src/lib/sync/memory-store';
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../src/lib/sync/protocol';
import { enginesUnderTest } from '../tests/integration/engines';
import { startServer, type RunningServer } from '../tests/integration/server';

interface Meter {
	requests: number;
	bytesOut: number;
	bytesIn: number;
	serverMs: number[];
}

function meteredTransport(server: RunningServer, cookie: string, meter: Meter): Transport {
	async function post<T>(path: string, body: unknown): Promise<T> {
		const text = JSON.stringify(body);
		const started = performance.now();
		const res = await fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip', origin: server.url, cookie },
			body: text
		});
		const payload = await res.text();
		meter.serverMs.push(performance.now() - started);
		meter.requests++;
		// Bytes on the wire: the request body, and the response as sent (gzipped when large).
		meter.bytesOut += Buffer.byteLength(text);
		meter.bytesIn += Number(res.headers.get('content-length') ?? Buffer.byteLength(payload));
		if (!res.ok) throw new TransportError(res.status, payload);
		return JSON.parse(payload) as T;
	}
	return {
		push: (r: PushRequest) => post<PushResponse>('/api/sync/push', r),
		pull: (r: PullRequest) => post<PullResponse>('/api/sync/pull', r)
	};
}

async function loginCookie(server: RunningServer, email: string): Promise<string> {
	const client = server.client();
	const res = await client.login(email);
	if (res.status !== 303) throw new Error(`login ${email}: ${res.status}`);
	return client.cookie;
}

const newMeter = (): Meter => ({ requests: 0, bytesOut: 0, bytesIn: 0, serverMs: [] });
const round = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function device(server: RunningServer, cookie: string, id: string) {
	const meter = newMeter();
	const store = new MemoryStore(id);
	const engine = new SyncEngine(store, meteredTransport(server, cookie, meter), () => new Date());
	return { meter, store, engine };
}

async function queueNotes(d: Awaited<ReturnType<typeof device>>, count: number, tag: string) {
	const sites = [...d.store.view.sites.values()];
	for (let i = 0; i < count; i++) {
		const site = sites[i % sites.length];
		if (!site) throw new Error('no site in scope');
		const current = d.store.view.sites.get(String(site.id));
		await d.engine.mutate('updateSiteAccessNotes@1', {
			siteId: String(site.id),
			base: String(current?.accessNotes ?? ''),
			value: `${tag} ${i}`
		});
	}
}

async function bench(engineName: string, env: Record<string, string>) {
	const server = await startServer(env);
	try {
		const cookie = await loginCookie(server, 'conseiller1@demo.tournees.fr');
		const result: Record<string, unknown> = { engine: engineName, at: new Date().toISOString() };

		// (a) first sync
		const first = await device(server, cookie, 'bench-first-sync-01');
		let t = performance.now();
		await first.engine.sync();
		result.firstSync = {
			ms: round(performance.now() - t),
			serverMs: round(first.meter.serverMs.reduce((a, b) => a + b, 0)),
			requests: first.meter.requests,
			bytesIn: first.meter.bytesIn,
			rows: Object.values(first.store.snapshot()).reduce((n, rows) => n + rows.length, 0)
		};

		// (b) push of 1,000 queued mutations
		await queueNotes(first, 1000, 'bench');
		Object.assign(first.meter, newMeter());
		t = performance.now();
		await first.engine.sync();
		result.push1000 = {
			ms: round(performance.now() - t),
			requests: first.meter.requests,
			bytesOut: first.meter.bytesOut,
			bytesIn: first.meter.bytesIn,
			bytesPerMutation: round((first.meter.bytesOut + first.meter.bytesIn) / 1000),
			drained: first.store.pending.length === 0
		};

		// (c) idle sync
		await first.engine.sync();
		Object.assign(first.meter, newMeter());
		t = performance.now();
		await first.engine.sync();
		result.idleSync = {
			ms: round(performance.now() - t),
			requests: first.meter.requests,
			bytes: first.meter.bytesOut + first.meter.bytesIn
		};

		// (d) 50 devices at once, spread over the six advisers' accounts
		const cookies = await Promise.all(
			[1, 2, 3, 4, 5, 6].map((n) => loginCookie(server, `conseiller${n}@demo.tournees.fr`))
		);
		const devices = await Promise.all(
			Array.from({ length: 50 }, (_, i) =>
				device(server, cookies[i % 6] as string, `bench-fleet-${String(i).padStart(3, '0')}`)
			)
		);
		await Promise.all(devices.map((d) => d.engine.sync()));
		for (const [i, d] of devices.entries()) {
			await queueNotes(d, 100, `fleet${i}`);
			Object.assign(d.meter, newMeter());
		}
		t = performance.now();
		const outcomes = await Promise.all(devices.map((d) => d.engine.sync()));
		const latencies = devices.flatMap((d) => d.meter.serverMs);
		const bytes = devices.reduce((n, d) => n + d.meter.bytesOut + d.meter.bytesIn, 0);
		result.fleet50 = {
			ms: round(performance.now() - t),
			errors: outcomes.filter((o) => !o.ok).length,
			requests: devices.reduce((n, d) => n + d.meter.requests, 0),
			p95RequestMs: round(percentile(latencies, 95)),
			maxRequestMs: round(Math.max(...latencies)),
			bytesPerMutation: round(bytes / 5000),
			drained: devices.every((d) => d.store.pending.length === 0)
		};
		return result;
	} finally {
		await server.stop();
	}
}

const results = [];
for (const engine of await enginesUnderTest()) {
	const r = await bench(engine.name, engine.freshEnv());
	results.push(r);
	mkdirSync('bench/results', { recursive: true });
	writeFileSync(`bench/results/sync-${engine.name}.json`, JSON.stringify(r, null, 2) + '\n');
	console.log(JSON.stringify(r, null, 2));
}
