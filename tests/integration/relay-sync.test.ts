import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { pull } from '../../src/lib/server/sync/pull';
import { transitionHomeVisit } from '../../src/lib/server/services/home-visits';
import { enginesUnderTest } from './engines';
import { deviceSender, userByEmail } from './users';

const engines = await enginesUnderTest();

/**
 * A relay's offline space (issue 3): its device holds its own requests, without the person's
 * data, and a request entered offline is a `requestHomeVisit@1` mutation.
 */
describe.each(engines)('a relay’s requests through the sync on $name', (engine) => {
	let ctx: AppContext;
	let dunes: SessionUser;
	let valence: SessionUser;
	let coordinator: SessionUser;
	const now = new Date('2026-11-23T09:00:00Z');
	const send = deviceSender(() => ctx.db, now);
	const request = (personName: string) => ({
		personName,
		personPhone: '05 63 00 00 00',
		communeInsee: '82050',
		street: '12 chemin de la Garenne',
		accessNotes: 'Portail vert',
		reasons: ['age'],
		operatorId: null,
		subject: 'Dossier de retraite',
		availability: { weekdays: [1, 2], periods: ['morning'], from: null, to: null, note: '' },
		consent: true
	});

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		dunes = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
		valence = await userByEmail(ctx, 'relais.mds-valence@demo.tournees.fr');
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('creates the request under the device’s id, once, and the relay’s device receives it without personal data', async () => {
		const requestId = randomUUID();
		const first = await pull(ctx.db, dunes, 'relay-dunes-1', null, now);
		const result = await send(dunes, 'relay-dunes-1', 'requestHomeVisit@1', {
			requestId,
			request: request('Marcelle Hors-Ligne')
		});
		expect(result.status).toBe('applied');
		const row = await ctx.db
			.selectFrom('home_visit_requests')
			.selectAll()
			.where('id', '=', requestId)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			person_name: 'Marcelle Hors-Ligne',
			status: 'requested',
			created_by: dunes.id
		});
		expect(row.relay_organisation_id).toBe(dunes.relayOrganisationId);

		// Sent again (a device that lost the answer and queued it anew): the same request, not a second one.
		expect(
			(
				await send(dunes, 'relay-dunes-1', 'requestHomeVisit@1', {
					requestId,
					request: request('Marcelle Hors-Ligne')
				})
			).status
		).toBe('applied');
		const count = await ctx.db
			.selectFrom('home_visit_requests')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('person_name', '=', 'Marcelle Hors-Ligne')
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);

		const delta = await pull(ctx.db, dunes, 'relay-dunes-1', first.cursor, now);
		const mine = delta.changes.relayRequests?.find((r) => r.id === requestId);
		expect(mine).toEqual({
			id: requestId,
			createdAt: now.toISOString(),
			communeInsee: '82050',
			subject: 'Dossier de retraite',
			status: 'requested',
			slotDate: null,
			slotPeriod: null,
			slotStart: null
		});
		// Nothing of the person travels to the relay's device.
		expect(JSON.stringify(delta)).not.toContain('Marcelle');
		expect(JSON.stringify(delta)).not.toContain('Garenne');
		expect(delta.changes.homeVisits).toBeUndefined();

		// The state changes reach the relay: accepted by the coordination.
		await transitionHomeVisit(ctx.db, coordinator, requestId, { to: 'accepted' }, now);
		const later = await pull(ctx.db, dunes, 'relay-dunes-1', delta.cursor, now);
		expect(later.changes.relayRequests).toEqual([
			expect.objectContaining({ id: requestId, status: 'accepted' })
		]);
	});

	it('gives a relay only its own requests, and refuses an id already taken by someone else', async () => {
		const requestId = randomUUID();
		expect(
			(
				await send(dunes, 'relay-dunes-2', 'requestHomeVisit@1', {
					requestId,
					request: request('Paul Dunes')
				})
			).status
		).toBe('applied');
		const other = await pull(ctx.db, valence, 'relay-valence-1', null, now);
		expect((other.changes.relayRequests ?? []).map((r) => r.id)).not.toContain(requestId);
		const stolen = await send(valence, 'relay-valence-1', 'requestHomeVisit@1', {
			requestId,
			request: request('Intrus')
		});
		expect(stolen).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/déjà pris/) });
		// Staff scopes do not hold relay rows.
		const staff = await pull(ctx.db, coordinator, 'coord-relay-check', null, now);
		expect(staff.changes.relayRequests).toBeUndefined();
	});

	it('refuses a request without consent or with bad fields, naming them, and creates nothing', async () => {
		const before = await ctx.db
			.selectFrom('home_visit_requests')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		const res = await send(dunes, 'relay-dunes-3', 'requestHomeVisit@1', {
			requestId: randomUUID(),
			request: { ...request('=cmd|calc'), consent: false, communeInsee: '99999', reasons: [] }
		});
		expect(res.status).toBe('rejected');
		expect(res.reason).toMatch(/^Données invalides — /);
		expect(res.reason).toMatch(/accord de la personne/);
		expect(res.reason).toMatch(/au moins une raison/);
		const after = await ctx.db
			.selectFrom('home_visit_requests')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
		// An admin account cannot request visits.
		const admin = await userByEmail(ctx, 'admin@demo.tournees.fr');
		const byAdmin = await send(admin, 'admin-device-1', 'requestHomeVisit@1', {
			requestId: randomUUID(),
			request: request('Admin')
		});
		expect(byAdmin).toMatchObject({
			status: 'rejected',
			reason: 'Votre rôle ne permet pas cette modification.'
		});
	});
});
