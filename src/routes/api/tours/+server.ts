import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http/endpoints';
import { listTours } from '$lib/server/services/referential';

export const GET = endpoint(['coordinator', 'adviser', 'admin'], async ({ ctx }) =>
	json({ tours: await listTours(ctx.db) })
);
