import { json } from '@sveltejs/kit';
import { siteLifecycleChange } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { changeSiteLifecycle } from '$lib/server/services/referential';

export const PUT = endpoint(['coordinator'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, siteLifecycleChange);
	return json({ site: await changeSiteLifecycle(ctx.db, user, event.params.id ?? '', input, ctx.now()) });
});
