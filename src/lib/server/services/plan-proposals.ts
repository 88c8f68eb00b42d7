import { createHash } from 'node:crypto';
import {
	bindingIssues,
	checkMove,
	describePattern,
	planTours,
	replan,
	type Pattern,
	type Permanence,
	type PlanIssue,
	type PlanNotice,
	type PlannerContext,
	type ProposedMove
} from '$lib/planner';
import { openingSlotOn } from '$lib/planner/rules';
import { addMonthsIso, lastDayOfMonth } from '$lib/domain/dates';
import type { AdviserKind } from '$lib/domain/roles';
import type { HalfDayPeriod, Weekday } from '$lib/domain/site';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { Refusal } from '../errors';
import { getLocalRules } from './local-rules';
import { applySiteUpdate, listSites, listTours } from './referential';
import {
	getPermanence,
	listPermanences,
	movePermanence,
	writePlan,
	type PermanenceRecord
} from './permanences';
import { listAbsences } from './absences';

/** The seed of the planner's search: fixed, so the same inputs give the same proposal. */
export const PLANNER_SEED = 82;

/** Everything the pure planner needs, read from the database. */
export async function plannerContext(db: DB, today: string): Promise<PlannerContext> {
	const [sites, tours, advisers, absences, rules] = await Promise.all([
		listSites(db),
		listTours(db),
		db
			.selectFrom('users')
			.select(['id', 'display_name', 'adviser_kind', 'tour_id'])
			.where('role', '=', 'adviser')
			.where('active', '=', 1)
			.orderBy('display_name')
			.execute(),
		listAbsences(db, { from: today }),
		getLocalRules(db)
	]);
	const headquarters = sites.find((s) => s.kind === 'departmentHeadquarters');
	return {
		sites: sites.map((s) => ({
			id: s.id,
			name: s.name,
			point: { lat: s.lat, lon: s.lon },
			tourId: s.tourId,
			openingSlots: s.openingSlots,
			status: s.lifecycle.status,
			closingOn: s.lifecycle.closingOn
		})),
		tours: tours.map((t) => ({ id: t.id, number: t.number, name: t.name })),
		advisers: advisers.map((a) => ({
			id: a.id,
			name: a.display_name,
			kind: (a.adviser_kind ?? 'franceServicesAgent') as AdviserKind,
			tourId: a.tour_id
		})),
		absences: absences.map((a) => ({
			id: a.id,
			adviserId: a.userId,
			from: a.from,
			to: a.to,
			period: a.period,
			reason: a.reason
		})),
		// Every van leaves from the Hôtel du Département in Montauban and comes back there each day.
		depot: headquarters ? { lat: headquarters.lat, lon: headquarters.lon } : { lat: 44.0176, lon: 1.355 },
		rules: { minSpacingDays: rules.minSpacingDays, crewWithDigitalAdviser: rules.crewWithDigitalAdviser }
	};
}

export function toPlannerPermanence(p: PermanenceRecord): Permanence {
	return {
		id: p.id,
		siteId: p.siteId,
		tourId: p.tourId,
		date: p.date,
		period: p.period,
		start: p.start,
		end: p.end,
		adviserIds: [p.adviserIds[0] ?? '', p.adviserIds[1] ?? ''],
		patternDate: p.patternDate,
		explanations: p.explanations
	};
}

/** The sites' current patterns (weekday, half-day, even or odd weeks), as the last accepted plan left them. */
export async function listSitePatterns(db: DB): Promise<Pattern[]> {
	const rows = await db.selectFrom('site_patterns').selectAll().execute();
	return rows.map((r) => ({
		siteId: r.site_id,
		tourId: r.tour_id,
		weekday: r.weekday as Weekday,
		period: r.period as HalfDayPeriod,
		weeks: r.weeks === 'even' ? 'even' : 'odd'
	}));
}

export interface ProposalRequest {
	/** First month, `YYYY-MM`. */
	from: string;
	months: number;
	/** Propose a new distribution of the sites between the tours (only before anything is published). */
	repartition: boolean;
	today: string;
}

export interface Proposal {
	mode: 'initial' | 'replan';
	request: ProposalRequest;
	/** The resulting working plan from `today` to the end of the horizon. */
	permanences: Permanence[];
	patterns: Pattern[];
	/** siteId → tourId, when the proposal changes a site's tour. */
	tourChanges: { siteId: string; from: string | null; to: string }[];
	kept: number;
	added: number;
	moved: { before: Permanence; after: Permanence; reason: string }[];
	restaffed: { before: Permanence; after: Permanence; reason: string }[];
	cancelled: { before: Permanence; reason: string }[];
	notices: PlanNotice[];
	kmPerMonth: number | null;
	/** Hash of the proposal: accepting checks that nothing changed since it was shown. */
	fingerprint: string;
	window: { from: string; to: string };
}

/**
 * A proposal for the horizon. With nothing published in it yet, the planner plans from scratch
 * (keeping the patterns in force where it can); otherwise it re-plans around what changed and
 * keeps every published date that is still valid.
 */
export async function proposePlan(db: DB, request: ProposalRequest): Promise<Proposal> {
	if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(request.from)) {
		throw new Refusal('invalid', 'Mois de départ invalide (attendu : AAAA-MM).');
	}
	if (!Number.isInteger(request.months) || request.months < 1 || request.months > 12) {
		throw new Refusal('invalid', 'La durée doit être de 1 à 12 mois.');
	}
	const ctx = await plannerContext(db, request.today);
	const windowStart = `${request.from}-01` < request.today ? request.today : `${request.from}-01`;
	const windowEnd = lastDayOfMonth(addMonthsIso(request.from, request.months - 1));
	const existing = (await listPermanences(db, { from: `${request.from}-01`, to: windowEnd })).filter(
		(p) => p.public !== null
	);
	const patterns = await listSitePatterns(db);
	const inWindow = (p: Permanence) => p.date >= windowStart && p.date <= windowEnd;

	let base: Omit<Proposal, 'fingerprint' | 'window' | 'request'>;
	if (existing.length === 0) {
		if (request.repartition && (await anythingPublishedAfter(db, request.today))) {
			throw new Refusal(
				'conflict',
				'Des dates sont déjà publiées : la répartition des lieux entre tournées ne peut plus être revue. Changez la tournée d’un lieu depuis sa fiche.'
			);
		}
		const result = planTours({
			...ctx,
			from: request.from,
			months: request.months,
			seed: PLANNER_SEED,
			previousPatterns: patterns,
			repartition: request.repartition
		});
		const permanences = result.permanences.filter(inWindow);
		base = {
			mode: 'initial',
			permanences,
			patterns: result.patterns,
			tourChanges: ctx.sites.flatMap((s) => {
				const to = result.assignment[s.id];
				return to && to !== s.tourId ? [{ siteId: s.id, from: s.tourId, to }] : [];
			}),
			kept: 0,
			added: permanences.length,
			moved: [],
			restaffed: [],
			cancelled: [],
			notices: result.notices,
			kmPerMonth: Math.round(result.stats.kmPerMonth)
		};
	} else {
		const result = replan({
			...ctx,
			published: existing.map(toPlannerPermanence),
			patterns,
			from: request.from,
			months: request.months,
			today: request.today
		});
		base = {
			mode: 'replan',
			permanences: result.permanences.filter(inWindow),
			patterns,
			tourChanges: [],
			kept: result.kept.filter((p) => inWindow(p)).length,
			added: result.added.filter(inWindow).length,
			moved: result.moved,
			restaffed: result.restaffed,
			cancelled: result.cancelled,
			notices: result.notices,
			kmPerMonth: null
		};
	}
	const fingerprint = createHash('sha256')
		.update(JSON.stringify([base.permanences, base.cancelled, base.tourChanges]))
		.digest('base64url')
		.slice(0, 22);
	return { ...base, request, fingerprint, window: { from: windowStart, to: windowEnd } };
}

async function anythingPublishedAfter(db: DB, today: string): Promise<boolean> {
	const row = await db
		.selectFrom('permanences')
		.select('id')
		.where('public_status', 'is not', null)
		.where('public_date', '>=', today)
		.executeTakeFirst();
	return row !== undefined;
}

/** Writes a proposal the coordinator accepted, if nothing changed since it was shown. */
export async function acceptPlan(
	db: DB,
	actor: SessionUser,
	request: ProposalRequest,
	fingerprint: string,
	now: Date
): Promise<Proposal> {
	const proposal = await proposePlan(db, request);
	if (proposal.fingerprint !== fingerprint) {
		throw new Refusal(
			'conflict',
			'Le calendrier ou ses données ont changé depuis cette proposition : vérifiez la nouvelle proposition avant de l’accepter.'
		);
	}
	const sites = new Map((await listSites(db)).map((s) => [s.id, s]));
	for (const change of proposal.tourChanges) {
		const site = sites.get(change.siteId);
		if (site) await applySiteUpdate(db, actor, site, { tourId: change.to }, now);
	}
	const reasons: Record<string, string> = {};
	for (const m of [...proposal.moved, ...proposal.restaffed]) reasons[m.after.id] = m.reason;
	for (const c of proposal.cancelled) reasons[c.before.id] = c.reason;
	await writePlan(
		db,
		actor,
		{
			from: proposal.window.from,
			to: proposal.window.to,
			permanences: proposal.permanences,
			reasons,
			patterns: proposal.patterns
		},
		now
	);
	return proposal;
}

/** What moving one permanence would break, explained in French (empty: the move is fine). */
export async function checkPermanenceMove(
	db: DB,
	id: string,
	move: ProposedMove,
	today: string
): Promise<{ permanence: PermanenceRecord; issues: PlanIssue[] }> {
	const permanence = await getPermanence(db, id);
	if (!permanence) throw new Refusal('notFound', 'Permanence introuvable.');
	if (move.date < today) {
		return {
			permanence,
			issues: [
				{
					permanenceId: id,
					siteId: permanence.siteId,
					severity: 'rule',
					rule: 'lifecycle',
					message: 'On ne peut pas déplacer une permanence dans le passé.'
				}
			]
		};
	}
	const month = move.date.slice(0, 7);
	const around = await listPermanences(db, {
		from: `${month}-01`,
		to: lastDayOfMonth(month)
	});
	const ctx = await plannerContext(db, today);
	const plan = [...around.filter((p) => p.id !== id), permanence].map(toPlannerPermanence);
	return { permanence, issues: checkMove(plan, ctx, id, move) };
}

/** Moves a permanence after checking the rules; a broken rule is explained, nothing is written. */
export async function moveCheckedPermanence(
	db: DB,
	actor: SessionUser,
	id: string,
	move: ProposedMove & { reason: string },
	today: string,
	now: Date
): Promise<PermanenceRecord> {
	const issues = bindingIssues((await checkPermanenceMove(db, id, move, today)).issues);
	if (issues.length > 0) {
		throw new Refusal(
			'conflict',
			'Ce déplacement enfreint les règles du calendrier.',
			issues.map((i) => ({ path: i.rule, message: i.message }))
		);
	}
	const ctx = await plannerContext(db, today);
	const current = await getPermanence(db, id);
	const site = ctx.sites.find((s) => s.id === current?.siteId);
	const slot = site ? openingSlotOn(site, move.date, move.period) : null;
	if (!slot) throw new Refusal('conflict', 'Le lieu n’est pas ouvert à ce moment-là.');
	const hours = slot;
	return movePermanence(
		db,
		actor,
		id,
		{
			date: move.date,
			period: move.period,
			start: hours.start,
			end: hours.end,
			...(move.adviserIds ? { adviserIds: [...move.adviserIds] } : {}),
			reason: move.reason
		},
		now
	);
}

/** Each site's pattern in words ("2e et 4e mardis matin"…), for the coordinator's pages. */
export async function sitePatternLabels(db: DB): Promise<Map<string, string>> {
	return new Map((await listSitePatterns(db)).map((p) => [p.siteId, describePattern(p)]));
}
