import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { greatCircleKm } from '$lib/domain/geo';
import { addDaysIso } from '$lib/domain/dates';
import { app } from '$lib/server/app';
import { publicPermanences } from '$lib/server/views/public-calendar';
import { getCommune, listRelayOrganisations, listSites, listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

/**
 * The A4 poster for the mairie's noticeboard: the next three months of dates, where, what help
 * is offered, whom to call for a home visit, and a QR code to the commune's page.
 */
export const load: PageServerLoad = async ({ params, url }) => {
	if (!/^\d[\dAB]\d{3}$/.test(params.insee)) error(404, 'Commune introuvable.');
	const ctx = await app();
	const commune = await getCommune(ctx.db, params.insee);
	if (!commune) error(404, 'Cette commune ne fait pas partie du Tarn-et-Garonne.');
	const sites = (await listSites(ctx.db)).filter(
		(s) => s.communeInsee === commune.insee && s.lifecycle.status !== 'closed'
	);
	if (sites.length === 0) error(404, 'Pas de permanence dans cette commune.');
	const today = ctx.today();
	const [dates, tours, relays] = await Promise.all([
		publicPermanences(
			ctx.db,
			sites.map((s) => s.id),
			today,
			addDaysIso(today, 92)
		),
		listTours(ctx.db),
		listRelayOrganisations(ctx.db)
	]);
	// Whom to call for a home visit: the relays of the commune, then the nearest solidarity house.
	const here = { lat: commune.lat, lon: commune.lon };
	const communes = new Map<string, { lat: number; lon: number }>();
	for (const r of relays) {
		const c = r.communeInsee === commune.insee ? commune : await getCommune(ctx.db, r.communeInsee);
		if (c) communes.set(r.communeInsee, { lat: c.lat, lon: c.lon });
	}
	const solidarity = relays
		.filter((r) => r.active && r.kind === 'solidarityHouse')
		.sort(
			(a, b) =>
				greatCircleKm(here, communes.get(a.communeInsee) ?? here) -
				greatCircleKm(here, communes.get(b.communeInsee) ?? here)
		)[0];
	const contacts = [
		...relays.filter((r) => r.active && r.communeInsee === commune.insee),
		...(solidarity && solidarity.communeInsee !== commune.insee ? [solidarity] : [])
	].map((r) => ({ id: r.id, name: r.name, phone: r.phone, address: r.address }));
	const pageUrl = `${url.origin}/communes/${commune.insee}`;
	const svg = await QRCode.toString(pageUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	// An image, not inline markup: nothing generated is ever injected into the page as HTML.
	const qr = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
	return {
		commune: { insee: commune.insee, name: commune.name },
		sites: sites.map((s) => {
			const tour = tours.find((t) => t.id === s.tourId);
			return {
				id: s.id,
				name: s.name,
				address: s.address,
				accessNotes: s.accessNotes,
				tour: tour ? { number: tour.number, name: tour.name } : null,
				dates: dates
					.filter((d) => d.siteId === s.id && d.status === 'published')
					.map((d) => ({ id: d.id, date: d.date, period: d.period, start: d.start, end: d.end }))
			};
		}),
		contacts,
		pageUrl,
		qr
	};
};
