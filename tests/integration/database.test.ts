import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import { MIGRATIONS } from '../../src/lib/server/db/migrate';
import { login } from '../../src/lib/server/auth/login';
import { IDLE_TIMEOUT_HOURS, listOpenSessions, validateSession } from '../../src/lib/server/auth/session';
import { displayNameOf, listAdvisers, updateAccount } from '../../src/lib/server/services/accounts';
import { userByEmail } from './users';
import { MAX_FAILURES_PER_ACCOUNT } from '../../src/lib/server/auth/rate-limit';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/users';
import { dropOldSchemas, enginesUnderTest } from './engines';

const engines = await enginesUnderTest();
await dropOldSchemas();

async function counts(ctx: AppContext) {
	const out: Record<string, number> = {};
	for (const table of [
		'communes',
		'vehicles',
		'tours',
		'sites',
		'operators',
		'relay_organisations',
		'users'
	] as const) {
		const row = await ctx.db
			.selectFrom(table)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		out[table] = Number(row.n);
	}
	return out;
}

describe.each(engines)('database on $name', (engine) => {
	const env = engine.freshEnv();
	const opened: AppContext[] = [];
	let clock = new Date('2026-11-23T09:00:00Z');
	const open = async (extra: Record<string, string> = {}) => {
		const ctx = await createApp(readConfig({ ...env, DEMO: 'true', ...extra }), () => clock);
		opened.push(ctx);
		return ctx;
	};
	afterAll(async () => {
		for (const ctx of opened) await ctx.close();
	});

	it('runs every migration at start and records them', async () => {
		const ctx = await open();
		expect(ctx.engine).toBe(engine.name);
		const applied = await ctx.db
			.selectFrom('kysely_migration' as never)
			.select('name' as never)
			.execute();
		expect(applied.map((r) => (r as { name: string }).name)).toEqual(Object.keys(MIGRATIONS));
	});

	it('seeds the referential once: a second start changes nothing and keeps edits', async () => {
		const first = await open();
		const before = await counts(first);
		expect(before).toMatchObject({
			communes: 195,
			sites: 27,
			tours: 3,
			vehicles: 3,
			operators: 9,
			relay_organisations: 36
		});
		expect(before.users).toBe(10);
		await first.db
			.updateTable('sites')
			.set({ address: '1 place de la Mairie, 82120 Lavit', address_to_confirm: 0 })
			.where('id', '=', 'mairie-lavit')
			.execute();
		const second = await open();
		expect(await counts(second)).toEqual(before);
		const lavit = await second.db
			.selectFrom('sites')
			.selectAll()
			.where('id', '=', 'mairie-lavit')
			.executeTakeFirstOrThrow();
		expect(lavit.address).toBe('1 place de la Mairie, 82120 Lavit');
		expect(lavit.address_to_confirm).toBe(0);
	});

	it('deactivates demo accounts outside demo mode', async () => {
		const ctx = await open({ DEMO: 'false' });
		const result = await login(
			ctx.db,
			ctx.sessionSecret,
			{ email: 'admin@demo.tournees.fr', password: DEMO_PASSWORD, ip: '10.0.0.9', userAgent: 't' },
			clock
		);
		expect(result.ok).toBe(false);
		await open(); // demo mode again re-enables them
	});

	it('opens a session on login, and ends it after the idle timeout', async () => {
		const ctx = await open();
		const result = await login(
			ctx.db,
			ctx.sessionSecret,
			{
				email: 'coordination@demo.tournees.fr',
				password: DEMO_PASSWORD,
				ip: '10.0.0.1',
				userAgent: 'vitest'
			},
			clock
		);
		if (!result.ok) throw new Error('login failed');
		expect(await validateSession(ctx.db, ctx.sessionSecret, result.token, clock)).toMatchObject({
			user: { role: 'coordinator' }
		});
		const later = new Date(clock.getTime() + IDLE_TIMEOUT_HOURS.coordinator * 3_600_000 + 1000);
		expect(await validateSession(ctx.db, ctx.sessionSecret, result.token, later)).toBeNull();
		// The stored id is a keyed hash, never the token itself.
		const stored = await ctx.db.selectFrom('sessions').select('id').execute();
		expect(stored.some((s) => s.id === result.token)).toBe(false);
	});

	it('lists the advisers, former ones only on request, and names an account', async () => {
		const ctx = await open();
		const coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		const advisers = await listAdvisers(ctx.db);
		expect(advisers.length).toBeGreaterThanOrEqual(2);
		const names = advisers.map((a) => a.displayName);
		expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
		expect(advisers.every((a) => a.active && a.tourId)).toBe(true);
		const leaving = advisers[0]!;
		await updateAccount(ctx.db, coordinator, leaving.id, { active: false }, clock);
		try {
			expect((await listAdvisers(ctx.db)).map((a) => a.id)).not.toContain(leaving.id);
			const all = await listAdvisers(ctx.db, { includeFormer: true });
			expect(all.find((a) => a.id === leaving.id)).toMatchObject({
				active: false,
				displayName: leaving.displayName
			});
			expect(all).toHaveLength(advisers.length);
		} finally {
			await updateAccount(ctx.db, coordinator, leaving.id, { active: true }, clock);
		}
		expect(await displayNameOf(ctx.db, leaving.id)).toBe(leaving.displayName);
		expect(await displayNameOf(ctx.db, 'no-such-account')).toBeNull();
	});

	it("lists a user's open sessions, the most recently used first, and none once they expire", async () => {
		const ctx = await open();
		const signIn = async (userAgent: string, at: Date) => {
			const result = await login(
				ctx.db,
				ctx.sessionSecret,
				{ email: 'conseiller2@demo.tournees.fr', password: DEMO_PASSWORD, ip: '10.0.0.9', userAgent },
				at
			);
			if (!result.ok) throw new Error('login failed');
		};
		const user = await userByEmail(ctx, 'conseiller2@demo.tournees.fr');
		const before = (await listOpenSessions(ctx.db, user.id, clock)).length;
		await signIn('Laptop of the van', clock);
		await signIn('Phone of the adviser', new Date(clock.getTime() + 60_000));
		const open2 = await listOpenSessions(ctx.db, user.id, new Date(clock.getTime() + 120_000));
		expect(open2).toHaveLength(before + 2);
		expect(open2.slice(0, 2).map((s) => s.userAgent)).toEqual(['Phone of the adviser', 'Laptop of the van']);
		const muchLater = new Date(clock.getTime() + 30 * 86_400_000);
		expect(await listOpenSessions(ctx.db, user.id, muchLater)).toEqual([]);
	});

	it('an adviser stays signed in across a weekend offline', async () => {
		const ctx = await open();
		const result = await login(
			ctx.db,
			ctx.sessionSecret,
			{ email: 'conseiller1@demo.tournees.fr', password: DEMO_PASSWORD, ip: '10.0.0.2', userAgent: 'vitest' },
			clock
		);
		if (!result.ok) throw new Error('login failed');
		const monday = new Date(clock.getTime() + 60 * 3_600_000);
		expect(await validateSession(ctx.db, ctx.sessionSecret, result.token, monday)).not.toBeNull();
	});

	it('locks an account after repeated failures, then lets it in after the window', async () => {
		const ctx = await open();
		const attempt = (password: string, at: Date) =>
			login(
				ctx.db,
				ctx.sessionSecret,
				{ email: 'conseiller6@demo.tournees.fr', password, ip: '10.0.0.3', userAgent: 'vitest' },
				at
			);
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++)
			expect(await attempt('mauvais mot de passe', clock)).toEqual({ ok: false, reason: 'invalid' });
		expect(await attempt('mauvais mot de passe', clock)).toMatchObject({ ok: false, reason: 'locked' });
		// Even the right password is refused while locked.
		expect(await attempt(DEMO_PASSWORD, clock)).toMatchObject({ ok: false, reason: 'locked' });
		clock = new Date(clock.getTime() + 16 * 60_000);
		expect(await attempt(DEMO_PASSWORD, clock)).toMatchObject({ ok: true });
	});
});

describe.each(engines)('sync bookkeeping on $name', (engine) => {
	const env = engine.freshEnv();
	let ctx: AppContext;
	afterAll(async () => {
		await ctx?.close();
	});

	it('a cursor older than the pruned tombstones gets a full resync; a recent one an incremental pull', async () => {
		const { pull } = await import('../../src/lib/server/sync/pull');
		const { pruneTombstones, nextVersion, tombstone } = await import('../../src/lib/server/sync/versions');
		ctx = await createApp(readConfig({ ...env, DEMO: 'true' }), () => new Date('2026-11-23T09:00:00Z'));
		const u = await ctx.db
			.selectFrom('users')
			.selectAll()
			.where('email', '=', 'conseiller1@demo.tournees.fr')
			.executeTakeFirstOrThrow();
		const user = {
			id: u.id,
			email: u.email,
			displayName: u.display_name,
			role: 'adviser' as const,
			adviserKind: u.adviser_kind,
			tourId: u.tour_id,
			relayOrganisationId: null
		};
		const first = await pull(ctx.db, user, 'device-prune-01', null, ctx.now());
		expect(first.reset).toBe(true);
		for (let i = 0; i < 5; i++)
			await tombstone(ctx.db, await nextVersion(ctx.db), 'sites', `ancien-${i}`, 'tour:tournee-1');
		const incremental = await pull(ctx.db, user, 'device-prune-01', first.cursor, ctx.now());
		expect(incremental.reset).toBe(false);
		expect(incremental.deletes.sites).toHaveLength(5);
		expect(await pruneTombstones(ctx.db, 2)).toBe(3);
		const afterPrune = await pull(ctx.db, user, 'device-prune-01', first.cursor, ctx.now());
		expect(afterPrune.reset).toBe(true);
		expect(afterPrune.changes.sites?.length).toBe(9);
		const fresh = await pull(ctx.db, user, 'device-prune-01', incremental.cursor, ctx.now());
		expect(fresh.reset).toBe(false);
	});
});
