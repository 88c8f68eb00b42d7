import { app } from '$lib/server/app';
import { listCommunes } from '$lib/server/services/referential';
import { searchCommunes, servedCommunes } from '$lib/server/views/served-communes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const ctx = await app();
	const today = ctx.today();
	const query = (url.searchParams.get('q') ?? '').slice(0, 80);
	const served = await servedCommunes(ctx.db, today);
	const results = query ? searchCommunes(await listCommunes(ctx.db), query).slice(0, 20) : [];
	const servedInsee = new Set(served.map((c) => c.insee));
	return {
		served,
		query,
		results: results.map((c) => ({
			insee: c.insee,
			name: c.name,
			postcodes: c.postcodes,
			served: servedInsee.has(c.insee)
		}))
	};
};
