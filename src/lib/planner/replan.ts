import { Booking, chooseCrew, findMove, moveExplanation } from './booking';
import { monthOf, monthsFrom, shortDate } from './calendar';
import { publicHolidayName } from './holidays';
import { addShortfall, buildNotices, materialise, type Shortfalls } from './materialise';
import { DEFAULT_MONTHS } from './plan';
import { lifecycleProblem } from './rules';
import type { IsoDate, IsoMonth, Pattern, Permanence, PlanNotice, PlannerContext } from './types';
import { adviserName, buildWorld, comparePermanences, makePermanence, siteName } from './world';

export interface ReplanInput extends PlannerContext {
	/** Permanences already announced to citizens. */
	published: readonly Permanence[];
	/** Patterns in force, for the months not published yet. */
	patterns: readonly Pattern[];
	from: IsoMonth;
	months?: number;
	/** Nothing before this date changes, and nothing moves into the past. */
	today: IsoDate;
}

export interface PermanenceChange {
	before: Permanence;
	after: Permanence;
	reason: string;
}

export interface ReplanResult {
	/** Published and still valid: unchanged, field for field. */
	kept: Permanence[];
	/** Same date and half-day, another adviser (a replacement keeps the announced date). */
	restaffed: PermanenceChange[];
	/** Published, moved to another half-day (its id stays). */
	moved: PermanenceChange[];
	cancelled: { before: Permanence; reason: string }[];
	/** New permanences for what was not published yet. */
	added: Permanence[];
	/** The whole resulting plan. */
	permanences: Permanence[];
	notices: PlanNotice[];
}

/**
 * Re-plans around what changed (a site closing, an absence) while disturbing the published
 * calendar as little as possible: published permanences still valid stay exactly as they are
 * and are booked first; the ones an absence hits get a replacement on the same half-day, else
 * move to the nearest valid half-day of the month, else are cancelled; permanences of a site no
 * longer in service are cancelled. Only then are the unpublished ones generated from the patterns.
 */
export function replan(input: ReplanInput): ReplanResult {
	const world = buildWorld(input);
	const months = monthsFrom(input.from, input.months ?? DEFAULT_MONTHS);
	const booking = new Booking();
	const shortfalls: Shortfalls = new Map();
	const result: ReplanResult = {
		kept: [],
		restaffed: [],
		moved: [],
		cancelled: [],
		added: [],
		permanences: [],
		notices: []
	};
	const cancel = (before: Permanence, reason: string, kind: 'lifecycle' | 'unplaced') => {
		result.cancelled.push({ before, reason });
		addShortfall(shortfalls, before.siteId, monthOf(before.date), {
			kind,
			text: `celle du ${shortDate(before.date)} est annulée (${reason})`
		});
	};

	const published = [...input.published].sort(comparePermanences);
	const affected: { p: Permanence; reason: string }[] = [];
	for (const p of published) {
		if (p.date < input.today) {
			booking.add(p);
			result.kept.push(p);
			continue;
		}
		const site = world.sites.get(p.siteId);
		const lifecycle = site ? lifecycleProblem(site, p.date) : 'lieu supprimé';
		if (lifecycle) {
			cancel(p, lifecycle, 'lifecycle');
			continue;
		}
		const holiday = publicHolidayName(p.date);
		const away = p.adviserIds.flatMap((id) => {
			const absence = world.absences.find(id, p.date, p.period);
			return absence ? [`absence de ${adviserName(world, id)} : ${absence.reason}`] : [];
		});
		const clash =
			booking.vehicleAt(p.tourId, p.date, p.period) ??
			p.adviserIds.map((a) => booking.adviserAt(a, p.date, p.period)).find(Boolean);
		if (holiday) affected.push({ p, reason: `férié : ${holiday}` });
		else if (away.length > 0) affected.push({ p, reason: away.join(', ') });
		else if (clash) affected.push({ p, reason: `conflit avec « ${siteName(world, clash.siteId)} »` });
		else {
			booking.add(p);
			result.kept.push(p);
		}
	}

	// Replacements first, for every affected permanence, while each still holds its own half-day:
	// a move must not take the slot of a permanence that could have kept its date.
	const toMove: { p: Permanence; reason: string }[] = [];
	for (const { p, reason } of affected) {
		if (!publicHolidayName(p.date) && !booking.vehicleAt(p.tourId, p.date, p.period)) {
			const crew = chooseCrew(world, booking, p.tourId, p.adviserIds, p.date, p.period);
			if (crew.ok) {
				const after: Permanence = {
					...p,
					adviserIds: crew.adviserIds,
					explanations: [...p.explanations, ...crew.explanations]
				};
				booking.add(after);
				result.restaffed.push({ before: p, after, reason });
				continue;
			}
		}
		toMove.push({ p, reason });
	}
	const processed = new Set<string>();
	for (const { p, reason } of toMove) {
		processed.add(p.id);
		const site = world.sites.get(p.siteId);
		if (!site) continue;
		const otherDates = [
			...booking.ofSiteMonth(p.siteId, monthOf(p.date)).map((o) => o.date),
			...toMove
				.filter(
					(o) => o.p.siteId === p.siteId && monthOf(o.p.date) === monthOf(p.date) && !processed.has(o.p.id)
				)
				.map((o) => o.p.date)
		];
		const found = findMove(world, booking, {
			site,
			tourId: p.tourId,
			expectedCrew: p.adviserIds,
			date: p.date,
			period: p.period,
			otherDates,
			notBefore: input.today
		});
		if (!found) {
			cancel(p, `${reason} ; aucun autre créneau possible dans le mois`, 'unplaced');
			continue;
		}
		const after = makePermanence(site, {
			id: p.id,
			tourId: p.tourId,
			date: found.date,
			period: found.period,
			adviserIds: found.crew.adviserIds,
			patternDate: p.patternDate ?? p.date,
			explanations: [...p.explanations, moveExplanation(p, found, reason), ...found.crew.explanations]
		});
		booking.add(after);
		result.moved.push({ before: p, after, reason });
	}

	const { added } = materialise(world, input.patterns, months, {
		booking,
		skip: new Set(published.map((p) => p.id)),
		notBefore: input.today
	});
	result.added = added;
	result.permanences = booking.list();
	result.notices = [
		...result.cancelled.map(({ before, reason }) => ({
			siteId: before.siteId,
			month: monthOf(before.date),
			kind: 'cancelled' as const,
			message: `Permanence du ${shortDate(before.date)} à « ${siteName(world, before.siteId)} » annulée : ${reason}.`
		})),
		...buildNotices(world, result.permanences, shortfalls, months, input.patterns)
	];
	return result;
}
