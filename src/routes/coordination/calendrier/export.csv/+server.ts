import { PERIOD_LABELS } from '$lib/domain/dates';
import { csvResponse, toCsv } from '$lib/server/csv';
import { endpoint } from '$lib/server/http/endpoints';
import { listAdvisers } from '$lib/server/services/accounts';
import { listPermanences } from '$lib/server/services/permanences';
import { listSites, listTours } from '$lib/server/services/referential';

/** The plan from today on, one row per permanence, for the coordinator's own spreadsheets. */
export const GET = endpoint(['coordinator'], async ({ ctx }) => {
	const today = ctx.today();
	const [permanences, sites, tours, advisers] = await Promise.all([
		listPermanences(ctx.db, { from: today, includeCancelled: true }),
		listSites(ctx.db),
		listTours(ctx.db),
		listAdvisers(ctx.db, { includeFormer: true })
	]);
	const site = new Map(sites.map((s) => [s.id, s]));
	const tour = new Map(tours.map((t) => [t.id, t]));
	const adviser = new Map(advisers.map((a) => [a.id, a.displayName]));
	const rows = permanences.map((p) => [
		p.date,
		PERIOD_LABELS[p.period],
		p.start,
		p.end,
		tour.get(p.tourId)?.number ?? '',
		site.get(p.siteId)?.name ?? p.siteId,
		site.get(p.siteId)?.communeName ?? '',
		site.get(p.siteId)?.communeInsee ?? '',
		p.adviserIds.map((id) => adviser.get(id) ?? id).join(' et '),
		p.status === 'cancelled' ? 'annulée' : 'prévue',
		p.public ? (p.public.status === 'cancelled' ? 'annulée' : 'publiée') : 'brouillon',
		p.changeReason,
		p.id
	]);
	return csvResponse(
		`calendrier-tournees-${today}.csv`,
		toCsv(
			[
				'date',
				'demi_journee',
				'debut',
				'fin',
				'tournee',
				'lieu',
				'commune',
				'code_insee',
				'equipe',
				'etat',
				'publication',
				'changement_a_publier',
				'identifiant'
			],
			rows
		)
	);
});
