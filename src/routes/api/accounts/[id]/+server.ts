import { json } from '@sveltejs/kit';
import { accountUpdate } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { updateAccount } from '$lib/server/services/accounts';

export const PATCH = endpoint(['coordinator', 'admin'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, accountUpdate);
	return json({ account: await updateAccount(ctx.db, user, event.params.id ?? '', input, ctx.now()) });
});
