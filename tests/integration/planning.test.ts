import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import {
	acceptPlan,
	checkPermanenceMove,
	moveCheckedPermanence,
	proposePlan
} from '../../src/lib/server/services/plan-proposals';
import { createAbsence } from '../../src/lib/server/services/absences';
import { listPermanences } from '../../src/lib/server/services/permanences';
import { noticesFor, publicPermanences } from '../../src/lib/server/views/public-calendar';
import { publicationPreview, publish } from '../../src/lib/server/services/publication';
import { changeSiteLifecycle } from '../../src/lib/server/services/referential';
import { pull } from '../../src/lib/server/sync/pull';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

const TODAY = '2026-11-23';
const REQUEST = { from: '2026-12', months: 3, repartition: false, today: TODAY };

describe.each(engines)('tour calendar on $name', (engine) => {
	let ctx: AppContext;
	let coordinator: SessionUser;
	const now = new Date('2026-11-23T09:00:00Z');

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_CALENDAR: 'false' }),
			() => now
		);
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('plans three months: two permanences a month per active site, all drafts until published', async () => {
		const proposal = await proposePlan(ctx.db, REQUEST);
		expect(proposal.mode).toBe('initial');
		const sites = await ctx.db.selectFrom('sites').select(['id', 'status']).execute();
		const active = sites.filter((s) => s.status === 'active');
		for (const month of ['2026-12', '2027-01', '2027-02']) {
			for (const site of active) {
				const count = proposal.permanences.filter(
					(p) => p.siteId === site.id && p.date.startsWith(month)
				).length;
				const explained = proposal.notices.some((n) => n.siteId === site.id && n.month === month);
				expect(count === 2 || explained, `${site.id} ${month}: ${count}`).toBe(true);
			}
		}
		// Christmas and New Year's Day never get a permanence.
		expect(proposal.permanences.some((p) => p.date === '2026-12-25' || p.date === '2027-01-01')).toBe(false);

		await acceptPlan(ctx.db, coordinator, REQUEST, proposal.fingerprint, now);
		const stored = await listPermanences(ctx.db, { from: '2026-12-01' });
		expect(stored).toHaveLength(proposal.permanences.length);
		expect(stored.every((p) => p.public === null)).toBe(true);

		// A stale proposal is refused rather than applied over a changed calendar.
		await expect(acceptPlan(ctx.db, coordinator, REQUEST, 'périmée', now)).rejects.toThrow(/changé/);
	});

	it('publishes up to a date: those dates become public, with no notice the first time', async () => {
		const preview = await publicationPreview(ctx.db, '2027-01-31', TODAY);
		expect(preview.notices).toHaveLength(0);
		expect(preview.newDates.length).toBeGreaterThan(0);
		expect(preview.newDates.every((p) => p.date <= '2027-01-31')).toBe(true);
		await publish(ctx.db, coordinator, '2027-01-31', TODAY, now);
		const lavit = await publicPermanences(ctx.db, ['mairie-lavit'], TODAY);
		expect(lavit.map((p) => p.date.slice(0, 7))).toEqual(['2026-12', '2026-12', '2027-01', '2027-01']);
		// February stays a draft: not public, not on the advisers' devices.
		expect((await publicPermanences(ctx.db, ['mairie-lavit'], '2027-02-01')).length).toBe(0);
	});

	it('sends an adviser the published permanences of their tour only', async () => {
		const adviser = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		const pulled = await pull(ctx.db, adviser, 'device-planning-01', null, now);
		const rows = pulled.changes.permanences ?? [];
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => r.tourId === adviser.tourId)).toBe(true);
		expect(rows.every((r) => String(r.date) <= '2027-01-31')).toBe(true);
	});

	it('a two-week absence changes only the permanences that adviser staffed in those weeks', async () => {
		const adviser = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		const before = await listPermanences(ctx.db, { from: TODAY });
		const hit = before.filter(
			(p) => p.adviserIds.includes(adviser.id) && p.date >= '2027-01-04' && p.date <= '2027-01-15'
		);
		expect(hit.length).toBeGreaterThan(0);
		await createAbsence(
			ctx.db,
			coordinator,
			{ userId: adviser.id, from: '2027-01-04', to: '2027-01-15', period: null, reason: 'congés' },
			now
		);
		const proposal = await proposePlan(ctx.db, REQUEST);
		expect(proposal.mode).toBe('replan');
		const changedIds = new Set([
			...proposal.moved.map((m) => m.before.id),
			...proposal.restaffed.map((m) => m.before.id),
			...proposal.cancelled.map((c) => c.before.id)
		]);
		expect([...changedIds].sort()).toEqual(hit.map((p) => p.id).sort());
		await acceptPlan(ctx.db, coordinator, REQUEST, proposal.fingerprint, now);
		const after = await listPermanences(ctx.db, { from: TODAY, includeCancelled: true });
		for (const p of after) {
			const was = before.find((b) => b.id === p.id);
			if (was && !changedIds.has(p.id) && was.public) {
				expect({ date: p.date, period: p.period, crew: p.adviserIds }).toEqual({
					date: was.date,
					period: was.period,
					crew: was.adviserIds
				});
			}
			if (p.date >= '2027-01-04' && p.date <= '2027-01-15' && p.status === 'planned')
				expect(p.adviserIds).not.toContain(adviser.id);
		}
		// A replacement keeps the announced date: no notice. A move does, once published.
		const preview = await publicationPreview(ctx.db, '2027-01-31', TODAY);
		expect(preview.notices.map((n) => n.permanence.id).sort()).toEqual(
			[...proposal.moved.map((m) => m.before.id), ...proposal.cancelled.map((c) => c.before.id)].sort()
		);
	});

	it('closing Lamagistère removes only its later permanences, with notices once published', async () => {
		await publish(ctx.db, coordinator, '2027-01-31', TODAY, now);
		const before = await listPermanences(ctx.db, { from: TODAY });
		const site = await ctx.db
			.selectFrom('sites')
			.select('id')
			.where('commune_insee', '=', '82089')
			.executeTakeFirstOrThrow();
		await changeSiteLifecycle(
			ctx.db,
			coordinator,
			site.id,
			{
				status: 'closing',
				closingOn: '2026-12-31',
				redirect: { name: 'France Services de Valence', address: null, phone: null }
			},
			now
		);
		const proposal = await proposePlan(ctx.db, REQUEST);
		const theirs = before.filter((p) => p.siteId === site.id && p.date > '2026-12-31');
		expect(proposal.cancelled.map((c) => c.before.id).sort()).toEqual(
			theirs
				.filter((p) => p.public)
				.map((p) => p.id)
				.sort()
		);
		expect(proposal.moved).toHaveLength(0);
		expect(proposal.permanences.some((p) => p.siteId === site.id && p.date > '2026-12-31')).toBe(false);
		await acceptPlan(ctx.db, coordinator, REQUEST, proposal.fingerprint, now);
		// Nothing published elsewhere moved.
		const after = await listPermanences(ctx.db, { from: TODAY });
		for (const p of after.filter((p) => p.siteId !== site.id && p.public)) {
			const was = before.find((b) => b.id === p.id);
			expect(was && { date: was.date, period: was.period }).toEqual({ date: p.date, period: p.period });
		}
		await publish(ctx.db, coordinator, '2027-01-31', TODAY, now);
		const notices = await noticesFor(ctx.db, [site.id], TODAY);
		expect(notices.filter((n) => n.kind === 'cancelled')).toHaveLength(theirs.filter((p) => p.public).length);
		expect(notices.every((n) => /fermé|ferme|service/i.test(n.reason))).toBe(true);
		const publicRows = await publicPermanences(ctx.db, [site.id], '2027-01-01');
		expect(publicRows.every((p) => p.status === 'cancelled' && p.sequence > 0)).toBe(true);
	});

	it('explains why a manual move breaks a rule', async () => {
		const [first] = await listPermanences(ctx.db, { from: '2027-01-01', to: '2027-01-31' });
		if (!first) throw new Error('no permanence');
		const holiday = await checkPermanenceMove(
			ctx.db,
			first.id,
			{ date: '2027-01-01', period: 'morning' },
			TODAY
		);
		expect(holiday.issues.map((i) => i.message).join(' ')).toMatch(/férié/i);
		const past = await checkPermanenceMove(
			ctx.db,
			first.id,
			{ date: '2026-11-02', period: 'morning' },
			TODAY
		);
		expect(past.issues[0]?.message).toMatch(/passé/);
	});

	it('accepts a crew without a conseiller numérique with a warning: the département’s wish, not a rule', async () => {
		const agents = await ctx.db
			.selectFrom('users')
			.select('id')
			.where('role', '=', 'adviser')
			.where('adviser_kind', '=', 'franceServicesAgent')
			.orderBy('id')
			.execute();
		// After the two-week absence of the test above.
		const january = await listPermanences(ctx.db, { from: '2027-01-18', to: '2027-01-29' });
		// A half-day where two agents are free (not in another permanence then).
		const target = january.find((p) => {
			const others = january.filter((o) => o.id !== p.id && o.date === p.date && o.period === p.period);
			const busy = new Set(others.flatMap((o) => o.adviserIds));
			return agents.filter((a) => !busy.has(a.id)).length >= 2;
		});
		if (!target) throw new Error('no half-day with two free agents');
		const busy = new Set(
			january
				.filter((o) => o.id !== target.id && o.date === target.date && o.period === target.period)
				.flatMap((o) => o.adviserIds)
		);
		const crew = agents.filter((a) => !busy.has(a.id)).map((a) => a.id) as [string, string];
		const move = {
			date: target.date,
			period: target.period,
			adviserIds: [crew[0], crew[1]] as [string, string]
		};
		const { issues } = await checkPermanenceMove(ctx.db, target.id, move, TODAY);
		expect(issues).toEqual([
			expect.objectContaining({
				rule: 'crewMix',
				severity: 'warning',
				message: 'Équipe sans conseiller numérique (choix du département : un par équipe)'
			})
		]);
		const moved = await moveCheckedPermanence(
			ctx.db,
			coordinator,
			target.id,
			{ ...move, reason: 'Formation' },
			TODAY,
			now
		);
		expect(moved.adviserIds).toEqual(move.adviserIds);
	});
});
