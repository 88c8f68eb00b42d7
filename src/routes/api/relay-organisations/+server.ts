import { json } from '@sveltejs/kit';
import { relayOrganisationInput } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { createRelayOrganisation, listRelayOrganisations } from '$lib/server/services/referential';

/** The coordination sees every relay organisation; a relay sees its own only. */
export const GET = endpoint(['coordinator', 'relay', 'admin'], async ({ user, ctx }) => {
	const filter = user.role === 'relay' ? { id: user.relayOrganisationId ?? '-' } : {};
	return json({ relayOrganisations: await listRelayOrganisations(ctx.db, filter) });
});

export const POST = endpoint(['coordinator'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, relayOrganisationInput);
	return json(
		{ relayOrganisation: await createRelayOrganisation(ctx.db, user, input, ctx.now()) },
		{ status: 201 }
	);
});
