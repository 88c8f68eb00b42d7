import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { COOP_ACTIVITY_HEADERS } from '../../src/lib/domain/national-export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parisDateAt, TEST_CLOCK_NOW } from '../clock';
import { enginesUnderTest } from './engines';
import { ApiClient, startServer, type RunningServer } from './server';

const engines = await enginesUnderTest();

/** Reads a CSV export: BOM checked, rows split on CRLF, cells on `;` (no quoted separators in these). */
async function csvOf(res: Response): Promise<string[][]> {
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
	expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
	const bytes = new Uint8Array(await res.arrayBuffer());
	expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	return new TextDecoder()
		.decode(bytes.slice(3))
		.split('\r\n')
		.filter((l) => l !== '')
		.map((l) => l.split(';'));
}

/** The coordinator's indicators page and its CSV exports, through the built server. */
describe.each(engines)('indicators page and exports on $name', (engine) => {
	let server: RunningServer;
	const who = {} as Record<
		'coordinator' | 'adviser1' | 'adviser3' | 'relay' | 'admin' | 'anonymous',
		ApiClient
	>;
	const today = parisDateAt(new Date(TEST_CLOCK_NOW));
	const month = today.slice(0, 7);
	const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID(), d: randomUUID() };
	const record = (fields: Record<string, unknown>) => ({
		date: today,
		place: 'other',
		permanenceId: null,
		homeVisitId: null,
		format: 'individual',
		workshop: null,
		person: { ageBracket: '60to69', communeInsee: '82097', status: null },
		adminThemes: ['moneyTaxes'],
		digitalThemes: [],
		operator: 'dgfip',
		level: 1,
		autonomy: 'autonomousWithHelp',
		equipment: ['computer'],
		aidantsConnect: null,
		orientations: [],
		durationMinutes: 30,
		outcome: 'resolved',
		note: 'Note libre, jamais exportée',
		...fields
	});

	beforeAll(async () => {
		server = await startServer(engine.freshEnv());
		for (const [key, email] of [
			['coordinator', 'coordination@demo.tournees.fr'],
			['adviser1', 'conseiller1@demo.tournees.fr'],
			['adviser3', 'conseiller3@demo.tournees.fr'],
			['relay', 'relais.dunes@demo.tournees.fr'],
			['admin', 'admin@demo.tournees.fr']
		] as const) {
			const client = server.client();
			expect((await client.login(email)).status).toBe(303);
			who[key] = client;
		}
		who.anonymous = server.client();
		const send = async (client: ApiClient, device: string, records: [string, unknown][]) => {
			const res = await client.json<{ results: { status: string }[] }>('POST', '/api/sync/push', {
				clientId: device,
				schemaVersion: 1,
				mutations: records.map(([recordId, r], i) => ({
					id: i + 1,
					name: 'recordActivity@1',
					args: { recordId, record: r }
				}))
			});
			expect(res.body.results.map((r) => r.status)).toEqual(records.map(() => 'applied'));
		};
		await send(who.adviser1, 'ind-adv1', [
			[ids.a, record({})],
			[ids.b, record({ level: 2, operator: 'caf', adminThemes: ['family'], orientations: ['mds'] })],
			[
				ids.c,
				record({
					format: 'collective',
					workshop: { title: '=HYPERLINK("http://x")', level: 'beginner', participants: 7 },
					adminThemes: [],
					digitalThemes: ['smartphone'],
					operator: null,
					person: { ageBracket: null, communeInsee: null, status: null }
				})
			]
		]);
		// The same record again from another device: counted once.
		await send(who.adviser1, 'ind-adv1-laptop', [[ids.a, record({})]]);
		await send(who.adviser3, 'ind-adv3', [[ids.d, record({ operator: 'department', place: 'phone' })]]);
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('is the coordinator’s only', async () => {
		for (const path of [
			'/coordination/indicateurs',
			'/coordination/indicateurs/fiches.csv',
			'/coordination/indicateurs/compte-rendu-national.csv',
			'/coordination/indicateurs/compte-rendu-national.xlsx',
			'/coordination/indicateurs/synthese-mensuelle.csv'
		]) {
			expect((await who.coordinator.request('GET', path)).status, path).toBe(200);
			for (const other of ['adviser1', 'relay', 'admin'] as const)
				expect((await who[other].request('GET', path)).status, `${other} ${path}`).toBe(403);
			const anonymous = await who.anonymous.request('GET', path);
			expect(anonymous.status).toBe(303);
			expect(anonymous.headers.get('location')).toMatch(/^\/connexion\?retour=/);
		}
	});

	it('shows the figures of the synced records, filtered', async () => {
		const page = await (await who.coordinator.request('GET', '/coordination/indicateurs')).text();
		const figure = (id: string) =>
			new RegExp(`data-testid="chiffre-${id}"[^>]*>\\s*<dt[^>]*>[^<]+</dt>\\s*<dd[^>]*>([^<]+)</dd>`).exec(
				page
			)?.[1];
		expect(figure('records')).toBe('4');
		// 3 individual records and a workshop of 7.
		expect(figure('people')).toBe('10');
		expect(figure('level2')).toBe('1');
		const adviserId = /<option value="([^"]+)"[^>]*>Camille Roques<\/option>/.exec(page)?.[1];
		expect(adviserId).toBeTruthy();
		const filtered = await (
			await who.coordinator.request(
				'GET',
				`/coordination/indicateurs?conseiller=${adviserId}&tournee=tournee-1`
			)
		).text();
		expect(
			/data-testid="chiffre-records"[^>]*>\s*<dt[^>]*>[^<]+<\/dt>\s*<dd[^>]*>([^<]+)<\/dd>/.exec(
				filtered
			)?.[1]
		).toBe('3');
		expect(filtered).toContain('<details');
		expect(filtered).toContain('Tableau des données');
	});

	it('exports the records as La Coop exports its own: XLSX sheet « Activités », one row per participant', async () => {
		const res = await who.coordinator.request(
			'GET',
			`/coordination/indicateurs/compte-rendu-national.xlsx?du=${month}&au=${month}`
		);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.xlsx"$/);
		// Read back by an independent reader (exceljs), not by the library that wrote it.
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await res.arrayBuffer());
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Activités']);
		const sheet = workbook.getWorksheet('Activités');
		const rows: unknown[][] = [];
		sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
		const [header, ...data] = rows;
		expect(header).toEqual([...COOP_ACTIVITY_HEADERS]);
		// 3 individual records and a workshop of 7: 10 rows.
		expect(data).toHaveLength(10);
		const column = (row: unknown[] | undefined, name: (typeof COOP_ACTIVITY_HEADERS)[number]) =>
			row?.[COOP_ACTIVITY_HEADERS.indexOf(name)];
		const workshop = data.filter((r) => column(r, 'ID CRA') === ids.c);
		expect(workshop.map((r) => column(r, 'Participants'))).toEqual(
			Array.from({ length: 7 }, (_, i) => `${i + 1}/7`)
		);
		expect(workshop.every((r) => column(r, 'Type') === 'Atelier collectif')).toBe(true);
		expect(column(workshop[0], 'Niveau d’autonomie (ou de l’atelier)')).toBe('1/3');
		expect(column(workshop[0], 'Thématique(s) d’accompagnement')).toBe('Prendre en main du matériel');
		const first = data.find((r) => column(r, 'ID CRA') === ids.a);
		expect(column(first, 'Date')).toBeInstanceOf(Date);
		expect((column(first, 'Date') as Date).toISOString().slice(0, 10)).toBe(today);
		expect(column(first, 'Type')).toBe('Accompagnement individuel');
		expect(column(first, 'Participants')).toBe(1);
		expect(column(first, 'Durée (min)')).toBe(30);
		expect(column(first, 'Thématique(s) d’accompagnement')).toBe(
			'Aide aux démarches administratives\nArgent - Impôts'
		);
		expect(column(first, 'Niveau d’autonomie (ou de l’atelier)')).toBe('2/3');
		expect(column(first, 'Bénéficiaire réorienté')).toBe('Non');
		expect(column(first, 'Commune du bénéficiaire')).toBe('Lavit');
		expect(column(first, 'Code Insee du bénéficiaire')).toBe('82097');
		expect(column(first, 'Tranche d’âge du bénéficiaire')).toBe('60 - 69 ans');
		expect(column(first, 'Enregistré le')).toMatch(/^\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}$/);
		const handover = data.find((r) => column(r, 'ID CRA') === ids.b);
		expect(column(handover, 'Bénéficiaire réorienté')).toBe('Oui');
		expect(column(handover, 'Structure de redirection')).toBe(
			'Opérateur ou organisme en charge de la démarche administrative\nStructure d’aide sociale (maison des solidarités, centre social…)'
		);
		expect(column(handover, 'Nom de la démarche administrative')).toBe("Caisse d'allocations familiales");
		const phone = data.find((r) => column(r, 'ID CRA') === ids.d);
		expect(column(phone, 'Canaux d’accompagnement')).toBe('À distance');
		expect(data.every((r) => column(r, 'Bénéficiaire') === 'Bénéficiaire anonyme')).toBe(true);
		expect(
			data.every((r) => [undefined, null, ''].includes(column(r, 'Notes supplémentaires') as string))
		).toBe(true);

		// The CSV holds the same rows (the day written dd/mm/yyyy).
		const csv = await who.coordinator.request(
			'GET',
			`/coordination/indicateurs/compte-rendu-national.csv?du=${month}&au=${month}`
		);
		const text = new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer()).slice(3));
		expect(text.split('\r\n')[0]?.split(';')).toEqual([...COOP_ACTIVITY_HEADERS]);
		expect(text.split(ids.c)).toHaveLength(8);
		expect(text).toContain(today.split('-').reverse().join('/'));
	});

	it('exports one row per record with the filters, formulas neutralised, no free-text note', async () => {
		const rows = await csvOf(
			await who.coordinator.request('GET', `/coordination/indicateurs/fiches.csv?du=${month}&au=${month}`)
		);
		const [header, ...data] = rows;
		expect(header?.[0]).toBe('identifiant');
		expect(header).toContain('personnes_recues');
		expect(header).not.toContain('note');
		expect(data.map((r) => r[0]).sort()).toEqual(Object.values(ids).sort());
		const text = rows.flat().join(';');
		expect(text).not.toContain('jamais exportée');
		const workshop = data.find((r) => r[0] === ids.c);
		expect(workshop?.[header?.indexOf('personnes_recues') ?? -1]).toBe('7');
		// A cell that a spreadsheet would run as a formula starts with an apostrophe.
		expect(workshop?.[header?.indexOf('atelier') ?? -1]).toMatch(/^"?'=HYPERLINK/);
		const family = data.find((r) => r[0] === ids.b);
		expect(family?.[header?.indexOf('themes_administratifs') ?? -1]).toBe('Famille – scolarité');
		expect(family?.[header?.indexOf('organisme') ?? -1]).toBe('CAF');
		expect(family?.[header?.indexOf('orientations') ?? -1]).toBe(
			'Maison départementale des solidarités du secteur'
		);

		const tour2 = await csvOf(
			await who.coordinator.request(
				'GET',
				`/coordination/indicateurs/fiches.csv?du=${month}&au=${month}&tournee=tournee-2`
			)
		);
		expect(tour2.slice(1).map((r) => r[0])).toEqual([ids.d]);
	});

	it('exports the monthly summary for the label: requests per operator, one row per month', async () => {
		const from = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
		const rows = await csvOf(
			await who.coordinator.request(
				'GET',
				`/coordination/indicateurs/synthese-mensuelle.csv?du=${from}&au=${month}`
			)
		);
		const [header, ...data] = rows;
		expect(header?.slice(0, 3)).toEqual(['mois', 'CAF', 'Assurance maladie']);
		expect(header?.slice(-4)).toEqual([
			'Services du Département',
			'Autre organisme',
			'Sans organisme',
			'total'
		]);
		// Thirteen months, then the totals.
		expect(data).toHaveLength(14);
		const row = data.find((r) => r[0] === month) as string[];
		const cell = (name: string) => row[header?.indexOf(name) ?? -1];
		expect(cell('Impôts')).toBe('1');
		expect(cell('CAF')).toBe('1');
		expect(cell('Services du Département')).toBe('1');
		expect(cell('Sans organisme')).toBe('1');
		expect(cell('total')).toBe('4');
		expect(data.at(-1)?.[0]).toBe('total');
		expect(data.at(-1)?.at(-1)).toBe('4');
		expect(data.find((r) => r[0] === from)?.at(-1)).toBe('0');
	});

	it('refuses bad filters with a clear French error, on the page and the exports', async () => {
		const bad: [string, RegExp][] = [
			['du=2026-13', /mois de début/],
			['au=janvier', /mois de fin/],
			['du=2026-06&au=2026-01', /se termine avant de commencer/],
			['du=2020-01&au=2026-06', /dépasse 60 mois/],
			['tournee=tournee-9', /tournée inconnue/],
			['lieu=nulle-part', /lieu inconnu/],
			['conseiller=00000000-0000-4000-8000-000000000000', /conseiller inconnu/],
			['conseiller=pas-un-id', /conseiller/]
		];
		for (const [query, message] of bad) {
			const page = await who.coordinator.request('GET', `/coordination/indicateurs?${query}`);
			expect(page.status, query).toBe(400);
			expect(await page.text(), query).toMatch(message);
			for (const csv of ['fiches.csv', 'synthese-mensuelle.csv']) {
				const res = await who.coordinator.json<{ error: string }>(
					'GET',
					`/coordination/indicateurs/${csv}?${query}`
				);
				expect(res.status, `${csv}?${query}`).toBe(400);
				expect(res.body.error).toMatch(message);
			}
		}
	});
});
