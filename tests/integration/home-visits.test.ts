import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { HomeVisitRequestInput } from '../../src/lib/contracts';
import { homeVisitRequestInput } from '../../src/lib/contracts';
import {
	anonymiseClosedRequests,
	createHomeVisitRequest,
	getHomeVisit,
	homeVisitAccessLog,
	listHomeVisits,
	transitionHomeVisit
} from '../../src/lib/server/services/home-visits';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

const REQUEST: HomeVisitRequestInput = {
	personName: 'Marcelle Dupuy',
	personPhone: '05 63 00 00 00',
	communeInsee: '82050',
	street: '12 chemin de la Garenne',
	accessNotes: 'Sonner fort, chien gentil',
	reasons: ['age', 'noTransport'],
	operatorId: null,
	subject: 'Déclaration de revenus en ligne',
	availability: {
		weekdays: [1, 2, 3, 4, 5],
		periods: ['morning', 'afternoon'],
		from: null,
		to: null,
		note: ''
	},
	consent: true
};

describe.each(engines)('home visits on $name', (engine) => {
	let ctx: AppContext;
	const now = new Date('2026-11-23T09:00:00Z');
	const who = {} as Record<'coordinator' | 'tour1' | 'tour2' | 'dunes' | 'valence' | 'admin', SessionUser>;

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		who.coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		who.tour1 = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		who.tour2 = await userByEmail(ctx, 'conseiller3@demo.tournees.fr');
		who.dunes = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
		who.valence = await userByEmail(ctx, 'relais.mds-valence@demo.tournees.fr');
		who.admin = await userByEmail(ctx, 'admin@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('validates a request: consent and at least one reason are required', () => {
		const noConsent = homeVisitRequestInput.safeParse({ ...REQUEST, consent: false });
		expect(noConsent.success).toBe(false);
		const noReason = homeVisitRequestInput.safeParse({ ...REQUEST, reasons: [] });
		expect(noReason.error?.issues[0]?.message).toMatch(/au moins une raison/);
	});

	it('scopes requests: the relay that made it, the tour of the area, the coordinator — nobody else', async () => {
		const made = await createHomeVisitRequest(ctx.db, who.dunes, REQUEST, now);
		expect(made.status).toBe('requested');
		// Dunes (82050) is served by tour 2's mairie.
		expect(made.tourId).toBe('tournee-2');
		for (const user of [who.dunes, who.tour2, who.coordinator]) {
			expect((await listHomeVisits(ctx.db, user)).map((v) => v.id)).toContain(made.id);
			expect((await getHomeVisit(ctx.db, user, made.id, now)).person?.name).toBe('Marcelle Dupuy');
		}
		for (const user of [who.valence, who.tour1]) {
			expect((await listHomeVisits(ctx.db, user)).map((v) => v.id)).not.toContain(made.id);
			await expect(getHomeVisit(ctx.db, user, made.id, now)).rejects.toMatchObject({ kind: 'notFound' });
		}
		await expect(listHomeVisits(ctx.db, who.admin)).rejects.toMatchObject({ kind: 'forbidden' });
		// Lists never carry identities.
		expect(JSON.stringify(await listHomeVisits(ctx.db, who.coordinator))).not.toContain('Dupuy');
		// Staff readings are logged (the relay's own are not: it entered the data).
		const log = await homeVisitAccessLog(ctx.db);
		const reads = log.filter((l) => l.action === 'homeVisit.read' && l.object_id === made.id);
		expect(reads.map((r) => r.display_name).sort()).toEqual(
			[who.coordinator.displayName, who.tour2.displayName].sort()
		);
	});

	it('allows no illegal transition, whoever asks', async () => {
		const v = await createHomeVisitRequest(ctx.db, who.dunes, REQUEST, now);
		await expect(transitionHomeVisit(ctx.db, who.dunes, v.id, { to: 'accepted' }, now)).rejects.toMatchObject(
			{ kind: 'conflict' }
		);
		await expect(transitionHomeVisit(ctx.db, who.tour2, v.id, { to: 'done' }, now)).rejects.toMatchObject({
			kind: 'conflict'
		});
		await expect(transitionHomeVisit(ctx.db, who.tour2, v.id, { to: 'refused' }, now)).rejects.toThrow(
			/raison/
		);
		await expect(transitionHomeVisit(ctx.db, who.tour1, v.id, { to: 'accepted' }, now)).rejects.toMatchObject(
			{ kind: 'notFound' }
		);
		await transitionHomeVisit(ctx.db, who.coordinator, v.id, { to: 'accepted' }, now);
		await expect(
			transitionHomeVisit(ctx.db, who.coordinator, v.id, { to: 'scheduled' }, now)
		).rejects.toThrow(/créneau/);
		const slot = { date: '2026-12-02', period: 'morning' as const, start: '09:30', end: '10:30' };
		const scheduled = await transitionHomeVisit(ctx.db, who.tour2, v.id, { to: 'scheduled', slot }, now);
		expect(scheduled.slot).toEqual(slot);
		// Rescheduling keeps the earlier slot in the history.
		const later = { ...slot, date: '2026-12-03' };
		await transitionHomeVisit(ctx.db, who.tour2, v.id, { to: 'scheduled', slot: later }, now);
		const detail = await getHomeVisit(ctx.db, who.coordinator, v.id, now);
		expect(detail.history.map((h) => h.slot?.date ?? null)).toEqual([null, null, '2026-12-02', '2026-12-03']);
		expect(detail.history.every((h) => h.actor)).toBe(true);
		await transitionHomeVisit(ctx.db, who.tour2, v.id, { to: 'done' }, now);
		await expect(
			transitionHomeVisit(ctx.db, who.coordinator, v.id, { to: 'cancelled', reason: 'trop tard' }, now)
		).rejects.toMatchObject({ kind: 'conflict' });
		// The relay sees the state, not more.
		expect((await listHomeVisits(ctx.db, who.dunes)).find((x) => x.id === v.id)?.status).toBe('done');
	});

	it('the same slot taken twice: the first wins, the second is refused with a reason', async () => {
		const a = await createHomeVisitRequest(ctx.db, who.dunes, REQUEST, now);
		const b = await createHomeVisitRequest(ctx.db, who.dunes, { ...REQUEST, personName: 'Jean Roques' }, now);
		for (const id of [a.id, b.id])
			await transitionHomeVisit(ctx.db, who.coordinator, id, { to: 'accepted' }, now);
		const slot = { date: '2026-12-10', period: 'afternoon' as const, start: '14:00', end: '15:00' };
		await transitionHomeVisit(ctx.db, who.tour2, a.id, { to: 'scheduled', slot }, now);
		await expect(
			transitionHomeVisit(
				ctx.db,
				who.coordinator,
				b.id,
				{ to: 'scheduled', slot: { ...slot, start: '14:30', end: '15:30' } },
				now
			)
		).rejects.toThrow(/Chevauche une autre visite/);
		expect((await getHomeVisit(ctx.db, who.coordinator, b.id, now)).status).toBe('accepted');
	});

	it('anonymises closed requests after the retention period, keeping the anonymous fields', async () => {
		const v = await createHomeVisitRequest(ctx.db, who.dunes, { ...REQUEST, personName: 'Paule Cazes' }, now);
		await transitionHomeVisit(
			ctx.db,
			who.dunes,
			v.id,
			{ to: 'cancelled', reason: 'Elle a trouvé de l’aide' },
			now
		);
		const open = await createHomeVisitRequest(
			ctx.db,
			who.dunes,
			{ ...REQUEST, personName: 'Louis Ouvert' },
			now
		);
		expect(await anonymiseClosedRequests(ctx.db, new Date('2027-01-15T00:00:00Z'), 92)).toBe(0);
		const later = new Date('2027-03-01T00:00:00Z');
		expect(await anonymiseClosedRequests(ctx.db, later, 92)).toBeGreaterThanOrEqual(1);
		const gone = await getHomeVisit(ctx.db, who.coordinator, v.id, later);
		expect(gone.person).toBeNull();
		expect(gone).toMatchObject({ communeInsee: '82050', status: 'cancelled', subject: REQUEST.subject });
		expect(gone.reasons).toEqual(['age', 'noTransport']);
		const row = await ctx.db
			.selectFrom('home_visit_requests')
			.selectAll()
			.where('id', '=', v.id)
			.executeTakeFirstOrThrow();
		expect([row.person_name, row.person_phone, row.street, row.access_notes]).toEqual(['', '', '', '']);
		// An open request keeps its data, however old.
		expect((await getHomeVisit(ctx.db, who.coordinator, open.id, later)).person?.name).toBe('Louis Ouvert');
	});
});

describe.each(engines)('home visits in the adviser’s offline agenda on $name', (engine) => {
	let ctx: AppContext;
	const now = new Date('2026-11-23T09:00:00Z');

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('reaches the tour’s devices only, logged; the outcome recorded offline is applied once, or rejected if cancelled meanwhile', async () => {
		const { pull } = await import('../../src/lib/server/sync/pull');
		const { push } = await import('../../src/lib/server/sync/push');
		const coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		const dunes = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
		const tour2 = await userByEmail(ctx, 'conseiller3@demo.tournees.fr');
		const tour1 = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		const a = await createHomeVisitRequest(ctx.db, dunes, REQUEST, now);
		const b = await createHomeVisitRequest(ctx.db, dunes, { ...REQUEST, personName: 'Jean Roques' }, now);
		for (const [v, date] of [
			[a, '2026-12-01'],
			[b, '2026-12-08']
		] as const) {
			await transitionHomeVisit(ctx.db, coordinator, v.id, { to: 'accepted' }, now);
			await transitionHomeVisit(
				ctx.db,
				coordinator,
				v.id,
				{ to: 'scheduled', slot: { date, period: 'morning', start: '10:00', end: '11:00' } },
				now
			);
		}
		const first = await pull(ctx.db, tour2, 'agenda-tour2-0001', null, now);
		expect(first.changes.homeVisits?.map((v) => v.personName).sort()).toEqual([
			'Jean Roques',
			'Marcelle Dupuy'
		]);
		expect((await pull(ctx.db, tour1, 'agenda-tour1-0001', null, now)).changes.homeVisits).toBeUndefined();
		expect((await pull(ctx.db, dunes, 'agenda-dunes-0001', null, now)).changes.homeVisits).toBeUndefined();
		const logged = (await homeVisitAccessLog(ctx.db)).filter(
			(l) => l.action === 'homeVisit.read' && l.display_name === tour2.displayName
		);
		expect(logged.length).toBe(2);

		// Offline, the adviser marks both; meanwhile the coordinator cancels the second.
		await transitionHomeVisit(ctx.db, coordinator, b.id, { to: 'cancelled', reason: 'Hospitalisée' }, now);
		const answer = await push(
			ctx.db,
			tour2,
			{
				clientId: 'agenda-tour2-0001',
				schemaVersion: 1,
				mutations: [
					{
						id: 1,
						name: 'recordHomeVisitOutcome@1',
						args: { visitId: a.id, outcome: 'done', note: 'Déclaration faite' }
					},
					{ id: 2, name: 'recordHomeVisitOutcome@1', args: { visitId: b.id, outcome: 'done', note: '' } }
				]
			},
			now
		);
		expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
		expect(answer.results[1]?.reason).toMatch(/annulée/);
		expect((await listHomeVisits(ctx.db, dunes)).find((v) => v.id === a.id)?.status).toBe('done');
		const again = await pull(ctx.db, tour2, 'agenda-tour2-0001', first.cursor, now);
		expect(again.changes.homeVisits?.map((v) => [v.id, v.status]).sort()).toEqual(
			[
				[a.id, 'done'],
				[b.id, 'cancelled']
			].sort()
		);
		// Once anonymised, the devices forget the person.
		await anonymiseClosedRequests(ctx.db, new Date('2027-06-01T00:00:00Z'), 92);
		const after = await pull(ctx.db, tour2, 'agenda-tour2-0001', again.cursor, now);
		expect(after.deletes.homeVisits?.sort()).toEqual([a.id, b.id].sort());
	});

	it('two devices book the same slot offline: the first to sync wins, the second is rejected with the clash', async () => {
		const { pull } = await import('../../src/lib/server/sync/pull');
		const { push } = await import('../../src/lib/server/sync/push');
		const coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		const dunes = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
		const a3 = await userByEmail(ctx, 'conseiller3@demo.tournees.fr');
		const a4 = await userByEmail(ctx, 'conseiller4@demo.tournees.fr');
		const x = await createHomeVisitRequest(ctx.db, dunes, { ...REQUEST, personName: 'Xavier' }, now);
		const y = await createHomeVisitRequest(ctx.db, dunes, { ...REQUEST, personName: 'Yvette' }, now);
		for (const v of [x, y]) await transitionHomeVisit(ctx.db, coordinator, v.id, { to: 'accepted' }, now);
		// Accepted requests reach the tour's devices, to be planned there.
		const pulled = await pull(ctx.db, a3, 'agenda-a3-0001', null, now);
		expect(
			pulled.changes.homeVisits?.filter((v) => v.status === 'accepted').map((v) => v.personName)
		).toEqual(expect.arrayContaining(['Xavier', 'Yvette']));
		const slot = { date: '2026-12-16', period: 'afternoon' as const, start: '14:00', end: '15:00' };
		const first = await push(
			ctx.db,
			a3,
			{
				clientId: 'agenda-a3-0001',
				schemaVersion: 1,
				mutations: [{ id: 1, name: 'scheduleHomeVisit@1', args: { visitId: x.id, slot } }]
			},
			now
		);
		expect(first.results[0]?.status).toBe('applied');
		const second = await push(
			ctx.db,
			a4,
			{
				clientId: 'agenda-a4-0001',
				schemaVersion: 1,
				mutations: [{ id: 1, name: 'scheduleHomeVisit@1', args: { visitId: y.id, slot } }]
			},
			now
		);
		expect(second.results[0]).toMatchObject({
			status: 'rejected',
			reason: expect.stringMatching(/Chevauche/)
		});
		expect((await getHomeVisit(ctx.db, coordinator, y.id, now)).status).toBe('accepted');
	});
});
