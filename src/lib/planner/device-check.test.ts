import { describe, expect, it } from 'vitest';
import { checkMoveOnDevice } from './device-check';
import { tarnEtGaronneInputs } from './fixtures';
import type { Permanence } from './types';

const inputs = tarnEtGaronneInputs();
const permanence = (
	fields: Partial<Permanence> & Pick<Permanence, 'id' | 'siteId' | 'date'>
): Permanence => ({
	tourId: 'tournee-2',
	period: 'morning',
	start: '09:00',
	end: '12:00',
	adviserIds: ['conseiller-3', 'conseiller-4'],
	patternDate: null,
	explanations: [],
	...fields
});
const plan = [
	permanence({ id: 'a:1', siteId: 'mairie-auvillar', date: '2026-12-01' }),
	permanence({ id: 'a:2', siteId: 'mairie-auvillar', date: '2026-12-15' }),
	permanence({ id: 'd:1', siteId: 'mairie-dunes', date: '2026-12-08' })
];
const check = (id: string, date: string, period: 'morning' | 'afternoon' = 'morning') =>
	checkMoveOnDevice({
		permanences: plan,
		sites: inputs.sites,
		tours: inputs.tours,
		permanenceId: id,
		to: { date, period },
		today: '2026-11-23'
	});

describe('checkMoveOnDevice', () => {
	it('accepts a move the device can see no problem with, without judging crews it does not hold', () => {
		// The crews of the fixtures are unknown here: no crew or absence issue is reported.
		expect(check('d:1', '2026-12-10', 'afternoon')).toEqual([]);
	});
	it('refuses a public holiday, a half-day the van is elsewhere, and the past, each explained', () => {
		expect(check('d:1', '2026-12-25').map((i) => i.rule)).toContain('holiday');
		const busy = check('d:1', '2026-12-01');
		expect(busy.map((i) => i.rule)).toContain('vehicle');
		expect(busy.find((i) => i.rule === 'vehicle')?.message).toMatch(/véhicule/i);
		expect(check('d:1', '2026-11-20')).toEqual([
			expect.objectContaining({ rule: 'lifecycle', message: expect.stringMatching(/passé/) })
		]);
	});
	it('keeps the spacing rule: two permanences of a site at least 10 days apart', () => {
		expect(check('a:2', '2026-12-04').map((i) => i.rule)).toContain('spacing');
	});
	it('applies the département’s spacing as synced to the device', () => {
		const withRules = (minSpacingDays: number) =>
			checkMoveOnDevice({
				permanences: plan,
				sites: inputs.sites,
				tours: inputs.tours,
				permanenceId: 'a:2',
				to: { date: '2026-12-09', period: 'morning' },
				today: '2026-11-23',
				rules: { minSpacingDays, crewWithDigitalAdviser: true }
			}).map((i) => i.message);
		// 8 days after the 1 December: refused with the default 10 days or a chosen 9, accepted with 7.
		expect(withRules(10)).toEqual([
			'Moins de 10 jours après la permanence du 1er décembre (règle du département)'
		]);
		expect(withRules(9)).toEqual([
			'Moins de 9 jours après la permanence du 1er décembre (règle du département)'
		]);
		expect(withRules(7)).toEqual([]);
	});
});
