import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { encodeBody } from '../../src/lib/client/sync/http-transport';
import ical from 'node-ical';
import { enginesUnderTest } from './engines';
import { ApiClient, DEMO_PASSWORD, startServer, type RunningServer } from './server';

const engines = await enginesUnderTest();

const DEVICE = 'appareil-test-0001';

type Who = 'anonymous' | 'coordinator' | 'adviser1' | 'adviser2' | 'relayDunes' | 'relayValence' | 'admin';
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
	coordinator: 'coordination@demo.tournees.fr',
	adviser1: 'conseiller1@demo.tournees.fr',
	adviser2: 'conseiller3@demo.tournees.fr',
	relayDunes: 'relais.dunes@demo.tournees.fr',
	relayValence: 'relais.mds-valence@demo.tournees.fr',
	admin: 'admin@demo.tournees.fr'
};

/**
 * The access matrix: who gets what on each endpoint. 401 = no session (303 to the sign-in page for
 * the staff areas' pages and downloads), 403 = wrong role,
 * 404 = an object outside the caller's scope (its existence is not revealed).
 * Sites of tour 1: mairie-lavit; tour 2: mairie-dunes.
 */
const READS: { path: string; expect: Record<Who, number> }[] = [
	{
		path: '/api/local-rules',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 403,
			relayValence: 403,
			admin: 200
		}
	},
	{
		path: '/api/home-visits',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 200,
			relayValence: 200,
			admin: 403
		}
	},
	{
		path: '/api/home-visits/00000000-0000-4000-8000-000000000000',
		expect: {
			anonymous: 401,
			coordinator: 404,
			adviser1: 404,
			adviser2: 404,
			relayDunes: 404,
			relayValence: 404,
			admin: 403
		}
	},
	{
		path: '/api/permanences/inconnue/check?date=2030-01-07&period=morning',
		expect: {
			anonymous: 401,
			coordinator: 404,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 403
		}
	},
	{
		path: '/api/permanences/inconnue/check?date=7%20janvier&period=soir',
		expect: {
			anonymous: 401,
			coordinator: 400,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 403
		}
	},
	{
		path: '/communes/82097/calendrier.ics',
		expect: {
			anonymous: 200,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 200,
			relayValence: 200,
			admin: 200
		}
	},
	{
		path: '/tournees/1/calendrier.ics',
		expect: {
			anonymous: 200,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 200,
			relayValence: 200,
			admin: 200
		}
	},
	{
		path: '/tournees/9/calendrier.ics',
		expect: {
			anonymous: 404,
			coordinator: 404,
			adviser1: 404,
			adviser2: 404,
			relayDunes: 404,
			relayValence: 404,
			admin: 404
		}
	},
	{
		path: '/coordination/indicateurs',
		expect: {
			anonymous: 303,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 403
		}
	},
	{
		path: '/coordination/indicateurs/fiches.csv',
		expect: {
			anonymous: 303,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 403
		}
	},
	{
		path: '/coordination/indicateurs/synthese-mensuelle.csv?du=2026-01&au=2026-12',
		expect: {
			anonymous: 303,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 403
		}
	},
	{
		path: '/coordination/calendrier/export.csv',
		expect: {
			anonymous: 303,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 403
		}
	},
	{
		path: '/coordination/secteurs/secteurs-mds.csv',
		expect: {
			anonymous: 303,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 403
		}
	},

	{
		path: '/api/health',
		expect: {
			anonymous: 200,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 200,
			relayValence: 200,
			admin: 200
		}
	},
	{
		path: '/api/communes',
		expect: {
			anonymous: 200,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 200,
			relayValence: 200,
			admin: 200
		}
	},
	{
		path: '/api/me',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 200,
			relayValence: 200,
			admin: 200
		}
	},
	{
		path: '/api/sites',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 403,
			relayValence: 403,
			admin: 200
		}
	},
	{
		path: '/api/sites/mairie-lavit',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 200,
			adviser2: 404,
			relayDunes: 403,
			relayValence: 403,
			admin: 200
		}
	},
	{
		path: '/api/sites/mairie-dunes',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 404,
			adviser2: 200,
			relayDunes: 403,
			relayValence: 403,
			admin: 200
		}
	},
	{
		path: '/api/sites/inconnu',
		expect: {
			anonymous: 401,
			coordinator: 404,
			adviser1: 404,
			adviser2: 404,
			relayDunes: 403,
			relayValence: 403,
			admin: 404
		}
	},
	{
		path: '/api/tours',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 200,
			adviser2: 200,
			relayDunes: 403,
			relayValence: 403,
			admin: 200
		}
	},
	{
		path: '/api/relay-organisations',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 200,
			relayValence: 200,
			admin: 200
		}
	},
	{
		path: '/api/relay-organisations/mairie-dunes',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 200,
			relayValence: 404,
			admin: 200
		}
	},
	{
		path: '/api/relay-organisations/mds-valence',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 404,
			relayValence: 200,
			admin: 200
		}
	},
	{
		path: '/api/accounts',
		expect: {
			anonymous: 401,
			coordinator: 200,
			adviser1: 403,
			adviser2: 403,
			relayDunes: 403,
			relayValence: 403,
			admin: 200
		}
	},
	{
		path: '/api/nexiste-pas',
		expect: {
			anonymous: 404,
			coordinator: 404,
			adviser1: 404,
			adviser2: 404,
			relayDunes: 404,
			relayValence: 404,
			admin: 404
		}
	}
];

/** Every state-changing endpoint with a valid body (to check roles) and malformed ones (to check validation). */
const WRITES: {
	method: string;
	path: string;
	valid: unknown;
	malformed: unknown[];
	allowed: Who[];
}[] = [
	{
		method: 'PATCH',
		path: '/api/sites/mairie-lavit',
		valid: { accessNotes: 'Salle du conseil, rez-de-chaussée.' },
		malformed: [
			{ accessNotes: 42 },
			{ tourId: 'tournee-9' },
			{ openingSlots: [{ weekday: 7, period: 'morning', start: '09:00', end: '12:00' }] },
			{ openingSlots: [{ weekday: 1, period: 'morning', start: '11:00', end: '10:00' }] },
			{ name: 'x' },
			{ unknown: true },
			[],
			'texte',
			'{"accessNotes":'
		],
		allowed: ['coordinator']
	},
	{
		method: 'PUT',
		path: '/api/sites/mairie-lavit/lifecycle',
		valid: {
			status: 'closing',
			closingOn: '2031-06-30',
			redirect: { name: 'France Services de Lavit', address: null, phone: '05 63 00 00 00' }
		},
		malformed: [
			{ status: 'ouvert', closingOn: null, redirect: null },
			{ status: 'closing', closingOn: '2031-02-30', redirect: null },
			{ status: 'closing', closingOn: null, redirect: { name: 'FS', address: null, phone: '12' } },
			{},
			null
		],
		allowed: ['coordinator']
	},
	{
		method: 'PUT',
		path: '/api/local-rules',
		// The defaults again: the other tests keep planning with them.
		valid: { minSpacingDays: 10, level2ResponseDays: 15, crewWithDigitalAdviser: true, idleLockMinutes: 15 },
		malformed: [
			{ minSpacingDays: 15, level2ResponseDays: 15, crewWithDigitalAdviser: true, idleLockMinutes: 15 },
			{ minSpacingDays: -1, level2ResponseDays: 15, crewWithDigitalAdviser: true, idleLockMinutes: 15 },
			{ minSpacingDays: 10.5, level2ResponseDays: 15, crewWithDigitalAdviser: true, idleLockMinutes: 15 },
			{ minSpacingDays: '10', level2ResponseDays: 15, crewWithDigitalAdviser: true, idleLockMinutes: 15 },
			{ minSpacingDays: 10, level2ResponseDays: 0, crewWithDigitalAdviser: true, idleLockMinutes: 15 },
			{ minSpacingDays: 10, level2ResponseDays: 91, crewWithDigitalAdviser: true, idleLockMinutes: 15 },
			{ minSpacingDays: 10, level2ResponseDays: 15, crewWithDigitalAdviser: 'oui', idleLockMinutes: 15 },
			{ minSpacingDays: 10, level2ResponseDays: 15, idleLockMinutes: 15 },
			{ minSpacingDays: 10, level2ResponseDays: 15, crewWithDigitalAdviser: true },
			{ minSpacingDays: 10, level2ResponseDays: 15, crewWithDigitalAdviser: true, idleLockMinutes: 0 },
			{ minSpacingDays: 10, level2ResponseDays: 15, crewWithDigitalAdviser: true, idleLockMinutes: 121 },
			{
				minSpacingDays: 10,
				level2ResponseDays: 15,
				crewWithDigitalAdviser: true,
				idleLockMinutes: 15,
				__proto__: { admin: true },
				x: 1
			},
			[],
			null
		],
		allowed: ['coordinator']
	},
	{
		method: 'PATCH',
		path: '/api/tours/tournee-1',
		valid: { name: 'Lomagne et Garonne' },
		malformed: [
			{ name: '' },
			{ vehicleId: 'Véhicule !' },
			{ vehicleId: 'vehicule-9' },
			{ name: 'a'.repeat(500) }
		],
		allowed: ['coordinator']
	},
	{
		method: 'POST',
		path: '/api/relay-organisations',
		valid: {
			kind: 'socialCentre',
			name: 'CCAS de Lavit',
			communeInsee: '82097',
			address: 'Place de la mairie, 82120 Lavit',
			phone: null,
			email: null
		},
		malformed: [
			{ kind: 'bar', name: 'X', communeInsee: '82097', address: 'Place', phone: null, email: null },
			{
				kind: 'socialCentre',
				name: 'CCAS',
				communeInsee: '75056',
				address: 'Place de la mairie',
				phone: null,
				email: null
			},
			{
				kind: 'socialCentre',
				name: 'CCAS de Lavit',
				communeInsee: '82097',
				address: 'Place de la mairie',
				phone: 'abc',
				email: 'pas-une-adresse'
			},
			{
				kind: 'socialCentre',
				name: '<script>alert(1)</script>\u0000',
				communeInsee: '82097',
				address: 'Place de la mairie',
				phone: null,
				email: null
			}
		],
		allowed: ['coordinator']
	},
	{
		method: 'PATCH',
		path: '/api/relay-organisations/mairie-dunes',
		valid: { phone: '05 63 39 00 00' },
		malformed: [{ phone: '0' }, { active: 'oui' }, { communeInsee: '99999' }],
		allowed: ['coordinator']
	},
	{
		method: 'POST',
		path: '/api/accounts',
		valid: {
			email: 'nouveau.relais@example.fr',
			displayName: 'Nouveau relais',
			role: 'relay',
			password: 'un mot de passe long',
			relayOrganisationId: 'mairie-lavit'
		},
		malformed: [
			{
				email: 'x@example.fr',
				displayName: 'Court',
				role: 'relay',
				password: 'court',
				relayOrganisationId: 'mairie-lavit'
			},
			{
				email: 'x@example.fr',
				displayName: 'Sans structure',
				role: 'relay',
				password: 'un mot de passe long'
			},
			{
				email: 'x@example.fr',
				displayName: 'Conseiller',
				role: 'adviser',
				password: 'un mot de passe long',
				adviserKind: 'digitalAdviser',
				tourId: 'tournee-7'
			},
			{ email: 'x@example.fr', displayName: 'Rôle', role: 'superuser', password: 'un mot de passe long' }
		],
		allowed: ['coordinator', 'admin']
	},
	{
		method: 'POST',
		path: '/api/home-visits',
		valid: {
			personName: 'Marcelle Dupuy',
			personPhone: '05 63 00 00 00',
			communeInsee: '82050',
			street: '12 chemin de la Garenne',
			accessNotes: '',
			reasons: ['age'],
			operatorId: 'caf',
			subject: 'Dossier de prime d’activité',
			availability: { weekdays: [2, 4], periods: ['morning'], from: null, to: null, note: '' },
			consent: true
		},
		malformed: [
			{ personName: 'Marcelle Dupuy' },
			{
				personName: 'Marcelle Dupuy',
				personPhone: '12',
				communeInsee: '82050',
				street: '12 chemin',
				accessNotes: '',
				reasons: ['age'],
				operatorId: null,
				subject: 'Impôts',
				availability: { weekdays: [2], periods: ['morning'], from: null, to: null, note: '' },
				consent: true
			},
			{
				personName: 'Marcelle Dupuy',
				personPhone: '05 63 00 00 00',
				communeInsee: '82050',
				street: '12 chemin',
				accessNotes: '',
				reasons: [],
				operatorId: null,
				subject: 'Impôts',
				availability: { weekdays: [2], periods: ['morning'], from: null, to: null, note: '' },
				consent: false
			},
			{ personName: '<script>alert(1)</script>', reasons: ['santé mentale'], consent: 'oui' }
		],
		allowed: ['coordinator', 'adviser1', 'relayDunes', 'relayValence']
	},
	{
		method: 'POST',
		path: '/api/sync/pull',
		valid: (who: Who) => ({ clientId: `appareil-${who}-02`, schemaVersion: 1, cursor: null }),
		malformed: [
			{ clientId: 'x', schemaVersion: 1, cursor: null },
			{ clientId: 'appareil-pull-0001', schemaVersion: 'un', cursor: null },
			{ clientId: 'appareil-pull-0001', schemaVersion: 1 },
			{ clientId: 'appareil-pull-0001', schemaVersion: 1, cursor: 'c'.repeat(300) }
		],
		allowed: ['coordinator', 'admin', 'adviser1', 'relayDunes', 'relayValence']
	},
	{
		method: 'POST',
		path: '/api/sync/push',
		valid: (who: Who) => ({ clientId: `appareil-${who}-01`, schemaVersion: 1, mutations: [] }),
		malformed: [
			{
				clientId: DEVICE,
				schemaVersion: 1,
				mutations: [{ id: 0, name: 'updateSiteAccessNotes@1', args: {} }]
			},
			{ clientId: DEVICE, schemaVersion: 1, mutations: [{ id: 1, name: 'DROP TABLE sites;', args: {} }] },
			{
				clientId: DEVICE,
				schemaVersion: 1,
				mutations: Array.from({ length: 201 }, (_, i) => ({ id: i + 1, name: 'x@1', args: null }))
			},
			{ clientId: DEVICE, schemaVersion: 1, mutations: 'tout' },
			{ clientId: DEVICE, mutations: [] }
		],
		allowed: ['coordinator', 'admin', 'adviser1', 'relayDunes', 'relayValence']
	}
];

describe.each(engines)('HTTP API on $name', (engine) => {
	let server: RunningServer;
	const clients = {} as Record<Who, ApiClient>;

	beforeAll(async () => {
		server = await startServer(engine.freshEnv());
		clients.anonymous = server.client();
		for (const [who, email] of Object.entries(EMAILS) as [Exclude<Who, 'anonymous'>, string][]) {
			const client = server.client();
			const res = await client.login(email);
			expect(res.status, `login ${who}`).toBe(303);
			clients[who] = client;
		}
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('reports its health and engine', async () => {
		const { status, body } = await clients.anonymous.json('GET', '/api/health');
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: 'ok', database: engine.name, version: expect.any(String) });
	});

	it.each(READS)('GET $path answers each role as the matrix says', async ({ path, expect: expected }) => {
		const got: Record<string, number> = {};
		for (const who of Object.keys(expected) as Who[])
			got[who] = (await clients[who].request('GET', path)).status;
		expect(got).toEqual(expected);
	});

	it('scopes lists: an adviser sees only their tour, a relay only its organisation', async () => {
		const sites = await clients.adviser1.json<{ sites: { tourId: string }[] }>('GET', '/api/sites');
		expect(sites.body.sites.length).toBe(9);
		expect(new Set(sites.body.sites.map((s) => s.tourId))).toEqual(new Set(['tournee-1']));
		const all = await clients.coordinator.json<{ sites: unknown[] }>('GET', '/api/sites');
		expect(all.body.sites.length).toBe(27);
		const orgs = await clients.relayDunes.json<{ relayOrganisations: { id: string }[] }>(
			'GET',
			'/api/relay-organisations'
		);
		expect(orgs.body.relayOrganisations.map((o) => o.id)).toEqual(['mairie-dunes']);
	});

	it('answers errors in JSON without stack traces', async () => {
		const res = await clients.anonymous.request('GET', '/api/sites');
		expect(res.headers.get('content-type')).toContain('application/json');
		const body = await res.json();
		expect(body).toEqual({ error: 'Authentification requise.' });
	});

	it('refuses a state-changing request from another origin', async () => {
		const res = await clients.coordinator.request(
			'PATCH',
			'/api/sites/mairie-lavit',
			{ accessNotes: 'x' },
			{ origin: 'https://evil.example' }
		);
		expect(res.status).toBe(403);
		const noOrigin = await fetch(`${server.url}/api/sites/mairie-lavit`, {
			method: 'PATCH',
			headers: { cookie: clients.coordinator.cookie, 'content-type': 'application/json' },
			body: '{}'
		});
		expect(noOrigin.status).toBe(403);
	});

	async function snapshot() {
		const parts = await Promise.all(
			['/api/sites', '/api/tours', '/api/relay-organisations', '/api/accounts', '/api/local-rules'].map((p) =>
				clients.admin.json('GET', p)
			)
		);
		return JSON.stringify(parts.map((p) => p.body));
	}

	it.each(WRITES)(
		'$method $path: a malformed payload gets 400 with issues and changes nothing',
		async ({ method, path, malformed }) => {
			const before = await snapshot();
			for (const body of malformed) {
				const res = await clients.coordinator.request(
					method,
					path,
					typeof body === 'string' ? body : JSON.stringify(body)
				);
				const payload = await res.json();
				expect(res.status, JSON.stringify(body)).toBe(400);
				expect(typeof payload.error).toBe('string');
			}
			const wrongType = await clients.coordinator.request(method, path, 'a=1', {
				'content-type': 'application/x-www-form-urlencoded'
			});
			expect(wrongType.status).toBe(415);
			const huge = await clients.coordinator.request(
				method,
				path,
				JSON.stringify({ accessNotes: 'x'.repeat(70_000) })
			);
			expect(huge.status).toBe(413);
			expect(await snapshot()).toBe(before);
		}
	);

	it('reads gzipped bodies, as devices send their sync batches, and refuses bombs and garbage', async () => {
		const batch = {
			clientId: 'gzip-device-0001',
			schemaVersion: 1,
			mutations: Array.from({ length: 40 }, (_, i) => ({
				id: i + 1,
				name: 'updateSiteAccessNotes@1',
				args: { siteId: 'mairie-lavit', base: i === 0 ? '' : `note ${i - 1}`, value: `note ${i}` }
			}))
		};
		const text = JSON.stringify(batch);
		const encoded = await encodeBody(text);
		expect(encoded.headers['content-encoding']).toBe('gzip');
		const sent = new Uint8Array(encoded.body as ArrayBuffer);
		expect(sent.byteLength).toBeLessThan(text.length / 4);
		await clients.coordinator.json('PATCH', '/api/sites/mairie-lavit', { accessNotes: '' });
		const res = await clients.adviser1.request('POST', '/api/sync/push', sent, encoded.headers);
		expect(res.status).toBe(200);
		const body = (await res.json()) as { lastMutationId: number };
		expect(body.lastMutationId).toBe(40);

		const before = await snapshot();
		const gz = { 'content-encoding': 'gzip' };
		// 10 MB of spaces fold into a few kilobytes: refused without unfolding them all.
		const bomb = await clients.coordinator.request(
			'PATCH',
			'/api/sites/mairie-lavit',
			new Uint8Array(gzipSync(`{"accessNotes":"x"${' '.repeat(10_000_000)}}`)),
			gz
		);
		expect(bomb.status).toBe(413);
		const garbage = await clients.coordinator.request('PATCH', '/api/sites/mairie-lavit', 'pas du gzip', gz);
		expect(garbage.status).toBe(400);
		expect(((await garbage.json()) as { error: string }).error).toMatch(/illisible/);
		const brotli = await clients.coordinator.request('PATCH', '/api/sites/mairie-lavit', '{}', {
			'content-encoding': 'br'
		});
		expect(brotli.status).toBe(415);
		expect(await snapshot()).toBe(before);
	});

	it('names the faulty fields of a malformed payload', async () => {
		const { status, body } = await clients.coordinator.json<{
			error: string;
			issues: { path: string; message: string }[];
		}>('PATCH', '/api/sites/mairie-lavit', { accessNotes: 42, tourId: 'tournee-9' });
		expect(status).toBe(400);
		expect(body.issues.map((i) => i.path)).toContain('accessNotes');
	});

	it.each(WRITES)('$method $path is allowed to $allowed only', async ({ method, path, valid, allowed }) => {
		for (const who of [
			'anonymous',
			'adviser1',
			'relayDunes',
			'relayValence',
			'admin',
			'coordinator'
		] as Who[]) {
			if (allowed.includes(who) && who !== 'coordinator') continue; // the coordinator's call below does the write
			const body = typeof valid === 'function' ? (valid as (w: Who) => unknown)(who) : valid;
			const res = await clients[who].request(method, path, body);
			const expected = who === 'anonymous' ? 401 : allowed.includes(who) ? [200, 201] : 403;
			if (Array.isArray(expected)) expect(expected, `${who} ${method} ${path}`).toContain(res.status);
			else expect(res.status, `${who} ${method} ${path}`).toBe(expected);
		}
	});

	it('applies a coordinator edit that the public page then shows', async () => {
		const res = await clients.coordinator.json('PATCH', '/api/sites/mairie-dunes', {
			accessNotes: 'Entrée par la cour, accessible en fauteuil.'
		});
		expect(res.status).toBe(200);
		const page = await (await fetch(`${server.url}/communes/82050`)).text();
		expect(page).toContain('Entrée par la cour, accessible en fauteuil.');
	});

	it('revokes the sessions of a lost device', async () => {
		const lost = server.client();
		await lost.login('conseiller5@demo.tournees.fr');
		const me = await lost.json<{ user: { id: string } }>('GET', '/api/me');
		expect(me.status).toBe(200);
		const revoke = await clients.coordinator.json<{ revoked: number }>(
			'DELETE',
			`/api/accounts/${me.body.user.id}/sessions`
		);
		expect(revoke.status).toBe(200);
		expect(revoke.body.revoked).toBeGreaterThanOrEqual(1);
		// The device is told why, with a code its sync acts on (it forgets the personal data), and
		// is told again on its next request, whatever page it opened first.
		expect(await lost.json('GET', '/api/me')).toMatchObject({
			status: 401,
			body: { code: 'sessionRevoked' }
		});
		expect([200, 303]).toContain((await lost.request('GET', '/aujourdhui')).status);
		expect(
			await lost.json('POST', '/api/sync/pull', {
				clientId: 'appareil-perdu-01',
				schemaVersion: 1,
				cursor: null
			})
		).toMatchObject({
			status: 401,
			body: { code: 'sessionRevoked', error: expect.stringMatching(/données personnelles/) }
		});
	});

	it('tells an expired or unknown session apart from a revoked one', async () => {
		const unknown = await fetch(`${server.url}/api/me`, {
			headers: { cookie: `tfs_session=${'x'.repeat(43)}` }
		});
		expect(unknown.status).toBe(401);
		expect(await unknown.json()).toEqual({ error: 'Authentification requise.' });
		expect(unknown.headers.get('set-cookie')).toMatch(/tfs_session=;/);
	});

	it('logs out everywhere', async () => {
		const a = server.client();
		const b = server.client();
		await a.login('conseiller2@demo.tournees.fr');
		await b.login('conseiller2@demo.tournees.fr');
		expect((await a.request('DELETE', '/api/session?partout')).status).toBe(200);
		expect(await b.json('GET', '/api/me')).toMatchObject({ status: 401, body: { code: 'sessionRevoked' } });
	});

	it('guards the path as the router reads it, and keeps the return after sign-in on this origin', async () => {
		const rules = {
			minSpacingDays: 10,
			level2ResponseDays: 15,
			crewWithDigitalAdviser: true,
			idleLockMinutes: 15
		};
		// `/%61pi/…` is the API: a write from another origin is refused, as on `/api/…`.
		const forged = await clients.coordinator.request('PUT', '/%61pi/local-rules', rules, {
			origin: 'https://evil.example'
		});
		expect(forged.status).toBe(403);
		expect(await forged.json()).toEqual({ error: 'Origine de la requête refusée.' });
		// `/%63oordination/…` is the coordination's area.
		expect((await clients.adviser1.request('GET', '/%63oordination/equipe')).status).toBe(403);
		const anonymous = await server.client().request('GET', '/%63oordination/equipe');
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/connexion\?retour=%2Fcoordination%2Fequipe/);
		expect((await clients.adviser1.request('GET', '/%E0%A4%A')).status).toBe(400);
		// A form action posted by another role is refused before it runs.
		const posted = await clients.adviser1.request(
			'POST',
			'/coordination/regles?/enregistrer',
			'minSpacingDays=3&level2ResponseDays=3&idleLockMinutes=3',
			{ 'content-type': 'application/x-www-form-urlencoded' }
		);
		expect(posted.status).toBe(403);
		expect((await clients.coordinator.json('GET', '/api/local-rules')).body).toMatchObject({ rules });
		// Back after sign-in: only a path of this origin.
		for (const hostile of ['/\t/evil.example', '//evil.example', '/\\evil.example']) {
			const back = await clients.adviser1.request('GET', `/connexion?retour=${encodeURIComponent(hostile)}`);
			expect(back.headers.get('location'), hostile).toBe('/aujourdhui');
		}
		const local = await clients.adviser1.request('GET', `/connexion?retour=${encodeURIComponent('/compte')}`);
		expect(local.headers.get('location')).toBe('/compte');
	});

	it('gives the device key share only against the signed-in user’s password', async () => {
		const a = server.client();
		await a.login('conseiller3@demo.tournees.fr');
		const right = await a.json<{ share: string }>('POST', '/api/device-key', { password: DEMO_PASSWORD });
		expect(right.status).toBe(200);
		expect(Buffer.from(right.body.share, 'base64')).toHaveLength(32);
		// The same share on every device of the user, another for another user.
		const again = await a.json<{ share: string }>('POST', '/api/device-key', { password: DEMO_PASSWORD });
		expect(again.body.share).toBe(right.body.share);
		const other = await clients.adviser1.json<{ share: string }>('POST', '/api/device-key', {
			password: DEMO_PASSWORD
		});
		expect(other.body.share).not.toBe(right.body.share);
		expect(await a.json('POST', '/api/device-key', { password: 'pas le bon' })).toMatchObject({
			status: 400,
			body: { error: 'Mot de passe incorrect.' }
		});
		expect(await a.json('POST', '/api/device-key', { motDePasse: DEMO_PASSWORD })).toMatchObject({
			status: 400
		});
		expect(await server.client().json('POST', '/api/device-key', { password: DEMO_PASSWORD })).toMatchObject({
			status: 401
		});
	});

	it('throttles the device key share like the sign-in', async () => {
		const a = server.client();
		await a.login('conseiller4@demo.tournees.fr');
		let last = 0;
		for (let i = 0; i < 12 && last !== 429; i++)
			last = (await a.json('POST', '/api/device-key', { password: `essai ${i}` })).status;
		expect(last).toBe(429);
		// Locked: even the right password waits.
		expect((await a.json('POST', '/api/device-key', { password: DEMO_PASSWORD })).status).toBe(429);
	});

	it('sync: an outdated client gets 426 and nothing changes', async () => {
		const res = await clients.adviser1.json('POST', '/api/sync/push', {
			clientId: 'appareil-ancien-01',
			schemaVersion: 0,
			mutations: []
		});
		expect(res.status).toBe(400); // schemaVersion must be ≥ 1 in the contract
		const old = await clients.adviser1.json('POST', '/api/sync/pull', {
			clientId: 'appareil-ancien-01',
			schemaVersion: 1,
			cursor: null
		});
		expect(old.status).toBe(200);
	});

	it('sync: pushes a mutation once, replays its outcome, refuses out-of-scope and other-role mutations', async () => {
		const device = 'appareil-conseiller1-a';
		const first = await clients.adviser1.json<{
			cursor: string;
			changes: { sites: { id: string; accessNotes: string }[] };
		}>('POST', '/api/sync/pull', { clientId: device, schemaVersion: 1, cursor: null });
		expect(first.body.changes.sites.map((s) => s.id)).toContain('mairie-lavit');
		expect(first.body.changes.sites.map((s) => s.id)).not.toContain('mairie-dunes');
		const base = first.body.changes.sites.find((s) => s.id === 'mairie-lavit')?.accessNotes ?? '';
		const mutations = [
			{
				id: 1,
				name: 'updateSiteAccessNotes@1',
				args: { siteId: 'mairie-lavit', base, value: 'Code porte 1234' }
			},
			{
				id: 2,
				name: 'updateSiteAccessNotes@1',
				args: { siteId: 'mairie-dunes', base: '', value: 'Hors tournée' }
			},
			{
				id: 3,
				name: 'changeSiteLifecycle@1',
				args: { siteId: 'mairie-lavit', status: 'closed', closingOn: null, redirect: null }
			},
			{ id: 4, name: 'inconnue@9', args: {} }
		];
		const push = await clients.adviser1.json<{
			results: { id: number; status: string; reason?: string }[];
			lastMutationId: number;
		}>('POST', '/api/sync/push', { clientId: device, schemaVersion: 1, mutations });
		expect(push.status).toBe(200);
		expect(push.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected']);
		expect(push.body.results[1]?.reason).toMatch(/tournée/);
		expect(push.body.lastMutationId).toBe(4);
		// The same batch again changes nothing and answers the same outcomes.
		const again = await clients.adviser1.json<{ results: { status: string }[] }>('POST', '/api/sync/push', {
			clientId: device,
			schemaVersion: 1,
			mutations
		});
		expect(again.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected']);
		// A gap is not applied.
		const gap = await clients.adviser1.json<{ results: { status: string }[]; lastMutationId: number }>(
			'POST',
			'/api/sync/push',
			{
				clientId: device,
				schemaVersion: 1,
				mutations: [
					{
						id: 9,
						name: 'updateSiteAccessNotes@1',
						args: { siteId: 'mairie-lavit', base: 'Code porte 1234', value: 'x' }
					}
				]
			}
		);
		expect(gap.body.results[0]?.status).toBe('skipped');
		expect(gap.body.lastMutationId).toBe(4);
		const next = await clients.adviser1.json<{
			reset: boolean;
			lastMutationId: number;
			changes: { sites?: { id: string; accessNotes: string }[] };
		}>('POST', '/api/sync/pull', { clientId: device, schemaVersion: 1, cursor: first.body.cursor });
		expect(next.body.reset).toBe(false);
		expect(next.body.lastMutationId).toBe(4);
		expect(next.body.changes.sites?.find((s) => s.id === 'mairie-lavit')?.accessNotes).toBe(
			'Code porte 1234'
		);
		// Another account cannot use this device's id.
		const stolen = await clients.adviser2.json('POST', '/api/sync/push', {
			clientId: device,
			schemaVersion: 1,
			mutations: []
		});
		expect(stolen.status).toBe(403);
	});

	it('sync: a relay pulls its own organisation and the referential, no sites (as the API reads)', async () => {
		const res = await clients.relayDunes.json<{
			changes: { sites?: unknown[]; relayOrganisations?: { id: string }[]; communes?: unknown[] };
		}>('POST', '/api/sync/pull', { clientId: 'appareil-relais-dunes', schemaVersion: 1, cursor: null });
		expect(res.status).toBe(200);
		expect(res.body.changes.sites).toBeUndefined();
		expect(res.body.changes.relayOrganisations?.map((o) => o.id)).toEqual(['mairie-dunes']);
		expect(res.body.changes.communes).toHaveLength(195);
	});

	it('sync: an idle pull is small', async () => {
		const device = 'appareil-coordination-idle';
		const first = await clients.coordinator.json<{ cursor: string }>('POST', '/api/sync/pull', {
			clientId: device,
			schemaVersion: 1,
			cursor: null
		});
		const res = await clients.coordinator.request('POST', '/api/sync/pull', {
			clientId: device,
			schemaVersion: 1,
			cursor: first.body.cursor
		});
		const text = await res.text();
		expect(JSON.parse(text)).toMatchObject({ reset: false, changes: {}, deletes: {} });
		expect(text.length).toBeLessThan(200);
	});

	it('publishes the demo calendar: the commune page, its feed and the CSV agree', async () => {
		const page = await (await fetch(`${server.url}/communes/82097`)).text();
		const shown = [...page.matchAll(/<li><strong>([^<]+)<\/strong>, (matin|après-midi), de ([^<]+)<\/li>/g)];
		expect(shown.length).toBeGreaterThan(0);
		const feed = await fetch(`${server.url}/communes/82097/calendrier.ics`);
		expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
		const events = Object.values(ical.sync.parseICS(await feed.text())).filter(
			(c): c is ical.VEvent => c?.type === 'VEVENT'
		);
		expect(events.length).toBeGreaterThanOrEqual(shown.length);
		for (const e of events) {
			expect(e.uid).toMatch(/^mairie-lavit:\d{4}-\d{2}:[12]@tournees-france-services$/);
			const hour = new Intl.DateTimeFormat('fr-FR', {
				timeZone: 'Europe/Paris',
				hour: '2-digit',
				minute: '2-digit'
			}).format(e.start);
			expect(['09:00', '14:00']).toContain(hour);
		}
		const csv = await clients.coordinator.request('GET', '/coordination/calendrier/export.csv');
		const bytes = new Uint8Array(await csv.arrayBuffer());
		// A byte-order mark, so that a spreadsheet opens the file as UTF-8.
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(text.split('\r\n')[0]).toBe(
			'date;demi_journee;debut;fin;tournee;lieu;commune;code_insee;equipe;etat;publication;changement_a_publier;identifiant'
		);
		expect(text).toContain('Mairie de Lavit');
	});

	it('sends the security headers', async () => {
		const res = await fetch(`${server.url}/`);
		expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
		expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
	});
});
