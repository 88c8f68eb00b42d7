import { json } from '@sveltejs/kit';
import { tourUpdate } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { updateTour } from '$lib/server/services/referential';

export const PATCH = endpoint(['coordinator'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, tourUpdate);
	return json({ tour: await updateTour(ctx.db, user, event.params.id ?? '', input, ctx.now()) });
});
