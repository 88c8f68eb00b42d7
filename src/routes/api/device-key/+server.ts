import { json } from '@sveltejs/kit';
import { z } from 'zod/mini';
import { deviceKeyShare } from '$lib/server/auth/device-key';
import { checkPassword } from '$lib/server/auth/login';
import { Refusal } from '$lib/server/errors';
import { endpoint, parseJson } from '$lib/server/http/endpoints';

const body = z.strictObject({ password: z.string().check(z.minLength(1), z.maxLength(256)) });

/**
 * The server's share of the signed-in user's device data key (`auth/device-key.ts`), against the
 * password, checked under the sign-in throttle: a device sets up or recovers its key with it.
 */
export const POST = endpoint(['coordinator', 'adviser', 'relay', 'admin'], async ({ event, user, ctx }) => {
	const { password } = await parseJson(event, body);
	const now = ctx.now();
	const checked = await checkPassword(
		ctx.db,
		{ email: user.email, password, ip: event.getClientAddress() },
		now
	);
	if (!checked.ok && checked.reason === 'locked') {
		const seconds = Math.max(1, Math.ceil((Date.parse(checked.retryAt) - now.getTime()) / 1000));
		throw new Refusal('throttled', `Trop de tentatives : réessayez dans ${Math.ceil(seconds / 60)} min.`);
	}
	if (!checked.ok || checked.userId !== user.id) throw new Refusal('invalid', 'Mot de passe incorrect.');
	return json(
		{ share: deviceKeyShare(ctx.sessionSecret, user.id) },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
