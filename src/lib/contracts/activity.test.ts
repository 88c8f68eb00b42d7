import { describe, expect, it } from 'vitest';
import { AIDANTS_CONNECT_DOMAINS, mandateEnd } from '$lib/domain/activity';
import { fieldErrors } from '$lib/forms/fields';
import { activityRecord } from '../../../tests/integration/fixtures';
import { activityRecordInput } from './activity';

/** The common record of the integration tests, with a mandate. */
const record = (aidantsConnect: unknown) => activityRecord({ aidantsConnect });

describe('an Aidants Connect mandate on a record', () => {
	it("uses Aidants Connect's ten domains, without « associations »", () => {
		expect(AIDANTS_CONNECT_DOMAINS).toHaveLength(10);
		expect(AIDANTS_CONNECT_DOMAINS).not.toContain('associations');
		const refused = activityRecordInput.safeParse(
			record({ scope: ['associations'], duration: 'oneMonth', until: '2027-04-15' })
		);
		expect(refused.success).toBe(false);
	});

	it('asks for one of the four durations, and still reads records made before it was asked', () => {
		const missing = activityRecordInput.safeParse(
			record({ scope: ['housing'], duration: '', until: '2027-03-15' })
		);
		expect(missing.success).toBe(false);
		if (!missing.success)
			expect(fieldErrors(missing.error)['aidantsConnect.duration']).toBe('Choisissez la durée du mandat.');
		expect(
			activityRecordInput.safeParse(
				record({ scope: ['housing'], duration: 'sixMonths', until: '2027-09-15' })
			).success
		).toBe(true);
		expect(activityRecordInput.safeParse(record({ scope: ['housing'], until: '2027-09-15' })).success).toBe(
			true
		);
	});

	it('ends the mandate after its duration, the same day of a later month (or that month’s last)', () => {
		expect(mandateEnd('2027-03-15', 'oneDay')).toBe('2027-03-15');
		expect(mandateEnd('2027-03-15', 'oneMonth')).toBe('2027-04-15');
		expect(mandateEnd('2027-03-15', 'sixMonths')).toBe('2027-09-15');
		expect(mandateEnd('2027-03-15', 'twelveMonths')).toBe('2028-03-15');
		expect(mandateEnd('2027-01-31', 'oneMonth')).toBe('2027-02-28');
		expect(mandateEnd('2027-08-31', 'sixMonths')).toBe('2028-02-29');
	});
});
