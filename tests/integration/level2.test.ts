import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { pull } from '../../src/lib/server/sync/pull';
import {
	createCorrespondent,
	eraseStaleCaseContacts,
	updateCorrespondent
} from '../../src/lib/server/services/level2';
import { enginesUnderTest } from './engines';
import { activityRecord } from './fixtures';
import { deviceSender, userByEmail } from './users';

const engines = await enginesUnderTest();

/** Level-2 follow-up (issue 6, item 2): a handover becomes a case, followed offline until closed. */
describe.each(engines)('level-2 cases through the sync on $name', (engine) => {
	let ctx: AppContext;
	let adviser1: SessionUser;
	let adviser3: SessionUser;
	let coordinator: SessionUser;
	let relay: SessionUser;
	const now = new Date('2026-11-23T15:00:00Z');
	const send = deviceSender(() => ctx.db, now);
	let cafCorrespondent: string;
	let msaCorrespondent: string;

	const correspondent = (operatorId: string, name: string) => ({
		operatorId,
		name,
		title: 'Conseillère référente France Services',
		email: `${name.toLowerCase().replace(/\W/g, '.')}@exemple.fr`,
		phone: '05 63 00 00 00',
		area: 'Tarn-et-Garonne',
		active: true
	});

	/** A level-2 record of adviser 1 for `operator`, stored; its id. */
	async function level2Record(operator = 'caf'): Promise<string> {
		const recordId = randomUUID();
		const res = await send(adviser1, 'adv1-phone', 'recordActivity@1', {
			recordId,
			record: activityRecord({ level: 2, operator })
		});
		expect(res.status).toBe('applied');
		return recordId;
	}

	const opening = (recordId: string, fields: Record<string, unknown> = {}) => ({
		caseId: randomUUID(),
		recordId,
		correspondentId: cafCorrespondent,
		subject: 'Dossier de prime d’activité bloqué depuis septembre',
		contact: 'Mme D., 06 12 34 56 78',
		transmittedOn: '2026-11-23',
		dueOn: '2026-12-08',
		...fields
	});

	const caseRow = (id: string) =>
		ctx.db.selectFrom('level2_cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

	beforeAll(async () => {
		ctx = await createApp(readConfig({ ...engine.freshEnv(), DEMO: 'true' }), () => now);
		adviser1 = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		adviser3 = await userByEmail(ctx, 'conseiller3@demo.tournees.fr');
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		relay = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
		cafCorrespondent = (
			await createCorrespondent(ctx.db, coordinator, correspondent('caf', 'Anne Martin'), now)
		).id;
		msaCorrespondent = (
			await createCorrespondent(ctx.db, coordinator, correspondent('msa', 'Paul Roux'), now)
		).id;
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('opens a case once for a level-2 record, handed to a correspondent of its operator', async () => {
		const recordId = await level2Record();
		const args = opening(recordId);
		expect(await send(adviser1, 'adv1-phone', 'openLevel2Case@1', args)).toMatchObject({ status: 'applied' });
		// The same case again from another device (the first answer lost): one case.
		expect(await send(adviser1, 'adv1-laptop', 'openLevel2Case@1', args)).toMatchObject({
			status: 'applied'
		});
		const rows = await ctx.db
			.selectFrom('level2_cases')
			.selectAll()
			.where('activity_record_id', '=', recordId)
			.execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			id: args.caseId,
			operator: 'caf',
			state: 'transmitted',
			correspondent_id: cafCorrespondent,
			adviser_id: adviser1.id,
			tour_id: adviser1.tourId,
			due_on: '2026-12-08'
		});
	});

	it('refuses, with the reason, a case the rules do not allow, and stores nothing', async () => {
		const recordId = await level2Record();
		const level1 = randomUUID();
		await send(adviser1, 'adv1-phone', 'recordActivity@1', { recordId: level1, record: activityRecord() });
		const theirs = randomUUID();
		await send(adviser3, 'adv3-phone', 'recordActivity@1', {
			recordId: theirs,
			record: activityRecord({ level: 2, operator: 'caf' })
		});
		const taken = await level2Record();
		await send(adviser1, 'adv1-phone', 'openLevel2Case@1', opening(taken));
		const cases: [Record<string, unknown>, RegExp][] = [
			[opening(level1), /Seule une fiche de niveau 2/],
			[opening(theirs), /n’est pas la vôtre/],
			[opening(randomUUID()), /n’existe pas/],
			[opening(recordId, { correspondentId: msaCorrespondent }), /pas \(ou plus\) celui de l’organisme/],
			[opening(taken), /déjà un dossier/],
			[opening(recordId, { dueOn: '2026-11-01' }), /précéder la transmission/],
			[opening(recordId, { transmittedOn: '2026-06-01', dueOn: '2026-06-15' }), /il y a 60 jours/],
			[opening(recordId, { subject: 'x' }), /Données invalides/]
		];
		const count = async () =>
			Number(
				(
					await ctx.db
						.selectFrom('level2_cases')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await count();
		for (const [args, reason] of cases) {
			const res = await send(adviser1, 'adv1-phone', 'openLevel2Case@1', args);
			expect(res.status, JSON.stringify(args)).toBe('rejected');
			expect(res.reason).toMatch(reason);
		}
		expect(await send(coordinator, 'coord-1', 'openLevel2Case@1', opening(recordId))).toMatchObject({
			status: 'rejected',
			reason: 'Votre rôle ne permet pas cette modification.'
		});
		expect(await count()).toBe(before);
	});

	it('follows a case: chased, answered, closed — the contact erased at closing; refuses what the state no longer allows', async () => {
		const args = opening(await level2Record());
		await send(adviser1, 'adv1-phone', 'openLevel2Case@1', args);
		const step = (action: string, fields: Record<string, unknown> = {}) => ({
			caseId: args.caseId,
			action,
			on: '2026-11-23',
			dueOn: null,
			note: '',
			...fields
		});
		expect(
			await send(adviser1, 'adv1-phone', 'updateLevel2Case@1', step('chase', { dueOn: '2026-12-01' }))
		).toMatchObject({ status: 'applied' });
		expect(await caseRow(args.caseId)).toMatchObject({
			state: 'chased',
			chase_count: 1,
			due_on: '2026-12-01'
		});
		expect(
			await send(adviser1, 'adv1-phone', 'updateLevel2Case@1', step('answer', { note: 'Droits rétablis' }))
		).toMatchObject({ status: 'applied' });
		const chaseAfterAnswer = await send(
			adviser1,
			'adv1-laptop',
			'updateLevel2Case@1',
			step('chase', { dueOn: '2026-12-05' })
		);
		expect(chaseAfterAnswer).toMatchObject({ status: 'rejected' });
		expect(chaseAfterAnswer.reason).toMatch(/réponse a déjà été reçue/);
		expect(await send(adviser1, 'adv1-phone', 'updateLevel2Case@1', step('close'))).toMatchObject({
			status: 'applied'
		});
		const closed = await caseRow(args.caseId);
		expect(closed).toMatchObject({
			state: 'closed',
			closed_on: '2026-11-23',
			contact: null,
			note: 'Droits rétablis'
		});
		expect(closed.contact_erased_at).not.toBeNull();
		// Closed on another device meanwhile: the same step is already there.
		expect(await send(adviser1, 'adv1-laptop', 'updateLevel2Case@1', step('close'))).toMatchObject({
			status: 'applied'
		});
		// Someone else's case, or a chase without its new due date: refused.
		expect(await send(adviser3, 'adv3-phone', 'updateLevel2Case@1', step('close'))).toMatchObject({
			status: 'rejected',
			reason: 'Ce dossier n’existe plus ou n’est pas le vôtre.'
		});
		expect((await send(adviser1, 'adv1-phone', 'updateLevel2Case@1', step('chase'))).reason).toMatch(
			/nouvelle échéance/
		);
	});

	it('gives each adviser their own cases, the correspondents to staff only, and logs the readings of contacts', async () => {
		const args = opening(await level2Record());
		await send(adviser1, 'adv1-phone', 'openLevel2Case@1', args);
		const mine = await pull(ctx.db, adviser1, 'adv1-tablet', null, now);
		const mineCase = mine.changes.level2Cases?.find((c) => c.id === args.caseId);
		expect(mineCase).toMatchObject({ state: 'transmitted', contact: args.contact, operator: 'caf' });
		expect(mine.changes.correspondents?.map((c) => c.id)).toEqual(
			expect.arrayContaining([cafCorrespondent, msaCorrespondent])
		);
		const logged = await ctx.db
			.selectFrom('audit_log')
			.select('actor_user_id')
			.where('action', '=', 'level2Case.read')
			.where('object_id', '=', args.caseId)
			.execute();
		expect(logged.map((l) => l.actor_user_id)).toContain(adviser1.id);

		const theirs = await pull(ctx.db, adviser3, 'adv3-tablet', null, now);
		expect(theirs.changes.level2Cases ?? []).toHaveLength(0);
		const coordination = await pull(ctx.db, coordinator, 'coord-tablet', null, now);
		expect(coordination.changes.level2Cases).toBeUndefined();
		expect(coordination.changes.correspondents?.length).toBeGreaterThanOrEqual(2);
		const relays = await pull(ctx.db, relay, 'relay-tablet', null, now);
		expect(relays.changes.correspondents).toBeUndefined();
		expect(relays.changes.level2Cases).toBeUndefined();

		// A correspondent who left: kept for the cases that name them, no longer offered.
		await updateCorrespondent(
			ctx.db,
			coordinator,
			msaCorrespondent,
			{ ...correspondent('msa', 'Paul Roux'), active: false },
			now
		);
		const after = await pull(ctx.db, adviser1, 'adv1-tablet', mine.cursor, now);
		expect(after.changes.correspondents).toEqual([
			expect.objectContaining({ id: msaCorrespondent, active: false })
		]);
	});

	it('erases the contact of a case left untouched for a year', async () => {
		const args = opening(await level2Record());
		await send(adviser1, 'adv1-phone', 'openLevel2Case@1', args);
		expect(await eraseStaleCaseContacts(ctx.db, now)).toBe(0);
		const later = new Date(now.getTime() + 366 * 24 * 60 * 60 * 1000);
		expect(await eraseStaleCaseContacts(ctx.db, later)).toBeGreaterThanOrEqual(1);
		const row = await caseRow(args.caseId);
		expect(row.contact).toBeNull();
		expect(row.state).toBe('transmitted');
		expect(row.subject).toBe(args.subject);
	});
});
