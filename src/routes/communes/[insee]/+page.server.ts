import { error } from '@sveltejs/kit';
import { announcedEndText, awaitsLabelling, effectiveStatus, SITE_KIND_LABELS } from '$lib/domain/site';
import { app } from '$lib/server/app';
import { getCommune, listSites, listTours, listOperators } from '$lib/server/services/referential';
import { nearestSites } from '$lib/server/views/served-communes';
import { sectorMdsOf } from '$lib/server/services/mds-sectors';
import { noticesFor, publicPermanences } from '$lib/server/views/public-calendar';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	if (!/^\d[\dAB]\d{3}$/.test(params.insee)) error(404, 'Commune introuvable.');
	const ctx = await app();
	const commune = await getCommune(ctx.db, params.insee);
	if (!commune) error(404, 'Cette commune ne fait pas partie du Tarn-et-Garonne.');
	const today = ctx.today();
	const [allSites, tours, operators, sectorMds] = await Promise.all([
		listSites(ctx.db),
		listTours(ctx.db),
		listOperators(ctx.db),
		sectorMdsOf(ctx.db, commune.insee)
	]);
	const tourById = new Map(tours.map((t) => [t.id, t]));
	const present = (s: (typeof allSites)[number]) => {
		const tour = s.tourId ? tourById.get(s.tourId) : undefined;
		return {
			id: s.id,
			name: s.name,
			kind: SITE_KIND_LABELS[s.kind],
			communeName: s.communeName,
			communeInsee: s.communeInsee,
			address: s.address,
			addressToConfirm: s.addressToConfirm,
			accessNotes: s.accessNotes,
			status: effectiveStatus(s.lifecycle, today),
			closingOn: s.lifecycle.closingOn,
			redirect: s.lifecycle.redirect,
			announcedEnd:
				s.replacedBy && awaitsLabelling(s.lifecycle, s.replacedBy)
					? announcedEndText(s.replacedBy.name)
					: null,
			tour: tour
				? { number: tour.number, name: tour.name, colour: tour.colour, vehicle: tour.vehicleName }
				: null
		};
	};
	const here = allSites.filter((s) => s.communeInsee === commune.insee).map(present);
	const hasOpenSite = here.some((s) => s.status !== 'closed');
	const nearest = hasOpenSite
		? []
		: nearestSites(commune, allSites, today).map(({ site, km }) => ({
				...present(site),
				km: Math.round(km)
			}));
	// The next published dates of every site shown, and the notices about changed dates.
	const shownIds = [...here, ...nearest].map((s) => s.id);
	const [dates, notices] = await Promise.all([
		publicPermanences(ctx.db, shownIds, today),
		noticesFor(ctx.db, shownIds, today)
	]);
	const withDates = <T extends { id: string }>(site: T) => ({
		...site,
		dates: dates
			.filter((d) => d.siteId === site.id && d.status === 'published')
			.slice(0, 6)
			.map((d) => ({ id: d.id, date: d.date, period: d.period, start: d.start, end: d.end })),
		notices: notices
			.filter((n) => n.siteId === site.id)
			.map((n) => ({ id: n.id, kind: n.kind, reason: n.reason, old: n.old, new: n.new }))
	});
	return {
		commune: { insee: commune.insee, name: commune.name, postcodes: commune.postcodes },
		sites: here.map(withDates),
		nearest: nearest.map(withDates),
		operators: operators.map((o) => ({ id: o.id, shortName: o.shortName, description: o.description })),
		// The département's sector table, once imported: where the commune's inhabitants get social support.
		sectorMds: sectorMds
			? {
					name: sectorMds.name,
					address: sectorMds.address,
					phone: sectorMds.phone,
					toConfirm: sectorMds.toConfirm
				}
			: null
	};
};
