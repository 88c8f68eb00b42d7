import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { pull } from '../../src/lib/server/sync/pull';
import { checkPermanenceMove } from '../../src/lib/server/services/plan-proposals';
import {
	getPermanence,
	listPermanences,
	type PermanenceRecord
} from '../../src/lib/server/services/permanences';
import { publicationPreview } from '../../src/lib/server/services/publication';
import { addDaysIso, lastDayOfMonth, parisDate } from '../../src/lib/domain/dates';
import { enginesUnderTest } from './engines';
import { deviceSender, userByEmail } from './users';

const engines = await enginesUnderTest();

/**
 * Calendar edits as sync mutations (issue 4): the coordinator moves and cancels permanences from
 * a device, offline perhaps; the server re-checks the rules and the state the device saw.
 */
describe.each(engines)('calendar edits through the sync on $name', (engine) => {
	let ctx: AppContext;
	let coordinator: SessionUser;
	let adviser: SessionUser;
	const now = new Date('2026-11-23T09:00:00Z');
	const today = parisDate(now);
	const send = deviceSender(() => ctx.db, now);
	/** A published permanence of tour 1 at least a week ahead, and a half-day it may move to. */
	async function movable(
		exclude: Set<string>
	): Promise<{ p: PermanenceRecord; to: { date: string; period: 'morning' | 'afternoon' } }> {
		const all = await listPermanences(ctx.db, { from: addDaysIso(today, 7) });
		for (const p of all) {
			if (p.tourId !== adviser.tourId || !p.public || p.status !== 'planned' || exclude.has(p.id)) continue;
			for (
				let date = addDaysIso(p.date, 1);
				date <= lastDayOfMonth(p.date.slice(0, 7));
				date = addDaysIso(date, 1)
			) {
				for (const period of ['morning', 'afternoon'] as const) {
					const { issues } = await checkPermanenceMove(ctx.db, p.id, { date, period }, today);
					if (issues.length === 0) return { p, to: { date, period } };
				}
			}
		}
		throw new Error('no movable permanence in the demo calendar');
	}
	const base = (p: PermanenceRecord) => ({ date: p.date, period: p.period });

	beforeAll(async () => {
		// The demo plans three months and publishes the current and next ones.
		ctx = await createApp(readConfig({ ...engine.freshEnv(), DEMO: 'true' }), () => now);
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		adviser = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('moves a permanence; the change reaches the tour’s advisers and waits for publication', async () => {
		const { p, to } = await movable(new Set());
		const cursor = (await pull(ctx.db, adviser, 'calendar-adviser-1', null, now)).cursor;
		const result = await send(coordinator, 'calendar-coord-a', 'movePermanence@1', {
			permanenceId: p.id,
			base: base(p),
			...to,
			reason: 'Salle prise par le conseil municipal'
		});
		expect(result).toEqual({ id: 1, status: 'applied' });
		const after = await getPermanence(ctx.db, p.id);
		expect(after).toMatchObject({
			date: to.date,
			period: to.period,
			changeReason: 'Salle prise par le conseil municipal'
		});
		// Still public at its old date until "Publier", which will record the notice.
		expect(after?.public).toMatchObject({ date: p.date, period: p.period });
		const preview = await publicationPreview(ctx.db, lastDayOfMonth(to.date.slice(0, 7)), today);
		expect(preview.notices.find((n) => n.permanence.id === p.id)).toMatchObject({
			kind: 'moved',
			reason: 'Salle prise par le conseil municipal'
		});
		// The adviser's next pull brings the new date, marked as not yet public.
		const delta = await pull(ctx.db, adviser, 'calendar-adviser-1', cursor, now);
		expect(delta.changes.permanences?.find((row) => row.id === p.id)).toMatchObject({
			date: to.date,
			period: to.period,
			unpublishedChange: 'Salle prise par le conseil municipal'
		});

		// The same move from a second device (or replayed) changes nothing more.
		const same = await send(coordinator, 'calendar-coord-b', 'movePermanence@1', {
			permanenceId: p.id,
			base: base(p),
			...to,
			reason: 'Salle prise par le conseil municipal'
		});
		expect(same.status).toBe('applied');
	});

	it('refuses an edit made on a state that changed meanwhile: the first to reach the server wins', async () => {
		const { p, to } = await movable(new Set());
		// Device A moves it first (online); device B, offline, had seen it at its old date.
		expect(
			(
				await send(coordinator, 'calendar-coord-a', 'movePermanence@1', {
					permanenceId: p.id,
					base: base(p),
					...to,
					reason: 'Travaux'
				})
			).status
		).toBe('applied');
		const stale = await send(coordinator, 'calendar-coord-b', 'cancelPermanence@1', {
			permanenceId: p.id,
			base: base(p),
			reason: 'Véhicule en panne'
		});
		expect(stale.status).toBe('rejected');
		expect(stale.reason).toMatch(
			/déplacée entre-temps \(maintenant le .+\) : votre modification n’a pas été appliquée/
		);
		expect((await getPermanence(ctx.db, p.id))?.status).toBe('planned');
	});

	it('refuses a move that breaks a rule of the calendar, with the rule named', async () => {
		const december = (await listPermanences(ctx.db, { from: '2026-12-01', to: '2026-12-31' })).find(
			(p) => p.status === 'planned' && p.public
		);
		if (!december) throw new Error('no December permanence in the demo calendar');
		const res = await send(coordinator, 'calendar-coord-a', 'movePermanence@1', {
			permanenceId: december.id,
			base: base(december),
			date: '2026-12-25',
			period: 'morning',
			reason: 'Essai'
		});
		expect(res.status).toBe('rejected');
		expect(res.reason).toMatch(/enfreint les règles du calendrier.*(férié|Noël)/);
		expect(await getPermanence(ctx.db, december.id)).toMatchObject(base(december));
	});

	it('cancels a permanence once; a second cancellation is a no-op; a past one cannot be cancelled', async () => {
		const { p } = await movable(new Set());
		const args = { permanenceId: p.id, base: base(p), reason: 'Conseillers en formation' };
		expect((await send(coordinator, 'calendar-coord-a', 'cancelPermanence@1', args)).status).toBe('applied');
		expect(await getPermanence(ctx.db, p.id)).toMatchObject({
			status: 'cancelled',
			changeReason: 'Conseillers en formation'
		});
		expect((await send(coordinator, 'calendar-coord-b', 'cancelPermanence@1', args)).status).toBe('applied');
		// A cancelled permanence cannot be moved.
		const move = await send(coordinator, 'calendar-coord-b', 'movePermanence@1', {
			...args,
			date: addDaysIso(p.date, 1),
			period: p.period
		});
		expect(move.status).toBe('rejected');
		expect(move.reason).toMatch(/annulée entre-temps/);

		const past = (await listPermanences(ctx.db, { from: '2026-11-01', to: addDaysIso(today, -1) })).find(
			(q) => q.status === 'planned'
		);
		if (past) {
			const res = await send(coordinator, 'calendar-coord-a', 'cancelPermanence@1', {
				permanenceId: past.id,
				base: base(past),
				reason: 'Trop tard'
			});
			expect(res).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/passée/) });
		}
	});

	it('refuses calendar edits from an adviser, and malformed ones, with the reason', async () => {
		const { p, to } = await movable(new Set());
		const byAdviser = await send(adviser, 'calendar-adviser-2', 'movePermanence@1', {
			permanenceId: p.id,
			base: base(p),
			...to,
			reason: 'Je préfère'
		});
		expect(byAdviser).toMatchObject({
			status: 'rejected',
			reason: 'Votre rôle ne permet pas cette modification.'
		});
		const malformed = await send(coordinator, 'calendar-coord-a', 'movePermanence@1', {
			permanenceId: "x'; DROP TABLE permanences; --",
			base: base(p),
			date: '2026-13-40',
			period: 'soir',
			reason: ''
		});
		expect(malformed.status).toBe('rejected');
		expect(malformed.reason).toMatch(/^Données invalides — /);
		expect(malformed.reason).toMatch(/permanenceId : Permanence inconnue/);
		expect(await getPermanence(ctx.db, p.id)).toMatchObject(base(p));
	});
});
