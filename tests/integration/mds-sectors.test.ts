import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { Refusal } from '../../src/lib/server/errors';
import {
	importMdsSectors,
	listMdsSectors,
	sectorMdsOf,
	sectorTableCsv
} from '../../src/lib/server/services/mds-sectors';
import { pull } from '../../src/lib/server/sync/pull';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

const GOOD = [
	'code_insee;commune;mds',
	'82121;Montauban;mds-montauban-labat',
	'82125;Montech;Maison départementale des solidarités Montech',
	'82186;Valence;mds-valence',
	'82050;Dunes;mds-valence'
].join('\r\n');

describe.each(engines)('MDS sectors on $name', (engine) => {
	let ctx: AppContext;
	let coordinator: SessionUser;
	let adviser: SessionUser;
	const now = new Date('2026-11-23T09:00:00Z');

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		adviser = await userByEmail(ctx, 'conseiller3@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	async function sectorsOfCommunes() {
		const rows = await ctx.db.selectFrom('communes').select(['insee', 'mds_id', 'version']).execute();
		return new Map(rows.map((r) => [r.insee, { mds: r.mds_id, version: r.version }]));
	}

	it('starts with no sector: the département’s table is imported, never invented', async () => {
		const { sectors, without } = await listMdsSectors(ctx.db);
		expect(sectors.map((s) => s.mds.id).sort()).toEqual(
			[
				'mds-montauban-les-chenes',
				'mds-montauban-labat',
				'mds-montauban-marcel-unal',
				'mds-montech',
				'mds-valence'
			].sort()
		);
		expect(sectors.every((s) => s.communes.length === 0)).toBe(true);
		expect(without).toHaveLength(195);
		expect(await sectorMdsOf(ctx.db, '82121')).toBeNull();
	});

	it('refuses a bad file with each line and its reason, and changes nothing', async () => {
		const before = await sectorsOfCommunes();
		const bad = [
			'code_insee;mds',
			'82121;mds-montauban-labat',
			'99999;mds-montech',
			'82121;mds-valence',
			'82125;MDS de Toulouse'
		].join('\n');
		const refusal = await importMdsSectors(ctx.db, coordinator, bad, now).catch((e: unknown) => e);
		expect(refusal).toBeInstanceOf(Refusal);
		const error = refusal as Refusal;
		expect(error.kind).toBe('invalid');
		expect(error.message).toBe('Le fichier des secteurs contient 3 erreurs : rien n’a été importé.');
		expect(error.issues?.map((i) => i.path)).toEqual(['ligne 3', 'ligne 4', 'ligne 5']);
		expect(error.issues?.[1]?.message).toMatch(/^Ligne 4 : Montauban \(82121\) figure déjà ligne 2/);
		const header = await importMdsSectors(ctx.db, coordinator, 'commune;secteur\nMontauban;Labat', now).catch(
			(e: unknown) => e
		);
		expect((header as Refusal).issues?.[0]?.message).toMatch(/« code_insee » et « mds »/);
		expect(await sectorsOfCommunes()).toEqual(before);
	});

	it('imports the table: each commune names its MDS, devices receive it with the communes', async () => {
		const first = await pull(ctx.db, adviser, 'appareil-secteurs', null, now);
		expect(await importMdsSectors(ctx.db, coordinator, `\uFEFF${GOOD}`, now)).toEqual({
			communes: 4,
			changed: 4
		});
		const labat = await sectorMdsOf(ctx.db, '82121');
		expect(labat).toMatchObject({ id: 'mds-montauban-labat', toConfirm: true });
		expect(labat?.address).toContain('Labat');
		const { sectors, without } = await listMdsSectors(ctx.db);
		expect(sectors.find((s) => s.mds.id === 'mds-valence')?.communes.map((c) => c.insee)).toEqual([
			'82050',
			'82186'
		]);
		expect(without).toHaveLength(191);

		const delta = await pull(ctx.db, adviser, 'appareil-secteurs', first.cursor, now);
		const communes = (delta.changes.communes ?? []) as { insee: string; mdsId: string | null }[];
		expect(communes.map((c) => [c.insee, c.mdsId]).sort()).toEqual([
			['82050', 'mds-valence'],
			['82121', 'mds-montauban-labat'],
			['82125', 'mds-montech'],
			['82186', 'mds-valence']
		]);

		// The same file again changes nothing; the exported table imports back to the same.
		const versions = await sectorsOfCommunes();
		expect(await importMdsSectors(ctx.db, coordinator, GOOD, now)).toEqual({ communes: 4, changed: 0 });
		const exported = await sectorTableCsv(ctx.db);
		expect(exported.split('\r\n')[0]).toBe('\uFEFFcode_insee;commune;mds');
		expect(exported.split('\r\n')).toContain('82121;Montauban;mds-montauban-labat');
		expect(exported.split('\r\n')).toContain('82001;Albefeuille-Lagarde;');
		expect(await importMdsSectors(ctx.db, coordinator, exported, now)).toEqual({ communes: 4, changed: 0 });
		expect(await sectorsOfCommunes()).toEqual(versions);
	});

	it('the file is the whole table: a commune left out is in no sector', async () => {
		const withoutDunes = GOOD.split('\r\n')
			.filter((l) => !l.startsWith('82050'))
			.join('\n');
		expect(await importMdsSectors(ctx.db, coordinator, withoutDunes, now)).toEqual({
			communes: 3,
			changed: 1
		});
		expect(await sectorMdsOf(ctx.db, '82050')).toBeNull();
		const log = await ctx.db
			.selectFrom('audit_log')
			.select('details')
			.where('action', '=', 'mdsSectors.import')
			.execute();
		expect(log.map((l) => JSON.parse(l.details))).toEqual([
			{ communes: 4, changed: 4 },
			{ communes: 3, changed: 1 }
		]);
	});
});
