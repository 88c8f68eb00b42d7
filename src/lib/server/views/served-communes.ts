import { matchesPlaceName } from '$lib/domain/text';
import { greatCircleKm } from '$lib/domain/geo';
import { effectiveStatus } from '$lib/domain/site';
import type { DB } from '../db';
import { listCommunes, listSites, listTours, type Commune, type Site } from '../services/referential';

export interface ServedCommune {
	insee: string;
	name: string;
	postcodes: string[];
	sites: { id: string; name: string; tourNumber: number | null; tourColour: string | null }[];
}

/** Communes where at least one site is not closed, for the public home page. */
export async function servedCommunes(db: DB, today: string): Promise<ServedCommune[]> {
	const [communes, sites, tours] = await Promise.all([listCommunes(db), listSites(db), listTours(db)]);
	const tourById = new Map(tours.map((t) => [t.id, t]));
	const open = sites.filter((s) => effectiveStatus(s.lifecycle, today) !== 'closed');
	return communes
		.filter((c) => open.some((s) => s.communeInsee === c.insee))
		.map((c) => ({
			insee: c.insee,
			name: c.name,
			postcodes: c.postcodes,
			sites: open
				.filter((s) => s.communeInsee === c.insee)
				.map((s) => {
					const tour = s.tourId ? tourById.get(s.tourId) : undefined;
					return {
						id: s.id,
						name: s.name,
						tourNumber: tour?.number ?? null,
						tourColour: tour?.colour ?? null
					};
				})
		}));
}

/** Communes of the département matching a name or a postcode ("lavit", "ville dieu", "82500"). */
export function searchCommunes(communes: readonly Commune[], query: string): Commune[] {
	const q = query.trim();
	if (q === '') return [];
	if (/^\d{2,5}$/.test(q))
		return communes.filter((c) => c.postcodes.some((p) => p.startsWith(q)) || c.insee === q);
	return communes.filter((c) => matchesPlaceName(c.name, q));
}

/** The open sites nearest to a commune's centre, with distances as the crow flies. */
export function nearestSites(commune: Commune, sites: readonly Site[], today: string, count = 3) {
	return sites
		.filter((s) => effectiveStatus(s.lifecycle, today) !== 'closed')
		.map((s) => ({ site: s, km: greatCircleKm(commune, s) }))
		.sort((a, b) => a.km - b.km)
		.slice(0, count);
}
