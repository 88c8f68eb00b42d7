import { json } from '@sveltejs/kit';
import { publicEndpoint } from '$lib/server/http/endpoints';
import { listCommunes } from '$lib/server/services/referential';

/** The 195 communes of the département (public referential, cacheable). */
export const GET = publicEndpoint(async (_event, ctx) => {
	const communes = await listCommunes(ctx.db);
	return json(
		{
			communes: communes.map((c) => ({
				insee: c.insee,
				name: c.name,
				postcodes: c.postcodes,
				lat: c.lat,
				lon: c.lon
			}))
		},
		{ headers: { 'Cache-Control': 'public, max-age=3600' } }
	);
});
