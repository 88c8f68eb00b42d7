import { json } from '@sveltejs/kit';
import { accountInput } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { createAccount, listAccounts } from '$lib/server/services/accounts';

/** Advisers and relay accounts for the coordination; every account for the admin. */
export const GET = endpoint(['coordinator', 'admin'], async ({ user, ctx }) =>
	json({ accounts: await listAccounts(ctx.db, user, ctx.now()) })
);

export const POST = endpoint(['coordinator', 'admin'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, accountInput);
	return json({ account: await createAccount(ctx.db, user, input, ctx.now()) }, { status: 201 });
});
