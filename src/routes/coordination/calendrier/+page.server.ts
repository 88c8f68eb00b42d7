import { planAcceptance, planProposalRequest, publication } from '$lib/contracts';
import { addMonthsIso, daysInMonth, formatFrenchDayMonthYear, isoWeekday } from '$lib/domain/dates';
import { plural } from '$lib/domain/format';
import { permanenceState } from '$lib/domain/permanence-state';
import { frenchPublicHolidays } from '$lib/planner';
import { app } from '$lib/server/app';
import { field, formFailure, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { listAdvisers } from '$lib/server/services/accounts';
import {
	acceptPlan,
	proposePlan,
	sitePatternLabels,
	type Proposal
} from '$lib/server/services/plan-proposals';
import { listPermanences, type PermanenceRecord } from '$lib/server/services/permanences';
import { publicationPreview, publish, publishedThrough } from '$lib/server/services/publication';
import { listSites, listTours } from '$lib/server/services/referential';
import { Refusal } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const today = ctx.today();
	const query = event.url.searchParams;
	const requested = query.get('mois') ?? '';
	const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(requested) ? requested : today.slice(0, 7);
	const tourFilter = query.get('tournee') ?? '';
	const siteFilter = query.get('lieu') ?? '';
	const [tours, sites, advisers, through] = await Promise.all([
		listTours(ctx.db),
		listSites(ctx.db),
		listAdvisers(ctx.db, { includeFormer: true }),
		publishedThrough(ctx.db)
	]);
	const siteById = new Map(sites.map((s) => [s.id, s]));
	const adviserName = new Map(advisers.map((a) => [a.id, a.displayName]));
	const present = (p: PermanenceRecord) => ({
		id: p.id,
		date: p.date,
		period: p.period,
		start: p.start,
		end: p.end,
		tourId: p.tourId,
		site: siteById.get(p.siteId)?.name ?? p.siteId,
		commune: siteById.get(p.siteId)?.communeName ?? '',
		crew: p.adviserIds.map((id) => adviserName.get(id) ?? id),
		state: permanenceState(p)
	});
	const permanences = (
		await listPermanences(ctx.db, {
			from: `${month}-01`,
			to: `${month}-31`,
			includeCancelled: true,
			...(tourFilter ? { tourId: tourFilter } : {})
		})
	).map(present);
	// One site's view: its permanences over six months from the month shown.
	const siteView = siteFilter
		? (
				await listPermanences(ctx.db, {
					siteId: siteFilter,
					from: `${month}-01`,
					to: `${addMonthsIso(month, 5)}-31`,
					includeCancelled: true
				})
			).map(present)
		: null;
	const holidays = new Map(frenchPublicHolidays(Number(month.slice(0, 4))).map((h) => [h.date, h.name]));
	const days = daysInMonth(month)
		.filter((d) => isoWeekday(d) <= 6)
		.map((date) => ({
			date,
			weekday: isoWeekday(date),
			holiday: holidays.get(date) ?? null,
			permanences: permanences.filter((p) => p.date === date)
		}))
		.filter((d) => d.weekday <= 5 || d.permanences.length > 0);

	const patternOf = await sitePatternLabels(ctx.db);

	let proposal: (Omit<Proposal, 'permanences'> & { total: number }) | null = null;
	let proposalError: string | null = null;
	if (query.has('proposer')) {
		const v = planProposalRequest.safeParse({
			from: query.get('depuis') ?? month,
			months: query.get('duree') ?? '6',
			repartition: query.get('repartition') === '1'
		});
		if (!v.success) proposalError = 'Demande de proposition invalide : vérifiez le mois et la durée.';
		else {
			try {
				const { permanences: all, ...rest } = await proposePlan(ctx.db, { ...v.data, today });
				proposal = { ...rest, total: all.length };
			} catch (e) {
				if (e instanceof Refusal) proposalError = e.message;
				else throw e;
			}
		}
	}
	const siteLabel = (id: string) => siteById.get(id)?.name ?? id;
	let preview = null;
	const publishThrough = query.get('publier');
	if (publishThrough && /^\d{4}-\d{2}-\d{2}$/.test(publishThrough)) {
		const p = await publicationPreview(ctx.db, publishThrough, today);
		preview = {
			through: p.through,
			newDates: p.newDates.length,
			notices: p.notices.map((n) => ({
				id: n.permanence.id,
				site: siteLabel(n.permanence.siteId),
				kind: n.kind,
				reason: n.reason,
				old: n.permanence.public,
				next: n.kind === 'moved' ? { date: n.permanence.date, period: n.permanence.period } : null
			}))
		};
	}

	return {
		today,
		month,
		previousMonth: addMonthsIso(month, -1),
		nextMonth: addMonthsIso(month, 1),
		tourFilter,
		siteFilter,
		siteView,
		tours: tours.map((t) => ({ id: t.id, number: t.number, name: t.name, colour: t.colour })),
		days,
		sites: sites
			.filter((s) => s.tourId)
			.map((s) => ({ id: s.id, name: s.name, tourId: s.tourId, pattern: patternOf.get(s.id) ?? null })),
		publishedThrough: through,
		proposal: proposal && {
			...proposal,
			moved: proposal.moved.map((m) => ({
				site: siteLabel(m.before.siteId),
				before: { date: m.before.date, period: m.before.period },
				after: { date: m.after.date, period: m.after.period },
				reason: m.reason
			})),
			restaffed: proposal.restaffed.map((m) => ({
				site: siteLabel(m.before.siteId),
				date: m.before.date,
				period: m.before.period,
				reason: m.reason,
				crew: m.after.adviserIds.map((id) => adviserName.get(id) ?? id)
			})),
			cancelled: proposal.cancelled.map((c) => ({
				site: siteLabel(c.before.siteId),
				date: c.before.date,
				period: c.before.period,
				reason: c.reason
			})),
			notices: proposal.notices.map((n) => ({ ...n, site: siteLabel(n.siteId) })),
			tourChanges: proposal.tourChanges.map((c) => ({ ...c, site: siteLabel(c.siteId) }))
		},
		proposalError,
		preview
	};
};

/**
 * What « Publier » did, in French: « 3 nouvelles dates publiées jusqu'au 31 janvier 2027 ; 2 avis
 * de changement affichés au public. »
 */
function publicationSummary(newDates: number, notices: number, through: string): string {
	const until = `jusqu'au ${formatFrenchDayMonthYear(through)}`;
	const dates =
		newDates === 0
			? `Calendrier publié ${until}, sans nouvelle date`
			: `${plural(newDates, 'nouvelle date publiée', 'nouvelles dates publiées')} ${until}`;
	const changes =
		notices === 0
			? 'aucun changement à annoncer'
			: `${plural(notices, 'avis', 'avis')} de changement ${notices > 1 ? 'affichés' : 'affiché'} au public`;
	return `${dates} ; ${changes}.`;
}

export const actions: Actions = {
	accepter: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(planAcceptance, {
			from: field(form, 'from'),
			months: field(form, 'months'),
			repartition: field(form, 'repartition') === '1',
			fingerprint: field(form, 'fingerprint')
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			const { fingerprint, ...request } = v.data;
			const accepted = await acceptPlan(
				ctx.db,
				user,
				{ ...request, today: ctx.today() },
				fingerprint,
				ctx.now()
			);
			return {
				saved: `Calendrier enregistré : ${accepted.permanences.length} permanences. Rien n'est visible du public avant « Publier ».`
			};
		} catch (e) {
			return formFailure(e);
		}
	},
	publier: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(publication, { through: field(form, 'through') });
		if (!v.ok) return v.failure;
		const ctx = await app();
		const done = await publish(ctx.db, user, v.data.through, ctx.today(), ctx.now());
		return { saved: publicationSummary(done.newDates.length, done.notices.length, v.data.through) };
	}
};
