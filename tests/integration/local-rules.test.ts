import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { getLocalRules, updateLocalRules } from '../../src/lib/server/services/local-rules';
import { plannerContext } from '../../src/lib/server/services/plan-proposals';
import { pull } from '../../src/lib/server/sync/pull';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

describe.each(engines)('the département’s rules on $name', (engine) => {
	let ctx: AppContext;
	let coordinator: SessionUser;
	let adviser: SessionUser;
	let relay: SessionUser;
	const now = new Date('2026-11-23T09:00:00Z');

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		adviser = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		relay = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('starts from the département’s defaults, which the planner uses', async () => {
		expect(await getLocalRules(ctx.db)).toEqual({
			minSpacingDays: 10,
			level2ResponseDays: 15,
			crewWithDigitalAdviser: true,
			idleLockMinutes: 15,
			updatedAt: '1970-01-01T00:00:00.000Z',
			updatedBy: null
		});
		expect((await plannerContext(ctx.db, '2026-11-23')).rules).toEqual({
			minSpacingDays: 10,
			crewWithDigitalAdviser: true
		});
	});

	it('reaches staff devices, not relays, and again when the coordination changes them', async () => {
		const first = await pull(ctx.db, adviser, 'appareil-regles-1', null, now);
		expect(first.changes.localRules).toEqual([
			{
				id: 'departement',
				minSpacingDays: 10,
				level2ResponseDays: 15,
				crewWithDigitalAdviser: true,
				idleLockMinutes: 15
			}
		]);
		const coordination = await pull(ctx.db, coordinator, 'appareil-regles-2', null, now);
		expect(coordination.changes.localRules).toHaveLength(1);
		expect((await pull(ctx.db, relay, 'appareil-regles-3', null, now)).changes.localRules).toBeUndefined();
		// Nothing new: nothing sent again.
		const idle = await pull(ctx.db, adviser, 'appareil-regles-1', first.cursor, now);
		expect(idle.changes.localRules).toBeUndefined();

		const later = new Date('2026-11-24T10:00:00Z');
		const saved = await updateLocalRules(
			ctx.db,
			coordinator,
			{ minSpacingDays: 12, level2ResponseDays: 20, crewWithDigitalAdviser: false, idleLockMinutes: 5 },
			later
		);
		expect(saved).toMatchObject({
			minSpacingDays: 12,
			level2ResponseDays: 20,
			crewWithDigitalAdviser: false,
			idleLockMinutes: 5,
			updatedAt: later.toISOString(),
			updatedBy: coordinator.id
		});
		const delta = await pull(ctx.db, adviser, 'appareil-regles-1', idle.cursor, later);
		expect(delta.reset).toBe(false);
		expect(delta.changes.localRules).toEqual([
			{
				id: 'departement',
				minSpacingDays: 12,
				level2ResponseDays: 20,
				crewWithDigitalAdviser: false,
				idleLockMinutes: 5
			}
		]);
		expect((await plannerContext(ctx.db, '2026-11-24')).rules).toEqual({
			minSpacingDays: 12,
			crewWithDigitalAdviser: false
		});

		const log = await ctx.db
			.selectFrom('audit_log')
			.select(['actor_user_id', 'details'])
			.where('action', '=', 'rules.update')
			.execute();
		expect(log).toHaveLength(1);
		expect(log[0]?.actor_user_id).toBe(coordinator.id);
		expect(JSON.parse(String(log[0]?.details))).toEqual({
			before: {
				minSpacingDays: 10,
				level2ResponseDays: 15,
				crewWithDigitalAdviser: true,
				idleLockMinutes: 15
			},
			after: { minSpacingDays: 12, level2ResponseDays: 20, crewWithDigitalAdviser: false, idleLockMinutes: 5 }
		});
	});
});
