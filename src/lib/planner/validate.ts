import { WEEKDAY_LABELS, type HalfDayPeriod, type Weekday } from '$lib/domain/site';
import {
	dayMonth,
	daysBetween,
	halfDayKey,
	isoWeekday,
	monthLabel,
	monthOf,
	PERIOD_LABELS
} from './calendar';
import { publicHolidayName } from './holidays';
import { crewMixWarning, crewProblem, lifecycleProblem, openingSlotOn } from './rules';
import type { IsoDate, Permanence, PlanIssue, PlannerContext } from './types';
import { buildWorld, comparePermanences, makePermanence, siteName, tourLabelOf, type World } from './world';

interface PlanIndex {
	vehicles: Map<string, Permanence[]>;
	advisers: Map<string, Permanence[]>;
	siteMonths: Map<string, Permanence[]>;
}

function push(map: Map<string, Permanence[]>, key: string, p: Permanence) {
	const list = map.get(key);
	if (list) list.push(p);
	else map.set(key, [p]);
}

function indexPlan(permanences: readonly Permanence[]): PlanIndex {
	const index: PlanIndex = { vehicles: new Map(), advisers: new Map(), siteMonths: new Map() };
	for (const p of permanences) {
		const half = halfDayKey(p.date, p.period);
		push(index.vehicles, `${p.tourId}|${half}`, p);
		for (const a of new Set(p.adviserIds)) push(index.advisers, `${a}|${half}`, p);
		push(index.siteMonths, `${p.siteId}|${monthOf(p.date)}`, p);
	}
	return index;
}

const thatHalfDay = (period: HalfDayPeriod) => (period === 'morning' ? 'ce matin-là' : 'cet après-midi-là');

/** Every rule one permanence breaks in the plan, in French. */
function issuesOf(p: Permanence, world: World, index: PlanIndex): PlanIssue[] {
	const issues: PlanIssue[] = [];
	const issue = (rule: PlanIssue['rule'], message: string, severity: PlanIssue['severity'] = 'rule') =>
		issues.push({ permanenceId: p.id, siteId: p.siteId, severity, rule, message });
	const site = world.sites.get(p.siteId);
	if (!site) {
		issue('lifecycle', 'Lieu inconnu');
		return issues;
	}
	const lifecycle = lifecycleProblem(site, p.date);
	if (lifecycle) issue('lifecycle', `Pas de permanence possible à cette date : ${lifecycle}`);
	if (!openingSlotOn(site, p.date, p.period)) {
		const weekday = isoWeekday(p.date);
		const day = weekday === 7 ? 'dimanche' : WEEKDAY_LABELS[weekday as Weekday];
		issue('openingSlot', `Le lieu n’accueille pas de permanence le ${day} ${PERIOD_LABELS[p.period]}`);
	}
	const holiday = publicHolidayName(p.date);
	if (holiday) issue('holiday', `Jour férié : ${holiday}`);

	const half = halfDayKey(p.date, p.period);
	for (const other of index.vehicles.get(`${p.tourId}|${half}`) ?? []) {
		if (other.id === p.id) continue;
		issue(
			'vehicle',
			`Le véhicule de la ${tourLabelOf(world, p.tourId)} est déjà à « ${siteName(world, other.siteId)} » ${thatHalfDay(p.period)}`
		);
	}
	const crew = p.adviserIds.map((id) => world.advisers.get(id));
	const crewIssue = crewProblem(crew);
	if (crewIssue) issue('crew', crewIssue);
	const mix = crewMixWarning(crew, world.rules);
	if (!crewIssue && mix) issue('crewMix', mix, 'warning');
	for (const adviser of crew) {
		if (!adviser) continue;
		const absence = world.absences.find(adviser.id, p.date, p.period);
		if (absence)
			issue('absence', `${adviser.name} est indisponible ce jour-là (absence : ${absence.reason})`);
		for (const other of index.advisers.get(`${adviser.id}|${half}`) ?? []) {
			if (other.id === p.id) continue;
			issue(
				'adviser',
				`${adviser.name} est déjà à « ${siteName(world, other.siteId)} » ${thatHalfDay(p.period)}`
			);
		}
	}

	const sameMonth = (index.siteMonths.get(`${p.siteId}|${monthOf(p.date)}`) ?? []).filter(
		(o) => o.id !== p.id
	);
	if (sameMonth.length >= 2) {
		issue('perMonth', `Déjà 2 autres permanences en ${monthLabel(monthOf(p.date))} pour ce lieu`);
	}
	const spacing = world.rules.minSpacingDays;
	for (const other of sameMonth) {
		const gap = daysBetween(other.date, p.date);
		if (Math.abs(gap) >= spacing) continue;
		issue(
			'spacing',
			gap >= 0
				? `Moins de ${spacing} jours après la permanence du ${dayMonth(other.date)} (règle du département)`
				: `Moins de ${spacing} jours avant la permanence du ${dayMonth(other.date)} (règle du département)`
		);
	}
	return issues;
}

/**
 * Checks a whole plan against the rules: vehicle and advisers in one place per half-day, no
 * holiday, site open and in service, at most 2 a month at least the département's minimum spacing
 * apart, a complete crew (two distinct available advisers) and, as a warning only, a conseiller
 * numérique in the crew when the département keeps that wish. A conflict between two
 * permanences is reported on both. Coverage (2 a month) is the notices' job.
 */
export function checkPlan(permanences: readonly Permanence[], ctx: PlannerContext): PlanIssue[] {
	const world = buildWorld(ctx);
	const index = indexPlan(permanences);
	return [...permanences].sort(comparePermanences).flatMap((p) => issuesOf(p, world, index));
}

export interface ProposedMove {
	date: IsoDate;
	period: HalfDayPeriod;
	/** A different crew, if the coordinator changes it too. */
	adviserIds?: [string, string];
}

/** The issues that refuse a plan or a move (warnings are shown, never refuse). */
export function bindingIssues<T extends Pick<PlanIssue, 'severity'>>(issues: readonly T[]): T[] {
	return issues.filter((i) => i.severity === 'rule');
}

/**
 * What one proposed manual move would break, to explain it live in the coordinator's calendar
 * ("Le véhicule de la tournée 2 est déjà à « Mairie de Caylus » ce matin-là"). Empty: the move is fine.
 */
export function checkMove(
	permanences: readonly Permanence[],
	ctx: PlannerContext,
	permanenceId: string,
	to: ProposedMove
): PlanIssue[] {
	const world = buildWorld(ctx);
	const current = permanences.find((p) => p.id === permanenceId);
	if (!current) {
		return [
			{ permanenceId, siteId: '', severity: 'rule', rule: 'lifecycle', message: 'Permanence inconnue' }
		];
	}
	const site = world.sites.get(current.siteId);
	const moved: Permanence = site
		? makePermanence(site, {
				...current,
				date: to.date,
				period: to.period,
				adviserIds: to.adviserIds ?? current.adviserIds
			})
		: { ...current, date: to.date, period: to.period };
	const plan = permanences.map((p) => (p.id === permanenceId ? moved : p));
	return issuesOf(moved, world, indexPlan(plan));
}
