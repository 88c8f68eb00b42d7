import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http/endpoints';
import { getHomeVisit } from '$lib/server/services/home-visits';

/** One request with the person's data (in scope only; staff readings are logged). */
export const GET = endpoint(['coordinator', 'adviser', 'relay'], async ({ event, user, ctx }) =>
	json({ homeVisit: await getHomeVisit(ctx.db, user, event.params.id ?? '', ctx.now()) })
);
