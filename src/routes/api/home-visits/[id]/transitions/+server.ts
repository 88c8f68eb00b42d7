import { json } from '@sveltejs/kit';
import { homeVisitTransition } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { transitionHomeVisit } from '$lib/server/services/home-visits';

/** Moves a request along its life (accept, refuse, schedule, done, absent, cancel): 409 when the rules refuse. */
export const POST = endpoint(['coordinator', 'adviser', 'relay'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, homeVisitTransition);
	return json({
		homeVisit: await transitionHomeVisit(ctx.db, user, event.params.id ?? '', input, ctx.now())
	});
});
