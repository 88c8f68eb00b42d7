import { polygonCentroid, roundCoordinate } from '../src/lib/domain/geo';

export interface CommuneRecord {
	insee: string;
	name: string;
	postcodes: string[];
	population: number;
	lat: number;
	lon: number;
}

interface CogCommune {
	code: string;
	nom: string;
	departement?: string;
	type: string;
	codesPostaux?: string[];
	population?: number;
}

interface OutlineFeature {
	properties: { code: string; nom: string };
	geometry:
		{ type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** Joins the official list with the outlines; every current commune must have an outline. */
export function buildCommunes(
	cog: CogCommune[],
	outlines: { features: OutlineFeature[] },
	departement: string
): CommuneRecord[] {
	const byCode = new Map(outlines.features.map((f) => [f.properties.code, f]));
	return cog
		.filter((c) => c.departement === departement && c.type === 'commune-actuelle')
		.map((c) => {
			const feature = byCode.get(c.code);
			if (!feature) throw new Error(`No outline for commune ${c.code} ${c.nom}`);
			const polygons =
				feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
			const centre = polygonCentroid(polygons);
			return {
				insee: c.code,
				name: c.nom,
				postcodes: [...(c.codesPostaux ?? [])].sort(),
				population: c.population ?? 0,
				lat: roundCoordinate(centre.lat),
				lon: roundCoordinate(centre.lon)
			};
		})
		.sort((a, b) => a.insee.localeCompare(b.insee));
}
