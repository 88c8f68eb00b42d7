import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { MAX_TRANSIENT_FAILURES, push, TransientSyncError } from '../../src/lib/server/sync/push';
import { MutationRejected, SERVER_MUTATIONS } from '../../src/lib/server/sync/mutations';
import { getSite } from '../../src/lib/server/services/referential';
import { currentVersion } from '../../src/lib/server/sync/versions';
import type { MutationEnvelope } from '../../src/lib/sync/protocol';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();
const NAME = 'updateSiteAccessNotes@1';
const original = SERVER_MUTATIONS[NAME].apply;

/**
 * Fault injection: the mutation whose value is `poisoned` writes, then fails (a refusal by the
 * rules, or a technical fault). The real mutation runs first, so its writes must be undone.
 */
function poison(poisoned: string, failure: () => Error) {
	SERVER_MUTATIONS[NAME].apply = async (db, user, args, now) => {
		const outcome = await original(db, user, args, now);
		if (args.value === poisoned) throw failure();
		return outcome;
	};
}

describe.each(engines)('push: one savepoint per mutation, one commit per batch, on $name', (engine) => {
	let ctx: AppContext;
	let adviser: SessionUser;
	const now = new Date('2026-11-23T09:00:00Z');
	const site = 'mairie-lavit';
	const notes = async () => (await getSite(ctx.db, site))?.accessNotes;
	const batch = (tag: string, values: string[], first = 1): MutationEnvelope[] =>
		values.map((value, i) => ({
			id: first + i,
			name: NAME,
			args: { siteId: site, base: i === 0 ? '' : `${tag} ${values[i - 1]}`, value: `${tag} ${value}` }
		}));

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		adviser = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
	});
	afterEach(() => {
		SERVER_MUTATIONS[NAME].apply = original;
	});
	afterAll(async () => {
		SERVER_MUTATIONS[NAME].apply = original;
		await ctx?.close();
	});

	it('a refusal in the middle of a batch undoes only its own writes', async () => {
		// The first note starts from the site's current (empty) notes.
		await ctx.db.updateTable('sites').set({ access_notes: '' }).where('id', '=', site).execute();
		poison('A deux', () => new MutationRejected('Refus simulé.'));
		const mutations = batch('A', ['un', 'deux', 'trois']);
		// The third edit was made on top of the second: with the second undone, it must conflict
		// on its base ("A deux") — proof that the refused mutation's write did not stay.
		const res = await push(
			ctx.db,
			adviser,
			{ clientId: 'push-savepoints-a', schemaVersion: 1, mutations },
			now
		);
		expect(res.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'conflict']);
		expect(res.results[1]?.reason).toBe('Refus simulé.');
		expect(res.lastMutationId).toBe(3);
		expect(await notes()).toContain('A un');
		expect(await notes()).not.toContain('A deux');
		// A replay of the whole batch answers the recorded outcomes and changes nothing.
		const before = await notes();
		const again = await push(
			ctx.db,
			adviser,
			{ clientId: 'push-savepoints-a', schemaVersion: 1, mutations },
			now
		);
		expect(again.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'conflict']);
		expect(await notes()).toBe(before);
	});

	it('a run shares one version, taken anew when the mutation that took it is undone', async () => {
		await ctx.db.updateTable('sites').set({ access_notes: '' }).where('id', '=', site).execute();
		// The first mutation writes (taking the version), then is refused: its savepoint takes the
		// counter back, so the next one must take the version again rather than reuse it.
		poison('D un', () => new MutationRejected('Refus simulé.'));
		const before = await currentVersion(ctx.db);
		const res = await push(
			ctx.db,
			adviser,
			{ clientId: 'push-savepoints-d', schemaVersion: 1, mutations: batch('D', ['un', 'deux', 'trois']) },
			now
		);
		expect(res.results.map((r) => r.status)).toEqual(['rejected', 'conflict', 'applied']);
		const row = await ctx.db
			.selectFrom('sites')
			.select('version')
			.where('id', '=', site)
			.executeTakeFirstOrThrow();
		// One version for the run's changes, and the counter says so: a pull from before sees them.
		expect(await currentVersion(ctx.db)).toBe(before + 1);
		expect(Number(row.version)).toBe(before + 1);
	});

	it('a technical fault keeps what came before, and a repeated one becomes a rejection that unblocks the queue', async () => {
		await ctx.db.updateTable('sites').set({ access_notes: '' }).where('id', '=', site).execute();
		poison('B deux', () => new Error('panne simulée du disque'));
		const clientId = 'push-savepoints-b';
		const mutations = batch('B', ['un', 'deux', 'trois']);
		for (let attempt = 1; attempt < MAX_TRANSIENT_FAILURES; attempt++) {
			await expect(push(ctx.db, adviser, { clientId, schemaVersion: 1, mutations }, now)).rejects.toThrow(
				TransientSyncError
			);
			// The first mutation is committed; the failing one left nothing behind.
			expect(await notes()).toBe('B un');
			const client = await ctx.db
				.selectFrom('sync_clients')
				.select('last_mutation_id')
				.where('client_id', '=', clientId)
				.executeTakeFirstOrThrow();
			expect(client.last_mutation_id).toBe(1);
		}
		const res = await push(ctx.db, adviser, { clientId, schemaVersion: 1, mutations }, now);
		expect(res.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'conflict']);
		expect(res.results[1]?.reason).toMatch(/plusieurs essais/);
		expect(res.lastMutationId).toBe(3);
	});

	it('a long batch is applied in order, each mutation once', async () => {
		await ctx.db.updateTable('sites').set({ access_notes: '' }).where('id', '=', site).execute();
		const values = Array.from({ length: 120 }, (_, i) => `n${i}`);
		const mutations = batch('C', values);
		const res = await push(
			ctx.db,
			adviser,
			{ clientId: 'push-savepoints-c', schemaVersion: 1, mutations },
			now
		);
		expect(res.results.every((r) => r.status === 'applied')).toBe(true);
		expect(await notes()).toBe('C n119');
		const recorded = await ctx.db
			.selectFrom('sync_outcomes')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('client_id', '=', 'push-savepoints-c')
			.executeTakeFirstOrThrow();
		expect(Number(recorded.n)).toBe(120);
	});
});
