import { json } from '@sveltejs/kit';
import { siteUpdate } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { getSiteInScope, updateSite } from '$lib/server/services/referential';

export const GET = endpoint(['coordinator', 'adviser', 'admin'], async ({ event, user, ctx }) =>
	json({ site: await getSiteInScope(ctx.db, user, event.params.id ?? '') })
);

export const PATCH = endpoint(['coordinator'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, siteUpdate);
	return json({ site: await updateSite(ctx.db, user, event.params.id ?? '', input, ctx.now()) });
});
