import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http/endpoints';
import { revokeAccountSessions } from '$lib/server/services/accounts';

/** Revokes every session of an account (a lost or stolen device). */
export const DELETE = endpoint(['coordinator', 'admin'], async ({ event, user, ctx }) =>
	json({ revoked: await revokeAccountSessions(ctx.db, user, event.params.id ?? '', ctx.now()) })
);
