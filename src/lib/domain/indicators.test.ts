import { describe, expect, it } from 'vitest';
import { frenchMonth, monthsBetween, peopleOfRecord, permanenceOutcome } from './indicators';

describe('indicator rules', () => {
	it('counts one person per individual record and the participants of a workshop', () => {
		expect(peopleOfRecord('individual', null)).toBe(1);
		expect(peopleOfRecord('individual', 12)).toBe(1);
		expect(peopleOfRecord('collective', 12)).toBe(12);
		expect(peopleOfRecord('collective', null)).toBe(0);
	});

	it('lists the months of a period, across a year', () => {
		expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
		expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
	});

	it('says what became of a permanence', () => {
		expect(permanenceOutcome('planned', true)).toBe('held');
		expect(permanenceOutcome('planned', false)).toBe('upcoming');
		expect(permanenceOutcome('cancelled', true)).toBe('cancelled');
		expect(permanenceOutcome('cancelled', false)).toBe('cancelled');
	});

	it('names months in French', () => {
		expect(frenchMonth('2026-01')).toBe('janvier 2026');
		expect(frenchMonth('2026-02', true)).toBe('févr. 2026');
	});
});
