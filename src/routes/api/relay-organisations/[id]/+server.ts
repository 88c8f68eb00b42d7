import { json } from '@sveltejs/kit';
import { relayOrganisationUpdate } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { getRelayOrganisationInScope, updateRelayOrganisation } from '$lib/server/services/referential';

export const GET = endpoint(['coordinator', 'relay', 'admin'], async ({ event, user, ctx }) =>
	json({ relayOrganisation: await getRelayOrganisationInScope(ctx.db, user, event.params.id ?? '') })
);

export const PATCH = endpoint(['coordinator'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, relayOrganisationUpdate);
	return json({
		relayOrganisation: await updateRelayOrganisation(ctx.db, user, event.params.id ?? '', input, ctx.now())
	});
});
