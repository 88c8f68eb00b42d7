import { describe, expect, it } from 'vitest';
import { monthsFrom, patternDates } from './calendar';
import { describePattern } from './describe';
import { greatCircleDetourModel } from './distance';
import { tarnEtGaronneInputs } from './fixtures';
import { isPublicHoliday } from './holidays';
import { materialisePatterns } from './materialise';
import { naivePlan } from './naive';
import { planTours } from './plan';
import { checkPlan } from './validate';

const inputs = tarnEtGaronneInputs();
const plan = planTours({ ...inputs, from: '2026-01', months: 12, seed: 82, iterations: 5000 });

describe('planTours on the 27 Tarn-et-Garonne sites', () => {
	it('gives every site 2 permanences every month, breaking no rule', () => {
		expect(plan.notices).toEqual([]);
		expect(checkPlan(plan.permanences, inputs)).toEqual([]);
		for (const month of monthsFrom('2026-01', 12)) {
			for (const site of inputs.sites) {
				const n = plan.permanences.filter((p) => p.siteId === site.id && p.date.startsWith(month)).length;
				expect(n, `${site.id} ${month}`).toBe(2);
			}
		}
	});

	it('keeps the département’s tours and balances them', () => {
		for (const site of inputs.sites) expect(plan.assignment[site.id]).toBe(site.tourId);
		expect(Object.values(plan.stats.sitesByTour)).toEqual([9, 9, 9]);
		expect(Object.values(plan.stats.halfDaysByTour)).toEqual([18, 18, 18]);
		for (const free of Object.values(plan.stats.freeHalfDaysByTour)) expect(free).toBeGreaterThan(15);
	});

	it('keeps each site on its recurring pattern unless a move is explained', () => {
		const bySite = new Map(plan.patterns.map((p) => [p.siteId, p]));
		for (const p of plan.permanences) {
			const pattern = bySite.get(p.siteId);
			if (!pattern) throw new Error(`no pattern for ${p.siteId}`);
			const [month, n] = p.id.split(':').slice(1);
			const expected = patternDates(month as string, pattern.weekday, pattern.weeks)[Number(n) - 1];
			expect(p.id).toMatch(/^[a-z0-9-]+:\d{4}-\d{2}:[12]$/);
			if (p.patternDate === null) {
				expect(p.date).toBe(expected);
				expect(p.period).toBe(pattern.period);
			} else {
				expect(p.patternDate).toBe(expected);
				expect(p.explanations[0]).toMatch(/^Déplacée du /);
				if (isPublicHoliday(p.patternDate)) expect(p.explanations[0]).toContain('férié');
			}
		}
		expect(describePattern(plan.patterns[0] as never)).toMatch(/du mois, (matin|après-midi)$/);
	});

	it('chains nearby sites: far fewer km than one site a day', () => {
		const model = greatCircleDetourModel();
		const alone = inputs.sites.reduce((km, s) => km + 2 * 2 * model.km(inputs.depot, s.point), 0);
		expect(plan.stats.kmPerMonth).toBeLessThan(0.8 * alone);
	});

	it('is deterministic', () => {
		const again = planTours({ ...inputs, from: '2026-01', months: 12, seed: 82, iterations: 5000 });
		expect(again).toEqual(plan);
	});

	it('drives fewer kilometres than the naive baseline', () => {
		const naive = naivePlan({ ...inputs, from: '2026-01', months: 12 });
		expect(checkPlan(naive.permanences, inputs)).toEqual([]);
		const proposed = planTours({
			...inputs,
			from: '2026-01',
			months: 12,
			seed: 82,
			iterations: 5000,
			repartition: true
		});
		expect(proposed.stats.kmPerMonth).toBeLessThan(0.8 * naive.stats.kmPerMonth);
		expect(plan.stats.kmPerMonth).toBeLessThan(naive.stats.kmPerMonth);
	});
});

describe('materialisation', () => {
	const site = inputs.sites.find((s) => s.id === 'mairie-laguepie');
	if (!site) throw new Error('no site');
	const ctx = { ...inputs, sites: [site] };

	it('moves a permanence off 11 November and says why', () => {
		// 11 November 2026 is the 2nd Wednesday of the month.
		const { permanences, notices } = materialisePatterns(
			ctx,
			[{ siteId: site.id, tourId: 'tournee-1', weekday: 3, weeks: 'even', period: 'morning' }],
			'2026-11',
			1
		);
		expect(notices).toEqual([]);
		const moved = permanences.find((p) => p.patternDate === '2026-11-11');
		expect(moved?.date).toBe('2026-11-12');
		expect(moved?.explanations).toEqual(['Déplacée du 11/11 (férié : Armistice 1918) au 12/11']);
		expect(moved?.id).toBe(`${site.id}:2026-11:1`);
	});

	it('keeps the date with a replacement when an adviser is away', () => {
		const { permanences } = materialisePatterns(
			{
				...ctx,
				absences: [
					{
						id: 'a1',
						adviserId: 'conseiller-2',
						from: '2026-03-02',
						to: '2026-03-06',
						period: null,
						reason: 'formation'
					}
				]
			},
			[{ siteId: site.id, tourId: 'tournee-1', weekday: 2, weeks: 'odd', period: 'morning' }],
			'2026-03',
			1
		);
		const first = permanences.find((p) => p.date === '2026-03-03');
		expect(first?.adviserIds).toContain('conseiller-1');
		expect(first?.adviserIds).not.toContain('conseiller-2');
		expect(first?.explanations).toEqual([
			'Remplacement de Julien Delmas par Mehdi Lafon (absence : formation)'
		]);
		expect(permanences.find((p) => p.date === '2026-03-17')?.adviserIds).toEqual([
			'conseiller-1',
			'conseiller-2'
		]);
	});

	it('keeps the date with two agents when no conseiller numérique is free, with a warning', () => {
		const away = (adviserId: string, from: string, to: string) => ({
			id: `${adviserId}-${from}`,
			adviserId,
			from,
			to,
			period: null,
			reason: 'congés'
		});
		const digital = ['conseiller-2', 'conseiller-4', 'conseiller-6'];
		const pattern = [
			{
				siteId: site.id,
				tourId: 'tournee-1',
				weekday: 2 as const,
				weeks: 'odd' as const,
				period: 'morning' as const
			}
		];
		const { permanences } = materialisePatterns(
			{ ...ctx, absences: digital.map((a) => away(a, '2026-03-03', '2026-03-03')) },
			pattern,
			'2026-03',
			1
		);
		const kept = permanences.find((p) => p.date === '2026-03-03');
		expect(kept?.patternDate).toBeNull();
		expect(kept?.explanations).toContain(
			'Équipe sans conseiller numérique (choix du département : un par équipe)'
		);
		// A département without that wish: the same crew, no warning.
		const { permanences: relaxed } = materialisePatterns(
			{
				...ctx,
				absences: digital.map((a) => away(a, '2026-03-03', '2026-03-03')),
				rules: { minSpacingDays: 10, crewWithDigitalAdviser: false }
			},
			pattern,
			'2026-03',
			1
		);
		const same = relaxed.find((p) => p.date === '2026-03-03');
		expect(same?.adviserIds).toEqual(kept?.adviserIds);
		expect(same?.explanations.join()).not.toMatch(/conseiller numérique/);
	});

	it('moves when nobody can replace, and gives a notice when nothing fits', () => {
		const away = (adviserId: string, from: string, to: string) => ({
			id: `${adviserId}-${from}`,
			adviserId,
			from,
			to,
			period: null,
			reason: 'congés'
		});
		const everyone = ctx.advisers.map((a) => a.id);
		const { permanences } = materialisePatterns(
			{ ...ctx, absences: everyone.map((a) => away(a, '2026-03-03', '2026-03-03')) },
			[{ siteId: site.id, tourId: 'tournee-1', weekday: 2, weeks: 'odd', period: 'morning' }],
			'2026-03',
			1
		);
		const moved = permanences.find((p) => p.patternDate === '2026-03-03');
		expect(moved?.date).toBe('2026-03-04');
		expect(moved?.explanations[0]).toBe(
			'Déplacée du 03/03 (équipe indisponible : absence : congés, absence : congés) au 04/03'
		);

		const { permanences: none, notices } = materialisePatterns(
			{ ...ctx, absences: everyone.map((a) => away(a, '2026-03-01', '2026-03-31')) },
			[{ siteId: site.id, tourId: 'tournee-1', weekday: 2, weeks: 'odd', period: 'morning' }],
			'2026-03',
			1
		);
		expect(none).toEqual([]);
		expect(notices).toHaveLength(1);
		expect(notices[0]?.kind).toBe('unplaced');
		expect(notices[0]?.message).toContain('0 permanence en mars 2026 au lieu de 2');
	});
});
