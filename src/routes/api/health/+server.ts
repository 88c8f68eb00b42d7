import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { APP_VERSION } from '$lib/server/app';
import { publicEndpoint } from '$lib/server/http/endpoints';

export const GET = publicEndpoint(async (_event, ctx) => {
	await sql`SELECT 1`.execute(ctx.db);
	return json({ status: 'ok', database: ctx.engine, version: APP_VERSION });
});
