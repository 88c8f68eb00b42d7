import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import { pull } from '../../src/lib/server/sync/pull';
import { pullResponse } from '../../src/lib/contracts/sync';
import { SYNCED, SYNCED_ENTITIES } from '../../src/lib/contracts/synced';
import { questionsOf } from '../../src/lib/domain/diagnostic';
import { createHomeVisitRequest, transitionHomeVisit } from '../../src/lib/server/services/home-visits';
import { createCorrespondent } from '../../src/lib/server/services/level2';
import { enginesUnderTest } from './engines';
import { activityRecord } from './fixtures';
import { deviceSender, userByEmail } from './users';

const engines = await enginesUnderTest();

/**
 * The registry of synced entities (`lib/contracts/synced.ts`) against what the server really
 * sends: every row of a first sync, for each kind of account, passes the schema the device
 * checks it with, and an account receives exactly the entities the registry says it holds.
 */
describe.each(engines)('synced rows against their registry on $name', (engine) => {
	let ctx: AppContext;
	const now = new Date('2027-03-15T08:30:00Z');
	const send = deviceSender(() => ctx.db, now);
	/** Entities whose rows passed the schema, over every account. */
	const checked = new Set<string>();

	beforeAll(async () => {
		ctx = await createApp(
			readConfig({ ...engine.freshEnv(), DEMO: 'true', DEMO_HISTORY: 'true' }),
			() => now
		);
		// What the demo does not hold yet: a relay's request, accepted for tour 2; a level-2 case
		// and a diagnostic of tour 2's adviser.
		const [coordinator, relay, adviser] = await Promise.all(
			['coordination@demo.tournees.fr', 'relais.dunes@demo.tournees.fr', 'conseiller3@demo.tournees.fr'].map(
				(email) => userByEmail(ctx, email)
			)
		);
		const request = await createHomeVisitRequest(
			ctx.db,
			relay!,
			{
				personName: 'Marcelle Registre',
				personPhone: '05 63 00 00 00',
				communeInsee: '82050',
				street: '12 chemin de la Garenne',
				accessNotes: 'Portail vert',
				reasons: ['age'],
				operatorId: null,
				subject: 'Dossier de retraite',
				availability: { weekdays: [1, 2], periods: ['morning'], from: null, to: null, note: '' },
				consent: true
			},
			now
		);
		await transitionHomeVisit(ctx.db, coordinator!, request.id, { to: 'accepted' }, now);
		const recordId = randomUUID();
		const correspondent = await createCorrespondent(
			ctx.db,
			coordinator!,
			{
				operatorId: 'caf',
				name: 'Anne Registre',
				title: 'Conseillère référente',
				email: 'anne.registre@exemple.fr',
				phone: '05 63 00 00 00',
				area: 'Tarn-et-Garonne',
				active: true
			},
			now
		);
		const results = [
			await send(adviser!, 'registry-adviser3', 'recordActivity@1', {
				recordId,
				record: activityRecord({ date: '2027-03-15', level: 2, operator: 'caf' })
			}),
			await send(adviser!, 'registry-adviser3', 'openLevel2Case@1', {
				caseId: randomUUID(),
				recordId,
				correspondentId: correspondent.id,
				subject: 'Dossier de prime d’activité bloqué',
				contact: 'Mme D., 06 12 34 56 78',
				transmittedOn: '2027-03-15',
				dueOn: '2027-03-30'
			}),
			await send(adviser!, 'registry-adviser3', 'recordDiagnostic@1', {
				diagnosticId: randomUUID(),
				diagnostic: {
					date: '2027-03-15',
					questionnaireVersion: 1,
					followUpCode: 'K7M-4QX',
					communeInsee: '82094',
					answers: Object.fromEntries(questionsOf(1).map((q) => [q.id, 1])),
					access: { equipment: ['smartphone'], connection: 'mobileOnly', reading: 'easy', needs: ['none'] }
				}
			})
		];
		expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it.each([
		['coordination@demo.tournees.fr', 'coordinator'],
		['conseiller3@demo.tournees.fr', 'adviser'],
		['relais.dunes@demo.tournees.fr', 'relay']
	] as const)(
		'%s receives rows of the registry’s shape, and only what its role holds',
		async (email, role) => {
			const user = await userByEmail(ctx, email);
			const first = await pull(ctx.db, user, `registry-${role}`, null, now);
			// Through JSON, as the device receives it.
			const parsed = pullResponse.safeParse(JSON.parse(JSON.stringify(first)));
			expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
			const received = SYNCED_ENTITIES.filter((e) => (first.changes[e]?.length ?? 0) > 0);
			const held = SYNCED_ENTITIES.filter((e) => (SYNCED[e].holders as readonly string[]).includes(role));
			for (const e of received) {
				expect(held, `${role} received ${e}`).toContain(e);
				checked.add(e);
			}
		}
	);

	it('has checked rows of every synced entity', () => {
		expect([...checked].sort()).toEqual([...SYNCED_ENTITIES].sort());
	});

	it('refuses a row of the wrong shape, naming where it is', () => {
		const bad = {
			cursor: '8|all|1',
			reset: true,
			lastMutationId: 0,
			changes: { sites: [{ id: 'mairie-lavit', name: 42 }] },
			deletes: {}
		};
		const parsed = pullResponse.safeParse(bad);
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('changes.sites.0.name');
	});
});
