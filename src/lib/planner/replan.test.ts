import { describe, expect, it } from 'vitest';
import { tarnEtGaronneInputs } from './fixtures';
import { planTours } from './plan';
import { replan } from './replan';
import type { Absence } from './types';
import { checkPlan } from './validate';

const inputs = tarnEtGaronneInputs();
const plan = planTours({ ...inputs, from: '2026-03', months: 6, seed: 7, iterations: 5000 });
const published = plan.permanences;
const base = { ...inputs, published, patterns: plan.patterns, from: '2026-03', months: 6 };

describe('replan', () => {
	it('changes nothing when nothing changed', () => {
		const result = replan({ ...base, today: '2026-03-01' });
		expect(result.kept).toEqual(published);
		expect(result.permanences).toEqual(published);
		expect([...result.moved, ...result.restaffed, ...result.cancelled, ...result.added]).toEqual([]);
		expect(result.notices).toEqual([]);
	});

	it('closing Lamagistère removes only its later permanences, with notices', () => {
		const lamagistere = inputs.sites.find((s) => inputs.inseeOf[s.id] === '82089');
		if (!lamagistere) throw new Error('Lamagistère (INSEE 82089) not in the referential');
		const sites = inputs.sites.map((s) =>
			s.id === lamagistere.id ? { ...s, status: 'closing' as const, closingOn: '2026-04-15' } : s
		);
		const result = replan({ ...base, sites, today: '2026-03-20' });
		const later = published.filter((p) => p.siteId === lamagistere.id && p.date > '2026-04-15');
		expect(later.length).toBeGreaterThanOrEqual(8);
		expect(result.cancelled.map((c) => c.before)).toEqual(later);
		for (const c of result.cancelled) expect(c.reason).toBe('fermeture du lieu le 15 avril');
		expect(result.kept).toEqual(published.filter((p) => !later.includes(p)));
		expect([...result.moved, ...result.restaffed, ...result.added]).toEqual([]);
		const cancelledNotices = result.notices.filter((n) => n.kind === 'cancelled');
		expect(cancelledNotices).toHaveLength(later.length);
		expect(cancelledNotices[0]?.message).toMatch(
			/^Permanence du \d\d\/\d\d à « Mairie de Lamagistère » annulée : fermeture du lieu le 15 avril\.$/
		);
		expect(checkPlan(result.permanences, { ...inputs, sites })).toEqual([]);
	});

	it('a two-week absence changes only the permanences that adviser staffed then', () => {
		const absence: Absence = {
			id: 'abs-1',
			adviserId: 'conseiller-4',
			from: '2026-05-04',
			to: '2026-05-17',
			period: null,
			reason: 'congés'
		};
		const hit = published.filter(
			(p) => p.adviserIds.includes('conseiller-4') && p.date >= absence.from && p.date <= absence.to
		);
		expect(hit.length).toBeGreaterThan(3);
		const result = replan({ ...base, absences: [absence], today: '2026-04-20' });
		const changed = [...result.restaffed, ...result.moved].map((c) => c.before);
		expect(
			[...changed, ...result.cancelled.map((c) => c.before)].sort((a, b) => a.id.localeCompare(b.id))
		).toEqual([...hit].sort((a, b) => a.id.localeCompare(b.id)));
		expect(result.kept).toEqual(published.filter((p) => !hit.includes(p)));
		expect(result.added).toEqual([]);
		// Replacing keeps the announced date: preferred to moving, and explained. Moves happen only
		// when no other tour is idle that half-day (e.g. around the 8 May holiday).
		expect(result.restaffed.length).toBeGreaterThanOrEqual(hit.length / 2);
		// A cancellation only when no half-day of the month fits (here: the first week of May,
		// packed around the 1 and 8 May holidays), and it is announced.
		for (const { before, reason } of result.cancelled) {
			expect(reason).toMatch(/^absence de Mehdi Lafon : congés ; aucun autre créneau possible dans le mois$/);
			expect(result.notices.some((n) => n.kind === 'cancelled' && n.siteId === before.siteId)).toBe(true);
		}
		for (const { after } of result.moved) {
			expect(after.explanations.join(' | ')).toMatch(
				/Déplacée du .+ \(absence de Mehdi Lafon : congés\) au /
			);
		}
		for (const { before, after } of result.restaffed) {
			expect(after.date).toBe(before.date);
			expect(after.period).toBe(before.period);
			expect(after.adviserIds).not.toContain('conseiller-4');
			expect(after.explanations.at(-1)).toMatch(/^Remplacement de Mehdi Lafon par .+ \(absence : congés\)$/);
		}
		expect(checkPlan(result.permanences, { ...inputs, absences: [absence] })).toEqual([]);
	});

	it('moves a permanence when nobody can replace, and never into the past', () => {
		// Every adviser is away on one published half-day (a crew without a conseiller numérique
		// would only be a warning: replacing by two agents keeps the date).
		const target = published.find(
			(p) => p.date >= '2026-06-01' && p.tourId === 'tournee-1' && p.id.endsWith(':2')
		);
		if (!target) throw new Error('no permanence');
		const absences: Absence[] = inputs.advisers.map(({ id: adviserId }) => ({
			id: `abs-${adviserId}`,
			adviserId,
			from: target.date,
			to: target.date,
			period: target.period,
			reason: 'formation'
		}));
		const result = replan({ ...base, absences, today: target.date });
		const moved = result.moved.find((m) => m.before.id === target.id);
		if (!moved) throw new Error('not moved');
		expect(moved.after.date > target.date || moved.after.period !== target.period).toBe(true);
		expect(moved.after.date >= target.date).toBe(true);
		expect(moved.after.patternDate).toBe(target.patternDate ?? target.date);
		expect(moved.after.explanations.join(' | ')).toMatch(
			/^Déplacée du .+ \(.*absence de Julien Delmas : formation\) au /
		);
		expect(checkPlan(result.permanences, { ...inputs, absences })).toEqual([]);
	});

	it('generates the months not yet published, matching ids', () => {
		const firstThree = published.filter((p) => p.date < '2026-06-01');
		const result = replan({ ...base, published: firstThree, today: '2026-03-01' });
		expect(result.kept).toEqual(firstThree);
		expect(result.added).toEqual(published.filter((p) => p.date >= '2026-06-01'));
	});

	it('leaves the past alone', () => {
		const absence: Absence = {
			id: 'a',
			adviserId: 'conseiller-1',
			from: '2026-03-01',
			to: '2026-03-31',
			period: null,
			reason: 'maladie'
		};
		const result = replan({ ...base, absences: [absence], today: '2026-04-01' });
		expect(result.kept.filter((p) => p.date < '2026-04-01')).toEqual(
			published.filter((p) => p.date < '2026-04-01')
		);
		expect(result.restaffed).toEqual([]);
	});
});
