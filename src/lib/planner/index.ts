/**
 * The tour planner: pure functions from sites, tours, advisers and absences to recurring
 * patterns and dated permanences. See README.md in this folder.
 */
export type {
	Absence,
	IsoDate,
	IsoMonth,
	NoticeKind,
	Pattern,
	Permanence,
	PlanIssue,
	PlanNotice,
	PlannerAdviser,
	PlannerContext,
	PlannerSite,
	PlannerTour,
	WeekPair
} from './types';
export { planTours, DEFAULT_ITERATIONS, DEFAULT_MONTHS, type PlanToursInput, type PlanResult } from './plan';
export { replan, type ReplanInput, type ReplanResult, type PermanenceChange } from './replan';
export { bindingIssues, checkPlan, checkMove, type ProposedMove } from './validate';
export {
	checkMoveOnDevice,
	DEVICE_CHECKED_RULES,
	plannerInputFromRows,
	visitSlotsInputFromRows
} from './device-check';
export { naivePlan } from './naive';
export { describePattern } from './describe';
export {
	easterSunday,
	frenchPublicHolidays,
	isPublicHoliday,
	publicHolidayName,
	type PublicHoliday
} from './holidays';
export { greatCircleDetourModel, dayRouteKm, type DistanceModel, type DetourOptions } from './distance';
export { partitionSites, type PartitionInput, type PartitionResult } from './partition';
export {
	searchPatterns,
	DEFAULT_PATTERN_WEIGHTS,
	type PatternSearchInput,
	type PatternSearchResult,
	type PatternWeights
} from './patterns';
export { materialisePatterns } from './materialise';
export { kmOfPermanences, kmSharesOfPermanences, type PlanStats } from './stats';
export { buildWorld, type World } from './world';
export { patternDates } from './calendar';
export { openingSlotOn, openingSlotsOf, siteServes } from './rules';
export {
	suggestVisitSlots,
	checkVisitSlot,
	DEFAULT_MAX_VISITS_PER_HALF_DAY,
	DEFAULT_VISIT_HORIZON_DAYS,
	DEFAULT_VISIT_MINUTES,
	DEFAULT_VISIT_SLOT_COUNT,
	DEFAULT_VISIT_STEP_MINUTES,
	DEFAULT_VISIT_WEEKDAYS,
	type BlockedHalfDay,
	type CheckVisitSlotInput,
	type ScheduledVisit,
	type SuggestVisitSlotsInput,
	type VisitAvailability,
	type VisitPermanence,
	type VisitPlanningContext,
	type VisitRequest,
	type VisitSite,
	type VisitSlot,
	type VisitSlotProblem,
	type VisitSlotRule
} from './visits';
