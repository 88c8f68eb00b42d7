import { json } from '@sveltejs/kit';
import { APP_VERSION } from '$lib/server/app';
import { ping } from '$lib/server/db';
import { publicEndpoint } from '$lib/server/http/endpoints';

export const GET = publicEndpoint(async (_event, ctx) => {
	await ping(ctx.db);
	return json({ status: 'ok', database: ctx.engine, version: APP_VERSION });
});
