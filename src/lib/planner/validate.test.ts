import { describe, expect, it } from 'vitest';
import { tarnEtGaronneInputs } from './fixtures';
import type { Permanence } from './types';
import { bindingIssues, checkMove, checkPlan } from './validate';

const inputs = tarnEtGaronneInputs();
const site = (id: string) => {
	const s = inputs.sites.find((x) => x.id === id);
	if (!s) throw new Error(id);
	return s;
};
const auvillar = site('mairie-auvillar');
const dunes = site('mairie-dunes');

function permanence(fields: Partial<Permanence> & Pick<Permanence, 'id' | 'siteId' | 'date'>): Permanence {
	return {
		tourId: 'tournee-2',
		period: 'morning',
		start: '09:00',
		end: '12:00',
		adviserIds: ['conseiller-3', 'conseiller-4'],
		patternDate: null,
		explanations: [],
		...fields
	};
}

const messages = (plan: Permanence[], ctx = inputs) => checkPlan(plan, ctx).map((i) => i.message);

describe('checkPlan', () => {
	it('accepts a valid plan', () => {
		const plan = [
			permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-03-03' }),
			permanence({ id: 'a:2', siteId: auvillar.id, date: '2026-03-17' }),
			permanence({
				id: 'd:1',
				siteId: dunes.id,
				date: '2026-03-03',
				period: 'afternoon',
				start: '14:00',
				end: '17:00'
			})
		];
		expect(checkPlan(plan, inputs)).toEqual([]);
	});

	it('says when the vehicle or an adviser is already elsewhere', () => {
		const plan = [
			permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-03-03' }),
			permanence({ id: 'd:1', siteId: dunes.id, date: '2026-03-03' })
		];
		const issues = checkPlan(plan, inputs).filter((i) => i.permanenceId === 'd:1');
		expect(issues.map((i) => i.message)).toEqual([
			`Le véhicule de la tournée 2 est déjà à « ${auvillar.name} » ce matin-là`,
			`Sarah Cabrol est déjà à « ${auvillar.name} » ce matin-là`,
			`Mehdi Lafon est déjà à « ${auvillar.name} » ce matin-là`
		]);
	});

	it('refuses holidays, Sundays, short spacing and a third permanence', () => {
		expect(messages([permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-11-11' })])).toEqual([
			'Jour férié : Armistice 1918'
		]);
		expect(messages([permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-03-01' })])).toEqual([
			'Le lieu n’accueille pas de permanence le dimanche matin'
		]);
		const close = [
			permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-03-03' }),
			permanence({ id: 'a:2', siteId: auvillar.id, date: '2026-03-10' })
		];
		expect(messages(close)).toEqual([
			'Moins de 10 jours avant la permanence du 10 mars (règle du département)',
			'Moins de 10 jours après la permanence du 3 mars (règle du département)'
		]);
		// The spacing is the département's choice: 7 days accepts that pair, 0 days any pair.
		expect(
			messages(close, { ...inputs, rules: { minSpacingDays: 7, crewWithDigitalAdviser: true } })
		).toEqual([]);
		expect(
			messages(close, { ...inputs, rules: { minSpacingDays: 8, crewWithDigitalAdviser: true } })
		).toHaveLength(2);
		const three = [
			...close,
			permanence({ id: 'a:3', siteId: auvillar.id, date: '2026-03-31' }),
			permanence({ id: 'a:4', siteId: auvillar.id, date: '2026-03-20' })
		].filter((p) => p.id !== 'a:2');
		expect(messages(three)).toContain('Déjà 2 autres permanences en mars 2026 pour ce lieu');
	});

	it('requires a complete crew, present; a crew without a conseiller numérique is only a warning', () => {
		const twoAgents = permanence({
			id: 'a:1',
			siteId: auvillar.id,
			date: '2026-03-03',
			adviserIds: ['conseiller-1', 'conseiller-3']
		});
		const [warning] = checkPlan([twoAgents], inputs);
		expect(warning).toMatchObject({
			rule: 'crewMix',
			severity: 'warning',
			message: 'Équipe sans conseiller numérique (choix du département : un par équipe)'
		});
		expect(bindingIssues(checkPlan([twoAgents], inputs))).toEqual([]);
		// A département that does not keep that wish gets no warning at all.
		expect(
			messages([twoAgents], { ...inputs, rules: { minSpacingDays: 10, crewWithDigitalAdviser: false } })
		).toEqual([]);
		const sameTwice = { ...twoAgents, adviserIds: ['conseiller-4', 'conseiller-4'] as [string, string] };
		expect(messages([sameTwice])).toEqual(['Équipe incomplète : il faut deux conseillers différents']);
		const absences = [
			{
				id: 'x',
				adviserId: 'conseiller-4',
				from: '2026-03-02',
				to: '2026-03-06',
				period: null,
				reason: 'congés'
			}
		];
		expect(
			messages([permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-03-03' })], { ...inputs, absences })
		).toEqual(['Mehdi Lafon est indisponible ce jour-là (absence : congés)']);
	});

	it('refuses a date outside the site’s life cycle', () => {
		const closing = {
			...inputs,
			sites: inputs.sites.map((s) =>
				s.id === auvillar.id ? { ...s, status: 'closing' as const, closingOn: '2026-03-15' } : s
			)
		};
		expect(messages([permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-03-17' })], closing)).toEqual([
			'Pas de permanence possible à cette date : fermeture du lieu le 15 mars'
		]);
	});
});

describe('checkMove', () => {
	const plan = [
		permanence({ id: 'a:1', siteId: auvillar.id, date: '2026-03-03' }),
		permanence({ id: 'a:2', siteId: auvillar.id, date: '2026-03-17' }),
		permanence({ id: 'd:1', siteId: dunes.id, date: '2026-03-05' })
	];

	it('explains why a manual move is refused', () => {
		expect(
			checkMove(plan, inputs, 'd:1', { date: '2026-03-03', period: 'morning' }).map((i) => i.message)
		).toEqual([
			`Le véhicule de la tournée 2 est déjà à « ${auvillar.name} » ce matin-là`,
			`Sarah Cabrol est déjà à « ${auvillar.name} » ce matin-là`,
			`Mehdi Lafon est déjà à « ${auvillar.name} » ce matin-là`
		]);
		expect(
			checkMove(plan, inputs, 'a:2', { date: '2026-03-10', period: 'afternoon' }).map((i) => i.message)
		).toEqual(['Moins de 10 jours après la permanence du 3 mars (règle du département)']);
	});

	it('accepts a valid move, with the hours of the new half-day', () => {
		expect(checkMove(plan, inputs, 'a:2', { date: '2026-03-18', period: 'afternoon' })).toEqual([]);
		expect(checkMove(plan, inputs, 'nope', { date: '2026-03-18', period: 'afternoon' })[0]?.message).toBe(
			'Permanence inconnue'
		);
	});
});
