import type { EntityRowOf } from '$lib/contracts/synced';
import type { IsoDate, Permanence, PlanIssue, PlannerContext, PlannerSite, PlannerTour } from './types';
import { checkMove, type ProposedMove } from './validate';
import type { SuggestVisitSlotsInput } from './visits';

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

/** The planner's view of what a device holds: its synced sites, tours and planned permanences. */
export function plannerInputFromRows(rows: {
	sites: readonly EntityRowOf<'sites'>[];
	permanences: readonly EntityRowOf<'permanences'>[];
	tours: readonly EntityRowOf<'tours'>[];
}): { sites: PlannerSite[]; permanences: Permanence[]; tours: PlannerTour[] } {
	return {
		sites: rows.sites.map((s) => ({
			id: s.id,
			name: s.name,
			point: { lat: s.lat, lon: s.lon },
			tourId: s.tourId,
			openingSlots: s.openingSlots,
			status: s.status,
			closingOn: s.closingOn
		})),
		permanences: rows.permanences
			.filter((p) => p.status === 'planned')
			.map((p) => ({
				id: p.id,
				siteId: p.siteId,
				tourId: p.tourId,
				date: p.date,
				period: p.period,
				start: p.start,
				end: p.end,
				adviserIds: [p.adviserIds[0] ?? '', p.adviserIds[1] ?? ''],
				patternDate: null,
				explanations: []
			})),
		tours: rows.tours.map((t) => ({ id: t.id, number: t.number, name: t.name }))
	};
}

/**
 * What `suggestVisitSlots` needs to place an accepted home visit, from what an adviser's device
 * holds: the tour's planned permanences from `from`, the visits already booked, the sites, and
 * the depot (Montauban's centre, where the vans start).
 */
export function visitSlotsInputFromRows(rows: {
	tourId: string;
	from: IsoDate;
	visit: EntityRowOf<'homeVisits'>;
	permanences: readonly EntityRowOf<'permanences'>[];
	booked: readonly EntityRowOf<'homeVisits'>[];
	sites: readonly EntityRowOf<'sites'>[];
	depot: { lat: number; lon: number };
}): SuggestVisitSlotsInput {
	const { tourId, visit } = rows;
	const availability = visit.availability;
	return {
		tourId,
		permanences: rows.permanences
			.filter((p) => p.tourId === tourId && p.status === 'planned' && p.date >= rows.from)
			.map((p) => ({
				id: p.id,
				siteId: p.siteId,
				tourId,
				date: p.date,
				period: p.period,
				start: p.start,
				end: p.end
			})),
		visits: rows.booked.flatMap((b) =>
			b.date && b.start && b.end
				? [
						{
							id: b.id,
							tourId,
							date: b.date,
							period: b.period ?? 'morning',
							start: b.start,
							end: b.end,
							point: { lat: b.lat, lon: b.lon }
						}
					]
				: []
		),
		sites: rows.sites.map((s) => ({ id: s.id, name: s.name, point: { lat: s.lat, lon: s.lon } })),
		depot: rows.depot,
		workingWeekdays: [1, 2, 3, 4, 5],
		from: rows.from,
		request: {
			id: visit.id,
			point: { lat: visit.lat, lon: visit.lon },
			availability: {
				weekdays: availability.weekdays as (1 | 2 | 3 | 4 | 5 | 6)[],
				periods: availability.periods,
				from: availability.from ?? null,
				to: availability.to ?? null
			}
		}
	};
}
