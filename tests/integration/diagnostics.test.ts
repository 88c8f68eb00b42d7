import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { pull } from '../../src/lib/server/sync/pull';
import { eraseOldFollowUpCodes } from '../../src/lib/server/services/diagnostics';
import { questionsOf } from '../../src/lib/domain/diagnostic';
import { enginesUnderTest } from './engines';
import { deviceSender, userByEmail } from './users';

const engines = await enginesUnderTest();

/** The digital-skills diagnostic (issue 6, item 3): led offline, scored again by the server. */
describe.each(engines)('diagnostics through the sync on $name', (engine) => {
	let ctx: AppContext;
	let adviser1: SessionUser;
	let adviser3: SessionUser;
	let coordinator: SessionUser;
	const now = new Date('2026-11-23T15:00:00Z');
	const send = deviceSender(() => ctx.db, now);

	/** Everything "with help" (1), safety never done (0). */
	const diagnostic = (fields: Record<string, unknown> = {}) => ({
		date: '2026-11-23',
		questionnaireVersion: 1,
		followUpCode: 'K7M-4QX',
		communeInsee: '82094',
		answers: Object.fromEntries(questionsOf(1).map((q) => [q.id, q.area === 'safety' ? 0 : 1])),
		access: { equipment: ['smartphone'], connection: 'mobileOnly', reading: 'easy', needs: ['none'] },
		...fields
	});

	beforeAll(async () => {
		ctx = await createApp(readConfig({ ...engine.freshEnv(), DEMO: 'true' }), () => now);
		adviser1 = await userByEmail(ctx, 'conseiller1@demo.tournees.fr');
		adviser3 = await userByEmail(ctx, 'conseiller3@demo.tournees.fr');
		coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('stores a diagnostic once, scored by the server, and gives it back to its adviser’s devices only', async () => {
		const diagnosticId = randomUUID();
		const args = { diagnosticId, diagnostic: diagnostic() };
		expect(await send(adviser1, 'adv1-phone', 'recordDiagnostic@1', args)).toMatchObject({
			status: 'applied'
		});
		expect(await send(adviser1, 'adv1-laptop', 'recordDiagnostic@1', args)).toMatchObject({
			status: 'applied'
		});
		const rows = await ctx.db.selectFrom('diagnostics').selectAll().where('id', '=', diagnosticId).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			adviser_id: adviser1.id,
			tour_id: adviser1.tourId,
			questionnaire_version: 1,
			follow_up_code: 'K7M-4QX',
			overall_level: 'accompanied'
		});
		expect(JSON.parse(rows[0]?.areas ?? '{}')).toMatchObject({
			safety: { score: 0, level: 'accompanied' },
			// Every task with someone's help: accompanied, not « autonome avec aide ».
			information: { score: 1, level: 'accompanied' }
		});
		expect(JSON.parse(rows[0]?.recommendations ?? '[]').map((r: { kind: string }) => r.kind)).toEqual([
			'aidantsConnect',
			'coaching',
			'workshop'
		]);

		const mine = await pull(ctx.db, adviser1, 'adv1-tablet', null, now);
		expect(mine.changes.diagnostics?.find((d) => d.id === diagnosticId)).toMatchObject({
			followUpCode: 'K7M-4QX',
			overall: 'accompanied'
		});
		for (const other of [adviser3, coordinator]) {
			const theirs = await pull(ctx.db, other, `other-${other.id}`, null, now);
			expect(theirs.changes.diagnostics ?? []).toHaveLength(0);
		}
	});

	it('refuses, with the reason, what the questionnaire does not allow, and stores nothing', async () => {
		const skipSafety = Object.fromEntries(questionsOf(1).map((q) => [q.id, q.area === 'safety' ? null : 2]));
		const cases: [unknown, RegExp][] = [
			[diagnostic({ answers: { ...diagnostic().answers, 'question-inventee': 2 } }), /Question inconnue/],
			[diagnostic({ answers: skipSafety }), /Protection et sécurité/],
			[diagnostic({ followUpCode: 'Marie Dupont' }), /Code de suivi invalide/],
			[diagnostic({ questionnaireVersion: 9 }), /Version du questionnaire inconnue/],
			[diagnostic({ date: '2026-06-01' }), /il y a 60 jours/],
			[diagnostic({ communeInsee: '31555' }), /Commune inconnue/],
			[diagnostic({ answers: { ...diagnostic().answers, 'info-search': 5 } }), /Données invalides/]
		];
		const count = async () =>
			Number(
				(
					await ctx.db
						.selectFrom('diagnostics')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await count();
		for (const [bad, reason] of cases) {
			const res = await send(adviser1, 'adv1-phone', 'recordDiagnostic@1', {
				diagnosticId: randomUUID(),
				diagnostic: bad
			});
			expect(res.status, JSON.stringify(bad)).toBe('rejected');
			expect(res.reason).toMatch(reason);
		}
		expect(
			await send(coordinator, 'coord-1', 'recordDiagnostic@1', {
				diagnosticId: randomUUID(),
				diagnostic: diagnostic()
			})
		).toMatchObject({ status: 'rejected', reason: 'Votre rôle ne permet pas cette modification.' });
		expect(await count()).toBe(before);
	});

	it('erases the follow-up codes after two years, keeping the anonymous result', async () => {
		const diagnosticId = randomUUID();
		await send(adviser1, 'adv1-phone', 'recordDiagnostic@1', { diagnosticId, diagnostic: diagnostic() });
		expect(await eraseOldFollowUpCodes(ctx.db, now)).toBe(0);
		const later = new Date(now.getTime() + 731 * 24 * 60 * 60 * 1000);
		expect(await eraseOldFollowUpCodes(ctx.db, later)).toBeGreaterThanOrEqual(1);
		const row = await ctx.db
			.selectFrom('diagnostics')
			.selectAll()
			.where('id', '=', diagnosticId)
			.executeTakeFirstOrThrow();
		expect(row.follow_up_code).toBeNull();
		expect(row.overall_level).toBe('accompanied');
	});
});
