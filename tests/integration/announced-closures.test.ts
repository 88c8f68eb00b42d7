import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { fillAnnouncedClosures } from '../../src/lib/server/db/migrations/0009_announced_closures';
import { proposePlan } from '../../src/lib/server/services/plan-proposals';
import { Refusal } from '../../src/lib/server/errors';
import { getSite, listSites, recordLabelling } from '../../src/lib/server/services/referential';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

/** Seed 003: the sites whose permanences stop when their commune's France Services is labelled. */
const ANNOUNCED = {
	'mairie-lamagistere': 'france-services-lamagistere',
	'mairie-laguepie': 'france-services-laguepie',
	'mairie-molieres': 'france-services-molieres',
	'mairie-la-ville-dieu-du-temple': 'france-services-la-ville-dieu-du-temple',
	'mairie-villebrumier': 'france-services-villebrumier',
	'mds-montech': 'france-services-montech',
	'mairie-beaumont-de-lomagne': 'france-services-beaumont-de-lomagne'
};

describe.each(engines)('announced closures on $name', (engine) => {
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

	it('seeds the seven sites with the France Services that will replace them, and no other', async () => {
		const sites = await listSites(ctx.db);
		const announced = Object.fromEntries(
			sites.filter((s) => s.replacedBy).map((s) => [s.id, s.replacedBy?.id])
		);
		expect(announced).toEqual(ANNOUNCED);
		const lamagistere = sites.find((s) => s.id === 'mairie-lamagistere');
		expect(lamagistere?.replacedBy?.name).toBe('France Services de Lamagistère (La Poste)');
		expect(lamagistere?.lifecycle.status).toBe('active');
	});

	it('fills them in on a database seeded before the migration, once', async () => {
		await ctx.db.updateTable('sites').set({ replaced_by: null }).execute();
		await fillAnnouncedClosures(ctx.db as unknown as Kysely<unknown>);
		await fillAnnouncedClosures(ctx.db as unknown as Kysely<unknown>);
		const rows = await ctx.db
			.selectFrom('sites')
			.select(['id', 'replaced_by'])
			.where('replaced_by', 'is not', null)
			.execute();
		expect(Object.fromEntries(rows.map((r) => [r.id, r.replaced_by]))).toEqual(ANNOUNCED);
	});

	it('the labelling date closes the site the day before, sends people there, and the planner stops', async () => {
		const site = await recordLabelling(ctx.db, coordinator, 'mairie-lamagistere', '2027-02-01', now);
		expect(site.lifecycle).toEqual({
			status: 'closing',
			closingOn: '2027-01-31',
			redirect: {
				name: 'France Services de Lamagistère (La Poste)',
				address: '82360 Lamagistère',
				phone: null
			}
		});
		const proposal = await proposePlan(ctx.db, {
			from: '2027-01',
			months: 3,
			repartition: false,
			today: '2026-11-23'
		});
		const dates = proposal.permanences.filter((p) => p.siteId === 'mairie-lamagistere').map((p) => p.date);
		expect(dates.length).toBeGreaterThan(0);
		expect(dates.every((d) => d <= '2027-01-31')).toBe(true);
		// A past opening closes the site at once.
		const closed = await recordLabelling(ctx.db, coordinator, 'mairie-laguepie', '2026-11-01', now);
		expect(closed.lifecycle.status).toBe('closed');
		expect(closed.lifecycle.closingOn).toBe('2026-10-31');
	});

	it('refuses a site with no announced end and changes nothing', async () => {
		const before = await getSite(ctx.db, 'mairie-lavit');
		await expect(
			recordLabelling(ctx.db, coordinator, 'mairie-lavit', '2027-02-01', now)
		).rejects.toBeInstanceOf(Refusal);
		expect(await getSite(ctx.db, 'mairie-lavit')).toEqual(before);
	});
});
