import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http/endpoints';
import { listSites, siteScope } from '$lib/server/services/referential';

/** Sites in the caller's scope: every site for the coordination, their tour's for an adviser. */
export const GET = endpoint(['coordinator', 'adviser', 'admin'], async ({ user, ctx }) => {
	const scope = siteScope(user);
	return json({ sites: scope ? await listSites(ctx.db, scope) : [] });
});
