import { describe, expect, it } from 'vitest';
import { absenceInput } from '$lib/contracts';
import { validateForm } from './validate';

describe('validateForm', () => {
	it('names the field in error and gives back what was typed, never a secret', () => {
		const result = validateForm(absenceInput, {
			userId: '00000000-0000-4000-8000-000000000001',
			from: '2027-03-20',
			to: '2027-03-18',
			period: null,
			reason: 'Formation',
			password: 'ne-pas-renvoyer'
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure.status).toBe(400);
		expect(result.failure.data.errors.to).toBe('La fin doit être le même jour que le début ou après.');
		expect(result.failure.data.values).toEqual({
			userId: '00000000-0000-4000-8000-000000000001',
			from: '2027-03-20',
			to: '2027-03-18',
			reason: 'Formation'
		});
	});
});
