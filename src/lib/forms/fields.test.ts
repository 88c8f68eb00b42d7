import { describe, expect, it } from 'vitest';
import { firstInError } from './fields';

describe('firstInError', () => {
	it('picks the first field in error in the order of the form, not of the messages', () => {
		const errors = { to: 'La fin…', userId: 'Choisissez…' };
		expect(firstInError(errors, ['userId', 'from', 'to'])).toBe('userId');
		expect(firstInError({ to: 'La fin…' }, ['userId', 'from', 'to'])).toBe('to');
		expect(firstInError({ form: 'Refusé' }, ['userId', 'from', 'to'])).toBeNull();
	});
});
