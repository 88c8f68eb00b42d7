import { json } from '@sveltejs/kit';
import { homeVisitRequestInput } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { createHomeVisitRequest, listHomeVisits } from '$lib/server/services/home-visits';

const ROLES = ['coordinator', 'adviser', 'relay'] as const;

/** The requests in the caller's scope (a relay: its own; an adviser: their tour's area), without identities. */
export const GET = endpoint(ROLES, async ({ user, ctx }) =>
	json({ homeVisits: await listHomeVisits(ctx.db, user) })
);

/** A new request, with the person's consent (required). */
export const POST = endpoint(ROLES, async ({ event, user, ctx }) => {
	const input = await parseJson(event, homeVisitRequestInput);
	return json({ homeVisit: await createHomeVisitRequest(ctx.db, user, input, ctx.now()) }, { status: 201 });
});
