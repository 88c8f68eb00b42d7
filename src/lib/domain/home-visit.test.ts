import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOME_VISIT_STATUSES, isClosed, nextStatuses, transitionProblem } from './home-visit';
import { ROLES } from './roles';

describe('home-visit state machine', () => {
	it('follows the agreed path and refuses shortcuts', () => {
		expect(transitionProblem('requested', 'accepted', 'coordinator')).toBeNull();
		expect(transitionProblem('accepted', 'scheduled', 'adviser', { hasSlot: true })).toBeNull();
		expect(transitionProblem('scheduled', 'done', 'adviser')).toBeNull();
		expect(transitionProblem('requested', 'done', 'coordinator')).toMatch(/ne peut pas passer/);
		expect(transitionProblem('done', 'cancelled', 'coordinator')).toMatch(/ne peut pas passer/);
		expect(transitionProblem('requested', 'accepted', 'relay')).toMatch(/rôle/);
		expect(transitionProblem('requested', 'refused', 'coordinator')).toMatch(/raison/);
		expect(transitionProblem('accepted', 'scheduled', 'coordinator')).toMatch(/créneau/);
		expect(transitionProblem('scheduled', 'scheduled', 'adviser', { hasSlot: true })).toBeNull();
	});

	it('never leaves a closed request, whoever asks', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...HOME_VISIT_STATUSES),
				fc.constantFrom(...HOME_VISIT_STATUSES),
				fc.constantFrom(...ROLES),
				(from, to, role) => {
					const problem = transitionProblem(from, to, role, { reason: 'x', hasSlot: true });
					if (isClosed(from)) expect(problem).not.toBeNull();
					if (problem === null) expect(nextStatuses(from, role)).toContain(to);
					if (role === 'admin') expect(problem).not.toBeNull();
				}
			)
		);
	});
});
