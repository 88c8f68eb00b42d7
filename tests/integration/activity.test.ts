import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { pull } from '../../src/lib/server/sync/pull';
import { push } from '../../src/lib/server/sync/push';
import { SERVER_MUTATIONS } from '../../src/lib/server/sync/mutations';
import { listPermanences } from '../../src/lib/server/services/permanences';
import { enginesUnderTest } from './engines';
import { activityRecord } from './fixtures';
import { deviceSender, userByEmail } from './users';

const engines = await enginesUnderTest();

/** Activity records (issue 6): filled offline, sent as `recordActivity@1`, append-only. */
describe.each(engines)('activity records through the sync on $name', (engine) => {
	let ctx: AppContext;
	let adviser1: SessionUser;
	let adviser3: SessionUser;
	const now = new Date('2026-11-23T15:00:00Z');
	const send = deviceSender(() => ctx.db, now);
	const record = activityRecord;

	beforeAll(async () => {
		ctx = await createApp(readConfig({ ...engine.freshEnv(), DEMO: 'true' }), () => now);
		adviser1 = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		adviser3 = await userByEmail(ctx, 'conseiller3@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('stores a record once, dated by its permanence, and gives it back to its adviser’s devices only', async () => {
		const operators = await ctx.db.selectFrom('operators').select('id').execute();
		const operator = operators[0]?.id ?? 'dgfip';
		const permanence = (await listPermanences(ctx.db, { from: '2026-11-01', to: '2026-11-30' })).find(
			(p) => p.tourId === adviser1.tourId && p.date <= '2026-11-23'
		);
		if (!permanence) throw new Error('no November permanence of tour 1');
		const recordId = randomUUID();
		const args = {
			recordId,
			record: record({ place: 'permanence', permanenceId: permanence.id, date: '2026-11-23', operator })
		};
		expect(await send(adviser1, 'adv1-phone', 'recordActivity@1', args)).toMatchObject({ status: 'applied' });
		// The same record from another device of the same adviser (the first answer lost): stored once.
		expect(await send(adviser1, 'adv1-laptop', 'recordActivity@1', args)).toMatchObject({
			status: 'applied'
		});
		const rows = await ctx.db.selectFrom('activity_records').selectAll().where('id', '=', recordId).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			adviser_id: adviser1.id,
			tour_id: adviser1.tourId,
			date: permanence.date,
			site_id: permanence.siteId,
			level: 1,
			lists_version: 3
		});

		const mine = await pull(ctx.db, adviser1, 'adv1-tablet', null, now);
		expect(mine.changes.activityRecords?.map((r) => r.id)).toContain(recordId);
		const theirs = await pull(ctx.db, adviser3, 'adv3-phone', null, now);
		expect(theirs.changes.activityRecords ?? []).toHaveLength(0);
	});

	it('refuses what breaks the rules, with the reason, and stores nothing', async () => {
		const otherTour = (await listPermanences(ctx.db, { from: '2026-11-01', to: '2026-11-30' })).find(
			(p) => p.tourId !== adviser1.tourId
		);
		const cases: [unknown, RegExp][] = [
			[record({ adminThemes: [], digitalThemes: [] }), /au moins un thème/],
			[record({ level: 2, operator: null }), /choisissez l’organisme/],
			[record({ format: 'collective' }), /atelier collectif/i],
			[record({ date: '2026-08-01' }), /il y a 60 jours/],
			[record({ operator: 'inconnu' }), /Organisme inconnu/],
			[record({ adminThemes: ['moneyTaxes', 'moneyTaxes'] }), /deux fois/],
			[record({ person: { ageBracket: '30ans', communeInsee: null, status: null } }), /Données invalides/]
		];
		if (otherTour)
			cases.push([record({ place: 'permanence', permanenceId: otherTour.id }), /pas celle de votre tournée/]);
		const before = await ctx.db
			.selectFrom('activity_records')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		for (const [bad, reason] of cases) {
			const res = await send(adviser1, 'adv1-phone', 'recordActivity@1', {
				recordId: randomUUID(),
				record: bad
			});
			expect(res.status, JSON.stringify(bad)).toBe('rejected');
			expect(res.reason).toMatch(reason);
		}
		const coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		expect(
			await send(coordinator, 'coord-1', 'recordActivity@1', { recordId: randomUUID(), record: record() })
		).toMatchObject({ status: 'rejected', reason: 'Votre rôle ne permet pas cette modification.' });
		const after = await ctx.db
			.selectFrom('activity_records')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('lets its author correct a record, offline, and nobody else', async () => {
		const recordId = randomUUID();
		expect(
			(await send(adviser1, 'adv1-phone', 'recordActivity@1', { recordId, record: record() })).status
		).toBe('applied');
		const amended = record({
			adminThemes: ['housing'],
			level: 2,
			operator: 'other',
			outcome: 'inProgress',
			durationMinutes: 45
		});
		expect(
			(await send(adviser1, 'adv1-laptop', 'amendActivity@1', { recordId, record: amended })).status
		).toBe('applied');
		const row = await ctx.db
			.selectFrom('activity_records')
			.selectAll()
			.where('id', '=', recordId)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			admin_themes: '["housing"]',
			level: 2,
			operator: 'other',
			outcome: 'inProgress',
			duration_minutes: 45
		});
		// Another adviser cannot touch it; an unknown record cannot be amended.
		const other = await send(adviser3, 'adv3-phone', 'amendActivity@1', { recordId, record: record() });
		expect(other).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/pas la vôtre/) });
		const unknown = await send(adviser1, 'adv1-phone', 'amendActivity@1', {
			recordId: randomUUID(),
			record: record()
		});
		expect(unknown.status).toBe('rejected');
		expect(
			(
				await ctx.db
					.selectFrom('activity_records')
					.select('level')
					.where('id', '=', recordId)
					.executeTakeFirstOrThrow()
			).level
		).toBe(2);
	});

	it('checks a day of records sent in one push one by one, and stores the accepted ones together', async () => {
		const otherTour = (await listPermanences(ctx.db, { from: '2026-11-01', to: '2026-11-30' })).find(
			(p) => p.tourId !== adviser1.tourId && p.date <= '2026-11-23'
		);
		if (!otherTour) throw new Error('no November permanence of another tour');
		const taken = randomUUID();
		expect(
			await send(adviser3, 'adv3-phone', 'recordActivity@1', { recordId: taken, record: record() })
		).toMatchObject({ status: 'applied' });
		const ids = Array.from({ length: 7 }, () => randomUUID());
		const day = [
			{ recordId: ids[0], record: record() },
			{ recordId: ids[1], record: record({ level: 3 }) },
			{ recordId: ids[2], record: record({ place: 'permanence', permanenceId: otherTour.id }) },
			{ recordId: ids[0], record: record() },
			{ recordId: taken, record: record() },
			{ recordId: ids[5], record: record({ operator: 'inconnu' }) },
			{ recordId: ids[6], record: record({ durationMinutes: 45 }) }
		];
		const batch = (clientId: string) => ({
			clientId,
			schemaVersion: 1,
			mutations: day.map((args, i) => ({ id: i + 1, name: 'recordActivity@1', args }))
		});
		const expected = ['applied', 'rejected', 'rejected', 'applied', 'rejected', 'rejected', 'applied'];

		const res = await push(ctx.db, adviser1, batch('adv1-day'), now);
		expect(res.results.map((r) => r.status)).toEqual(expected);
		expect(res.results[1]?.reason).toMatch(/^Données invalides/);
		expect(res.results[2]?.reason).toMatch(/pas celle de votre tournée/);
		expect(res.results[4]?.reason).toMatch(/déjà pris/);
		expect(res.results[5]?.reason).toMatch(/Organisme inconnu/);
		const stored = await ctx.db
			.selectFrom('activity_records')
			.select(['id', 'version', 'duration_minutes'])
			.where('id', 'in', ids as string[])
			.execute();
		expect(stored.map((r) => r.id).sort()).toEqual([ids[0], ids[6]].sort());
		// Stored together: one version for the group.
		expect(new Set(stored.map((r) => r.version)).size).toBe(1);

		// A technical fault in the group: its mutations are applied again one by one, same outcomes.
		const applyMany = SERVER_MUTATIONS['recordActivity@1'].applyMany;
		SERVER_MUTATIONS['recordActivity@1'].applyMany = () => Promise.reject(new Error('panne simulée'));
		try {
			day[0] = { recordId: randomUUID(), record: record() };
			day[3] = { recordId: day[0].recordId, record: record() };
			day[6] = { recordId: randomUUID(), record: record() };
			const again = await push(ctx.db, adviser1, batch('adv1-day-fault'), now);
			expect(again.results.map((r) => r.status)).toEqual(expected);
			const kept = await ctx.db
				.selectFrom('activity_records')
				.select('id')
				.where('id', 'in', [day[0].recordId, day[6].recordId] as string[])
				.execute();
			expect(kept).toHaveLength(2);
		} finally {
			SERVER_MUTATIONS['recordActivity@1'].applyMany = applyMany;
		}
	});
});
