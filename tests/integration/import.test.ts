import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { push } from '../../src/lib/server/sync/push';
import { importPendingChanges } from '../../src/lib/server/sync/import';
import { getSite } from '../../src/lib/server/services/referential';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

describe.each(engines)('importing a wiped device’s pending changes on $name', (engine) => {
	let ctx: AppContext;
	let coordinator: SessionUser;
	let adviser: SessionUser;
	const now = new Date('2026-11-23T09:00:00Z');
	const clientId = 'appareil-perdu-0001';
	const note = (n: number) => `Clé chez la secrétaire (${n})`;
	const file = () => ({
		kind: 'tournees-france-services/pending-changes',
		version: 1,
		exportedAt: '2026-11-22T18:00:00.000Z',
		user: { id: adviser.id, displayName: adviser.displayName },
		clientId,
		outbox: [1, 2, 3].map((id) => ({
			id,
			name: 'updateSiteAccessNotes@1',
			args: { siteId: 'mairie-lavit', base: id === 1 ? '' : note(id - 1), value: note(id) },
			// The device's own bookkeeping travels in the file too (`PendingMutation`).
			...(id === 1 ? { result: { id: 1, status: 'applied' } } : {})
		})),
		reviews: []
	});
	const outcomes = async () =>
		Number(
			(
				await ctx.db
					.selectFrom('sync_outcomes')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		adviser = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		// The device delivered its first change, but never heard back: it is still in its outbox.
		await push(ctx.db, adviser, { clientId, schemaVersion: 1, mutations: file().outbox.slice(0, 1) }, now);
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('refuses a bad file with the reason and changes nothing', async () => {
		const before = await outcomes();
		await expect(importPendingChanges(ctx.db, coordinator, { kind: 'autre chose' }, now)).rejects.toThrow(
			/Fichier refusé/
		);
		const wrongOwner = { ...file(), user: { id: coordinator.id, displayName: 'x' } };
		await expect(importPendingChanges(ctx.db, coordinator, wrongOwner, now)).rejects.toThrow(/autre compte/);
		await expect(
			importPendingChanges(ctx.db, coordinator, { ...file(), outbox: [{ id: 0, name: 'x', args: {} }] }, now)
		).rejects.toThrow(/Fichier refusé/);
		await expect(
			importPendingChanges(
				ctx.db,
				coordinator,
				{ ...file(), user: { id: '00000000-0000-4000-8000-000000000000', displayName: '?' } },
				now
			)
		).rejects.toThrow(/n’existe pas/);
		expect(await outcomes()).toBe(before);
	});

	it('applies them once, as their author, and a second import changes nothing', async () => {
		const fresh = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		try {
			const author = await userByEmail(fresh, 'conseiller1@demo.tournees.fr');
			const boss = await userByEmail(fresh, 'coordination@demo.tournees.fr');
			const data = { ...file(), user: { id: author.id, displayName: author.displayName } };
			await push(fresh.db, author, { clientId, schemaVersion: 1, mutations: data.outbox.slice(0, 1) }, now);
			const first = await importPendingChanges(fresh.db, boss, data, now);
			expect(first.results.map((r) => [r.id, r.status])).toEqual([
				[1, 'applied'],
				[2, 'applied'],
				[3, 'applied']
			]);
			expect((await getSite(fresh.db, 'mairie-lavit'))?.accessNotes).toBe(note(3));
			const again = await importPendingChanges(fresh.db, boss, data, now);
			expect(again.counts.applied).toBe(3);
			expect((await getSite(fresh.db, 'mairie-lavit'))?.accessNotes).toBe(note(3));
			const audits = await fresh.db
				.selectFrom('audit_log')
				.selectAll()
				.where('action', '=', 'sync.import')
				.execute();
			expect(audits).toHaveLength(2);
			expect(audits[0]?.actor_user_id).toBe(boss.id);
			// Out of the author's scope stays out: the same file for a site of another tour is refused.
			const other = {
				...data,
				clientId: 'appareil-perdu-0002',
				outbox: [
					{ id: 1, name: 'updateSiteAccessNotes@1', args: { siteId: 'mairie-dunes', base: '', value: 'x' } }
				]
			};
			const refused = await importPendingChanges(fresh.db, boss, other, now);
			expect(refused.results[0]?.status).toBe('rejected');
		} finally {
			await fresh.close();
		}
	});
});
