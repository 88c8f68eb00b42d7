import { error } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { calendarResponse, permanenceFeed } from '$lib/server/services/feeds';
import { listTours } from '$lib/server/services/referential';
import type { RequestHandler } from './$types';

/** One tour's feed (advisers', partners' and mairies' agendas): its published permanences. */
export const GET: RequestHandler = async ({ params, url }) => {
	const ctx = await app();
	const tour = (await listTours(ctx.db)).find((t) => String(t.number) === params.number);
	if (!tour) error(404, 'Tournée introuvable.');
	const body = await permanenceFeed(
		ctx.db,
		{
			tourId: tour.id,
			name: `France Services itinérante — tournée ${tour.number} (${tour.name})`,
			description: `Permanences de la tournée ${tour.number} des France Services itinérantes du Tarn-et-Garonne.`,
			url: `${url.origin}/`,
			origin: url.origin
		},
		ctx.today()
	);
	return calendarResponse(body, `tournee-${tour.number}.ics`);
};
