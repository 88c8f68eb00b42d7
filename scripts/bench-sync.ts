/**
 * Sync benchmark: the real client engine against the built server over loopback, on SQLite and
 * (when reachable) PostgreSQL. Prints the figures and writes bench/results/sync-<engine>.json.
 *   npm run bench:sync
 * (a) an adviser's first sync; (b) a push of 1,000 queued mutations; (c) an idle sync;
 * (d) 50 devices of 50 advisers syncing at once, each pushing 100 mutations then pulling.
 * The queues hold what an adviser's year holds: nine activity records out of ten (b also times
 * 1,000 edits of shared rows, the worst case).
 * (a) syncs the referential (195 communes, 27 sites, relays…), the demo's published calendar and a
 * year of the adviser's tour written into the database first (`bench-year.ts`: 3,000 activity
 * records, 1,000 diagnostics, 300 home visits); `npm run bench:browser-sync` also publishes a year.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { httpTransport } from '../src/lib/client/sync/http-transport';
import { SyncEngine, type Transport } from '../src/lib/sync/engine';
import { MemoryStore } from '../src/lib/sync/memory-store';
import { ADMIN_THEMES } from '../src/lib/domain/activity';
import { enginesUnderTest } from '../tests/integration/engines';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../tests/integration/server';
import { seedAdviserYear } from './bench-year';
import { parisDateAt, TEST_CLOCK_NOW } from '../tests/clock';

interface Meter {
	requests: number;
	bytesOut: number;
	bytesIn: number;
	serverMs: number[];
	/** The same latencies, by kind of request. */
	pushMs: number[];
	pullMs: number[];
}

/** The app's own transport (it gzips what it sends), over a fetch that signs in and meters. */
function meteredTransport(server: RunningServer, cookie: string, meter: Meter): Transport {
	const meteredFetch: typeof fetch = async (input, init) => {
		const headers = new Headers(init?.headers);
		headers.set('cookie', cookie);
		headers.set('origin', server.url);
		headers.set('accept-encoding', 'gzip');
		const started = performance.now();
		const res = await fetch(input, { ...init, headers });
		const payload = await res.arrayBuffer();
		const ms = performance.now() - started;
		meter.serverMs.push(ms);
		(String(input).endsWith('push') ? meter.pushMs : meter.pullMs).push(ms);
		meter.requests++;
		// Bytes on the wire: the request body as sent, and the response as sent (gzipped when large).
		const body = init?.body;
		meter.bytesOut += typeof body === 'string' ? Buffer.byteLength(body) : (body as ArrayBuffer).byteLength;
		meter.bytesIn += Number(res.headers.get('content-length') ?? payload.byteLength);
		return new Response(payload, { status: res.status, headers: { 'content-type': 'application/json' } });
	};
	return httpTransport(server.url, meteredFetch);
}

async function loginCookie(server: RunningServer, email: string): Promise<string> {
	const client = server.client();
	const res = await client.login(email);
	if (res.status !== 303) throw new Error(`login ${email}: ${res.status}`);
	return client.cookie;
}

const newMeter = (): Meter => ({
	requests: 0,
	bytesOut: 0,
	bytesIn: 0,
	serverMs: [],
	pushMs: [],
	pullMs: []
});
const round = (n: number) => Math.round(n * 10) / 10;
const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

type Device = Awaited<ReturnType<typeof device>>;

async function device(server: RunningServer, cookie: string, id: string) {
	const meter = newMeter();
	const store = new MemoryStore(id);
	const engine = new SyncEngine(store, meteredTransport(server, cookie, meter), () => new Date());
	/** One sync cycle, which must succeed: a failed one would make the figures meaningless. */
	const sync = async () => {
		const outcome = await engine.sync();
		if (!outcome.ok) throw new Error(`sync of ${id} failed: ${outcome.message}`);
		return outcome;
	};
	return { meter, store, engine, sync };
}

/** Edits of the sites' access notes: the worst case (each one reads and rewrites a shared row). */
async function queueNotes(d: Device, count: number, tag: string) {
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

/**
 * An adviser's queue as the year makes it: nine activity records out of ten (3,000 a year against
 * a few hundred other writes), the tenth an access-note edit.
 */
async function queueWork(d: Device, count: number, tag: string) {
	const today = parisDateAt(new Date(TEST_CLOCK_NOW));
	for (let i = 0; i < count; i++) {
		if (i % 10 === 9) {
			await queueNotes(d, 1, `${tag} ${i}`);
			continue;
		}
		await d.engine.mutate('recordActivity@1', {
			recordId: randomUUID(),
			record: {
				date: today,
				place: 'other',
				permanenceId: null,
				homeVisitId: null,
				format: 'individual',
				workshop: null,
				person: { ageBracket: null, communeInsee: null, status: i % 3 === 0 ? 'retired' : null },
				adminThemes: [ADMIN_THEMES[i % ADMIN_THEMES.length] ?? 'papers'],
				digitalThemes: [],
				operator: 'dgfip',
				level: 1,
				autonomy: 'autonomousWithHelp',
				equipment: ['computer'],
				aidantsConnect: null,
				orientations: [],
				durationMinutes: 30,
				outcome: 'resolved',
				note: ''
			}
		});
	}
}

async function bench(engineName: string, env: Record<string, string>) {
	const server = await startServer(env);
	try {
		const cookie = await loginCookie(server, 'conseiller1@demo.tournees.fr');
		const result: Record<string, unknown> = { engine: engineName, at: new Date().toISOString() };
		result.seeded = await seedAdviserYear(env, 'conseiller1@demo.tournees.fr', new Date(TEST_CLOCK_NOW));

		// (a) first sync
		const first = await device(server, cookie, 'bench-first-sync-01');
		let t = performance.now();
		await first.sync();
		result.firstSync = {
			ms: round(performance.now() - t),
			bytesOut: first.meter.bytesOut,
			serverMs: round(first.meter.serverMs.reduce((a, b) => a + b, 0)),
			requests: first.meter.requests,
			bytesIn: first.meter.bytesIn,
			rows: Object.values(first.store.snapshot()).reduce((n, rows) => n + rows.length, 0)
		};

		// (b) push of 1,000 queued mutations: the year's mix, then the worst case (edits only)
		for (const [key, queue] of [
			['push1000', queueWork],
			['push1000Edits', queueNotes]
		] as const) {
			await queue(first, 1000, key);
			Object.assign(first.meter, newMeter());
			t = performance.now();
			await first.sync();
			result[key] = {
				ms: round(performance.now() - t),
				requests: first.meter.requests,
				bytesOut: first.meter.bytesOut,
				bytesIn: first.meter.bytesIn,
				bytesPerMutation: round((first.meter.bytesOut + first.meter.bytesIn) / 1000),
				drained: first.store.pending.length === 0
			};
		}

		// (c) idle sync
		await first.sync();
		Object.assign(first.meter, newMeter());
		t = performance.now();
		await first.sync();
		result.idleSync = {
			ms: round(performance.now() - t),
			requests: first.meter.requests,
			bytes: first.meter.bytesOut + first.meter.bytesIn
		};

		// (d) 50 devices at once, of 50 advisers of the département (accounts made by the admin)
		const admin = server.client();
		await admin.login('admin@demo.tournees.fr');
		const emails = await Promise.all(
			Array.from({ length: 50 }, async (_, i) => {
				const email = `bench-conseiller-${i}@demo.tournees.fr`;
				const res = await admin.request('POST', '/api/accounts', {
					email,
					displayName: `Conseiller de test ${i}`,
					role: 'adviser',
					password: DEMO_PASSWORD,
					adviserKind: i % 2 ? 'digitalAdviser' : 'franceServicesAgent',
					tourId: `tournee-${(i % 3) + 1}`
				});
				if (res.status !== 201) throw new Error(`account ${email}: ${res.status} ${await res.text()}`);
				return email;
			})
		);
		const cookies = [];
		for (const email of emails) cookies.push(await loginCookie(server, email));
		const devices = await Promise.all(
			cookies.map((cookie, i) => device(server, cookie, `bench-fleet-${String(i).padStart(3, '0')}`))
		);
		await Promise.all(devices.map((d) => d.sync()));
		for (const [i, d] of devices.entries()) {
			await queueWork(d, 100, `fleet${i}`);
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
			p95PushMs: round(
				percentile(
					devices.flatMap((d) => d.meter.pushMs),
					95
				)
			),
			p95PullMs: round(
				percentile(
					devices.flatMap((d) => d.meter.pullMs),
					95
				)
			),
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
