/** An activity record as a device sends it — the common case: anonymous, one theme, level 1. */
export function activityRecord(fields: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		date: '2026-11-23',
		place: 'other',
		permanenceId: null,
		homeVisitId: null,
		format: 'individual',
		workshop: null,
		person: { ageBracket: null, communeInsee: null, status: null },
		adminThemes: ['moneyTaxes'],
		digitalThemes: [],
		operator: 'dgfip',
		level: 1,
		autonomy: 'autonomousWithHelp',
		equipment: ['computer'],
		aidantsConnect: null,
		orientations: [],
		durationMinutes: 30,
		outcome: 'resolved',
		note: '',
		...fields
	};
}
