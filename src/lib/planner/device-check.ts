import type { IsoDate, Permanence, PlanIssue, PlannerContext, PlannerSite, PlannerTour } from './types';
import { checkMove, type ProposedMove } from './validate';

/**
 * The rules a device can judge from what it holds (sites, tours, published permanences): crews
 * and absences are not on devices, so the server checks those when the move reaches it.
 */
export const DEVICE_CHECKED_RULES: readonly PlanIssue['rule'][] = [
	'vehicle',
	'holiday',
	'spacing',
	'perMonth',
	'lifecycle',
	'openingSlot'
];

/**
 * What a move would break, judged on the device, offline: the same rules as the server's check
 * (`checkMove`) minus those that need crews and absences. Empty: worth sending.
 */
export function checkMoveOnDevice(input: {
	permanences: readonly Permanence[];
	sites: readonly PlannerSite[];
	tours: readonly PlannerTour[];
	permanenceId: string;
	to: ProposedMove;
	today: IsoDate;
	/** The département's rules as synced to the device; defaults when it has none yet. */
	rules?: PlannerContext['rules'];
}): PlanIssue[] {
	const current = input.permanences.find((p) => p.id === input.permanenceId);
	if (input.to.date < input.today) {
		return [
			{
				permanenceId: input.permanenceId,
				siteId: current?.siteId ?? '',
				severity: 'rule',
				rule: 'lifecycle',
				message: 'On ne peut pas déplacer une permanence dans le passé.'
			}
		];
	}
	const ctx = {
		sites: input.sites,
		tours: input.tours,
		advisers: [],
		absences: [],
		depot: { lat: 0, lon: 0 },
		rules: input.rules
	};
	return checkMove(input.permanences, ctx, input.permanenceId, input.to).filter((issue) =>
		DEVICE_CHECKED_RULES.includes(issue.rule)
	);
}
