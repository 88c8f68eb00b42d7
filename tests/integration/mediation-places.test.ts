import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import {
	DEMO_DIRECTORY_FILE,
	importMediationPlaces,
	setMediationPlaceActive
} from '../../src/lib/server/services/mediation-places';
import { pull } from '../../src/lib/server/sync/pull';
import { currentVersion } from '../../src/lib/server/sync/versions';
import type { MediationPlace } from '../../src/lib/domain/mediation';
import { enginesUnderTest } from './engines';
import { startServer, type ApiClient, type RunningServer } from './server';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

const HEADER =
	'id;pivot;nom;commune;code_postal;code_insee;adresse;latitude;longitude;typologie;telephone;courriels;horaires;date_maj;services';
/** A place of the file, in the national schema (`;`-separated, as French spreadsheets save it). */
function row(
	id: string,
	fields: Partial<
		Record<'nom' | 'commune' | 'cp' | 'insee' | 'lat' | 'lon' | 'typo' | 'horaires', string>
	> = {}
) {
	const f = {
		nom: `Lieu ${id}`,
		commune: 'Moissac',
		cp: '82200',
		insee: '82112',
		lat: '44,105',
		lon: '1,085',
		typo: 'BIB',
		horaires: 'Tu-Sa 10:00-18:00',
		...fields
	};
	return [
		id,
		'00000000000099',
		f.nom,
		f.commune,
		f.cp,
		f.insee,
		'2 place Roger Delthil',
		f.lat,
		f.lon,
		f.typo,
		'+33536490099',
		'contact@lieu-test.exemple.fr',
		f.horaires,
		'2026-10-01',
		'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien'
	].join(';');
}
const csv = (...rows: string[]) => ({
	name: 'lieux.csv',
	bytes: new TextEncoder().encode([HEADER, ...rows].join('\r\n'))
});

/** Issue 6, item 4: the referral directory, imported from the national schema, synced to advisers. */
describe.each(engines)('the referral directory on $name', (engine) => {
	let ctx: AppContext;
	let coordinator: SessionUser;
	let adviser: SessionUser;
	let relay: SessionUser;
	const now = new Date('2026-11-23T10:00:00Z');
	const count = async () =>
		Number(
			(
				await ctx.db
					.selectFrom('mediation_places')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	const snapshot = async () =>
		JSON.stringify(await ctx.db.selectFrom('mediation_places').selectAll().orderBy('id').execute());

	let env: Record<string, string>;

	beforeAll(async () => {
		env = { ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' };
		ctx = await createApp(readConfig(env), () => now);
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		adviser = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		relay = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('starts the demo with the demonstration file, imported once', async () => {
		const rows = await ctx.db.selectFrom('mediation_places').selectAll().execute();
		expect(rows).toHaveLength(15);
		expect(rows.filter((r) => r.kind === 'social')).toHaveLength(6);
		expect(rows.every((r) => r.source?.startsWith('Démonstration'))).toBe(true);
		expect(rows.every((r) => r.commune_insee?.startsWith('82'))).toBe(true);
		// One row without coordinates stands at its commune's centre.
		expect(rows.filter((r) => r.approximate_position === 1).map((r) => r.commune_insee)).toEqual(['82094']);
		// A second start on the same database finds it there and imports nothing.
		const again = await createApp(readConfig(env), () => now);
		await again.close();
		expect(await count()).toBe(15);
		const seeded = await ctx.db
			.selectFrom('audit_log')
			.select('id')
			.where('action', '=', 'mediationPlaces.import')
			.execute();
		expect(seeded).toHaveLength(1);
	});

	it('imports a good file, changes nothing when it comes again, and updates from a new one', async () => {
		const first = await importMediationPlaces(
			ctx.db,
			coordinator,
			csv(
				row('t-1'),
				row('t-2', { typo: 'MDS', nom: 'MDS de Moissac' }),
				row('t-3', { commune: 'Finhan', cp: '82700', insee: '', lat: '', lon: '' })
			),
			now
		);
		expect(first).toMatchObject({
			ok: true,
			created: 3,
			updated: 0,
			unchanged: 0,
			absent: 15,
			format: 'csv',
			rowsRead: 3
		});
		const stored = await ctx.db
			.selectFrom('mediation_places')
			.selectAll()
			.where('id', 'in', ['t-1', 't-2', 't-3'])
			.orderBy('id')
			.execute();
		expect(
			stored.map((r) => [
				r.id,
				r.kind,
				r.commune_insee,
				r.approximate_position,
				r.opening_hours_text?.replaceAll('\u00a0', ' ')
			])
		).toEqual([
			['t-1', 'mediation', '82112', 0, 'Du mardi au samedi : 10 h – 18 h'],
			['t-2', 'social', '82112', 0, 'Du mardi au samedi : 10 h – 18 h'],
			['t-3', 'mediation', '82062', 1, 'Du mardi au samedi : 10 h – 18 h']
		]);
		expect(stored[0]?.lat).toBe(44.105);

		const version = await currentVersion(ctx.db);
		const before = await snapshot();
		const again = await importMediationPlaces(
			ctx.db,
			coordinator,
			csv(
				row('t-1'),
				row('t-2', { typo: 'MDS', nom: 'MDS de Moissac' }),
				row('t-3', { commune: 'Finhan', cp: '82700', insee: '', lat: '', lon: '' })
			),
			now
		);
		expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3 });
		expect(await snapshot()).toBe(before);
		expect(await currentVersion(ctx.db)).toBe(version);

		const cursor = (await pull(ctx.db, adviser, 'appareil-annuaire', null, now)).cursor;
		const newer = await importMediationPlaces(
			ctx.db,
			coordinator,
			csv(
				row('t-1', { horaires: 'Mo-Fr 09:00-12:00' }),
				row('t-2', { typo: 'MDS', nom: 'MDS de Moissac' }),
				row('t-4')
			),
			now
		);
		expect(newer).toMatchObject({ ok: true, created: 1, updated: 1, unchanged: 1, absent: 16 });
		const delta = await pull(ctx.db, adviser, 'appareil-annuaire', cursor, now);
		expect(delta.reset).toBe(false);
		const changed = (delta.changes.mediationPlaces ?? []) as unknown as MediationPlace[];
		expect(changed.map((p) => [p.id, p.openingHoursText?.replaceAll('\u00a0', ' ')])).toEqual([
			['t-1', 'Du lundi au vendredi : 9 h – 12 h'],
			['t-4', 'Du mardi au samedi : 10 h – 18 h']
		]);
		// The audit keeps every import, with who did it and what it did.
		const audits = await ctx.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'mediationPlaces.import')
			.where('actor_user_id', '=', coordinator.id)
			.execute();
		expect(audits).toHaveLength(3);
	});

	it('imports nothing from a file with bad rows, and names each line and reason', async () => {
		const before = await snapshot();
		const version = await currentVersion(ctx.db);
		const report = await importMediationPlaces(
			ctx.db,
			coordinator,
			csv(
				row('b-1'),
				row('b-2', { nom: '' }),
				row('b-3', { lat: 'quarante-quatre' }),
				row('b-4', { cp: '8220', insee: '' }),
				row('b-5', { horaires: 'du lundi au vendredi' }),
				row('b-6', { commune: 'Toulouse', cp: '31000', insee: '31555' }),
				row('b-7', { lat: '1,085', lon: '44,105' }),
				row('b-8', { insee: '82999' })
			),
			now
		);
		expect(report.ok).toBe(false);
		if (report.ok) return;
		expect(report.fileProblem).toBeNull();
		expect(report.problems.map((p) => [p.line, p.id, p.reasons.join(' ; ')])).toEqual([
			[3, 'b-2', 'nom manquant'],
			[4, 'b-3', 'latitude « quarante-quatre » : un nombre en degrés est attendu'],
			[5, 'b-4', 'code postal « 8220 » invalide (5 chiffres attendus)'],
			[6, 'b-5', expect.stringContaining('horaires : « du » n’est pas au format OpenStreetMap')],
			[8, 'b-7', expect.stringContaining('latitude et longitude inversées ?')],
			[9, 'b-8', 'code INSEE « 82999 » inconnu dans le Tarn-et-Garonne']
		]);
		// Out of the département: not a bad row, never imported, counted with its line.
		expect(report.outside).toEqual({ count: 1, lines: [7] });
		expect(await snapshot()).toBe(before);
		expect(await currentVersion(ctx.db)).toBe(version);

		const wrongColumns = await importMediationPlaces(
			ctx.db,
			coordinator,
			{ name: 'lieux.csv', bytes: new TextEncoder().encode('nom;ville\nMédiathèque;Moissac\n') },
			now
		);
		expect(wrongColumns).toMatchObject({
			ok: false,
			fileProblem: expect.stringContaining('colonnes obligatoires')
		});
		const onlyElsewhere = await importMediationPlaces(
			ctx.db,
			coordinator,
			csv(row('b-9', { commune: 'Toulouse', cp: '31000', insee: '31555' })),
			now
		);
		expect(onlyElsewhere).toMatchObject({
			ok: false,
			fileProblem: expect.stringContaining('Aucun lieu du Tarn-et-Garonne')
		});
		expect(await snapshot()).toBe(before);
	});

	it('imports the JSON of the national schema', async () => {
		const place = {
			id: 'j-1',
			pivot: '00000000000098',
			nom: 'Espace numérique de Montech',
			commune: 'Montech',
			code_postal: '82700',
			code_insee: '82125',
			adresse: 'Place de la Mairie',
			latitude: 43.9524,
			longitude: 1.2377,
			date_maj: '2026-10-01',
			services: 'Accès internet et matériel informatique',
			typologie: 'EPN'
		};
		const report = await importMediationPlaces(
			ctx.db,
			coordinator,
			{ name: 'lieux.json', bytes: new TextEncoder().encode(JSON.stringify([place])) },
			now
		);
		expect(report).toMatchObject({ ok: true, format: 'json', created: 1 });
		const bad = await importMediationPlaces(
			ctx.db,
			coordinator,
			{
				name: 'lieux.json',
				bytes: new TextEncoder().encode(JSON.stringify([{ ...place, id: 'j-2', pivot: '12' }]))
			},
			now
		);
		expect(bad).toMatchObject({
			ok: false,
			problems: [{ line: 1, id: 'j-2', reasons: ["Le Pivot 12 n'est pas valide"] }]
		});
	});

	it('syncs the directory to the coordinator and advisers, never to relays; a withdrawn place follows', async () => {
		const forAdviser = await pull(ctx.db, adviser, 'appareil-adv-annuaire', null, now);
		const places = (forAdviser.changes.mediationPlaces ?? []) as unknown as MediationPlace[];
		expect(places.length).toBe(await count());
		const demo = places.find((p) => p.id === 'demo-82-mds-valence');
		expect(demo?.openingHoursText?.replaceAll('\u00a0', ' ')).toBe(
			'Du lundi au vendredi : 8 h 30 – 12 h et 13 h 30 – 17 h'
		);
		expect(demo).toMatchObject({
			kind: 'social',
			communeInsee: '82186',
			services: ['Aide aux démarches administratives'],
			active: true
		});
		expect(
			(await pull(ctx.db, coordinator, 'appareil-coord-annuaire', null, now)).changes.mediationPlaces
		).toHaveLength(places.length);
		expect(
			(await pull(ctx.db, relay, 'appareil-relais-annuaire', null, now)).changes.mediationPlaces
		).toBeUndefined();

		await setMediationPlaceActive(ctx.db, coordinator, 'demo-82-mds-valence', false, now);
		const delta = await pull(ctx.db, adviser, 'appareil-adv-annuaire', forAdviser.cursor, now);
		expect(delta.changes.mediationPlaces).toEqual([
			expect.objectContaining({ id: 'demo-82-mds-valence', active: false })
		]);
		// A new import of the place keeps the coordination's decision.
		const file = await importMediationPlaces(
			ctx.db,
			coordinator,
			{
				name: DEMO_DIRECTORY_FILE.name,
				bytes: new TextEncoder().encode(
					DEMO_DIRECTORY_FILE.text
						.split('\r\n')
						.map((line) =>
							line.startsWith('demo-82-mds-valence,')
								? line.replace('Mo-Fr 08:30-12:00,13:30-17:00', 'Mo-Fr 08:30-12:30')
								: line
						)
						.join('\r\n')
				)
			},
			now
		);
		expect(file).toMatchObject({ ok: true, stillWithdrawn: 1 });
		const row = await ctx.db
			.selectFrom('mediation_places')
			.selectAll()
			.where('id', '=', 'demo-82-mds-valence')
			.executeTakeFirstOrThrow();
		expect([row.active, row.opening_hours]).toEqual([0, 'Mo-Fr 08:30-12:30']);
		await setMediationPlaceActive(ctx.db, coordinator, 'demo-82-mds-valence', true, now);
		await expect(setMediationPlaceActive(ctx.db, coordinator, 'inconnu', false, now)).rejects.toThrow(
			/introuvable/
		);
	});
});

/** Through HTTP, as browsers do: only the coordination imports, everyone else is refused. */
describe.each(engines)('the directory pages over HTTP on $name', (engine) => {
	let server: RunningServer;
	const clients: Record<string, ApiClient> = {};
	const ACCOUNTS = {
		coordinator: 'coordination@demo.tournees.fr',
		adviser: 'conseiller1@demo.tournees.fr',
		relay: 'relais.dunes@demo.tournees.fr',
		admin: 'admin@demo.tournees.fr'
	};

	beforeAll(async () => {
		server = await startServer({ ...engine.freshEnv(), DEMO_CALENDAR: 'false' });
		clients.anonymous = server.client();
		for (const [who, email] of Object.entries(ACCOUNTS)) {
			clients[who] = server.client();
			expect((await clients[who].login(email)).status).toBe(303);
		}
	});
	afterAll(async () => {
		await server?.stop();
	});

	function upload(client: ApiClient, text: string, name = 'lieux.csv') {
		const form = new FormData();
		form.append('file', new Blob([text], { type: 'text/csv' }), name);
		return fetch(`${server.url}/coordination/lieux-mediation?/importer`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: server.url,
				accept: 'text/html',
				...(client.cookie ? { cookie: client.cookie } : {})
			},
			body: form
		});
	}

	it('opens the page to the coordination only', async () => {
		const expected: Record<string, number> = {
			anonymous: 303,
			coordinator: 200,
			adviser: 403,
			relay: 403,
			admin: 403
		};
		for (const [who, status] of Object.entries(expected)) {
			const res = await clients[who]!.request('GET', '/coordination/lieux-mediation', undefined, {
				accept: 'text/html'
			});
			expect(res.status, who).toBe(status);
		}
		const page = await (await clients.coordinator!.request('GET', '/coordination/lieux-mediation')).text();
		expect(page).toContain('15 lieux');
	});

	it('refuses an import from anyone but the coordination, and imports nothing', async () => {
		const file = [HEADER, row('h-1')].join('\n');
		const expected: Record<string, number> = { anonymous: 303, adviser: 403, relay: 403, admin: 403 };
		for (const [who, status] of Object.entries(expected)) {
			const res = await upload(clients[who]!, file);
			expect(res.status, who).toBe(status);
			if (status === 303) expect(res.headers.get('location')).toMatch(/^\/connexion/);
		}
		const pulled = await clients.adviser!.json<{ changes: { mediationPlaces?: { id: string }[] } }>(
			'POST',
			'/api/sync/pull',
			{ clientId: 'appareil-http-annuaire', schemaVersion: 1, cursor: null }
		);
		expect(pulled.body.changes.mediationPlaces?.map((p) => p.id)).not.toContain('h-1');
	});

	it('shows the coordination each bad line, then imports a good file', async () => {
		const bad = await upload(clients.coordinator!, [HEADER, row('h-1'), row('h-2', { nom: '' })].join('\n'));
		expect(bad.status).toBe(422);
		const badPage = await bad.text();
		expect(badPage).toContain('rien n’a été importé');
		const cells = [...badPage.replace(/<!--.*?-->/g, '').matchAll(/<td>(.*?)<\/td>/g)].map((m) =>
			m[1]?.trim()
		);
		expect(cells).toEqual(['3', '(h-2)', 'nom manquant']);

		const good = await upload(clients.coordinator!, [HEADER, row('h-1'), row('h-2')].join('\n'));
		expect(good.status).toBe(200);
		expect(await good.text()).toContain('2 lieux ajoutés');
		const pulled = await clients.adviser!.json<{ changes: { mediationPlaces?: { id: string }[] } }>(
			'POST',
			'/api/sync/pull',
			{ clientId: 'appareil-http-annuaire-2', schemaVersion: 1, cursor: null }
		);
		expect(pulled.body.changes.mediationPlaces?.map((p) => p.id)).toEqual(
			expect.arrayContaining(['h-1', 'h-2'])
		);
		const relay = await clients.relay!.json<{ changes: Record<string, unknown> }>('POST', '/api/sync/pull', {
			clientId: 'appareil-http-relais',
			schemaVersion: 1,
			cursor: null
		});
		expect(relay.body.changes.mediationPlaces).toBeUndefined();
	});
});
