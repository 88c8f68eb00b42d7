import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { calendarResponse, permanenceFeed } from '$lib/server/services/feeds';
import { getCommune, listSites } from '$lib/server/services/referential';
import type { RequestHandler } from './$types';

/** The commune's subscription feed (RFC 5545): its sites' published permanences. */
export const GET: RequestHandler = async ({ params, url }) => {
	if (!/^\d[\dAB]\d{3}$/.test(params.insee)) error(404, 'Commune introuvable.');
	const ctx = await app();
	const commune = await getCommune(ctx.db, params.insee);
	if (!commune) error(404, 'Cette commune ne fait pas partie du Tarn-et-Garonne.');
	const siteIds = (await listSites(ctx.db)).filter((s) => s.communeInsee === commune.insee).map((s) => s.id);
	const body = await permanenceFeed(
		ctx.db,
		{
			siteIds,
			name: `France Services itinérante — ${commune.name}`,
			description: `Permanences France Services itinérantes à ${commune.name} (Tarn-et-Garonne).`,
			url: `${url.origin}/communes/${commune.insee}`,
			origin: url.origin
		},
		ctx.today()
	);
	return calendarResponse(body, `permanences-${commune.insee}.ics`);
};
