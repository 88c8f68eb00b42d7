import { describe, expect, it } from 'vitest';
import { localRulesInput } from '$lib/contracts';
import { defaultDueOn } from './level2';
import { DEFAULT_LOCAL_RULES, localRulesFromRow, withDefaults } from './local-rules';

describe('the département’s rules', () => {
	it('default to the département’s practice', () => {
		expect(DEFAULT_LOCAL_RULES).toEqual({
			minSpacingDays: 10,
			level2ResponseDays: 15,
			crewWithDigitalAdviser: true,
			idleLockMinutes: 15
		});
		expect(withDefaults(null)).toEqual(DEFAULT_LOCAL_RULES);
		expect(withDefaults({ minSpacingDays: 7 })).toEqual({ ...DEFAULT_LOCAL_RULES, minSpacingDays: 7 });
	});

	it('read a device’s row, a missing or ill-typed value falling back to its default', () => {
		expect(localRulesFromRow(undefined)).toEqual(DEFAULT_LOCAL_RULES);
		expect(
			localRulesFromRow({
				id: 'departement',
				minSpacingDays: 12,
				level2ResponseDays: 20,
				crewWithDigitalAdviser: false,
				idleLockMinutes: 5
			})
		).toEqual({
			minSpacingDays: 12,
			level2ResponseDays: 20,
			crewWithDigitalAdviser: false,
			idleLockMinutes: 5
		});
		expect(
			localRulesFromRow({
				minSpacingDays: '12',
				level2ResponseDays: -3,
				crewWithDigitalAdviser: 1,
				idleLockMinutes: 0
			})
		).toEqual(DEFAULT_LOCAL_RULES);
	});

	it('set the default answer date of a level-2 handover', () => {
		expect(defaultDueOn('2026-11-23', 'transmit')).toBe('2026-12-08');
		expect(defaultDueOn('2026-11-23', 'transmit', 20)).toBe('2026-12-13');
		expect(defaultDueOn('2026-11-23', 'chase', 20)).toBe('2026-12-01');
	});

	it('are refused out of bounds, with the field named in French', () => {
		const ok = {
			minSpacingDays: 14,
			level2ResponseDays: 90,
			crewWithDigitalAdviser: false,
			idleLockMinutes: 120
		};
		expect(localRulesInput.safeParse(ok).success).toBe(true);
		for (const [field, value, message] of [
			['minSpacingDays', 15, /au plus 14 jours/],
			['minSpacingDays', 2.5, /entier/],
			['minSpacingDays', 'dix', /nombre de jours attendu/],
			['level2ResponseDays', 0, /au moins 1 jour/],
			['idleLockMinutes', 0, /Verrouillage des appareils : au moins 1 minute/],
			['idleLockMinutes', 121, /au plus 120 minutes/]
		] as const) {
			const result = localRulesInput.safeParse({ ...ok, [field]: value });
			expect(result.success).toBe(false);
			expect(result.error?.issues[0]?.path).toEqual([field]);
			expect(result.error?.issues[0]?.message).toMatch(message);
		}
	});
});
