/** A point in WGS84 degrees. */
export interface GeoPoint {
	lat: number;
	lon: number;
}

const EARTH_RADIUS_KM = 6371.0088; // IUGG mean radius

/** Great-circle distance (haversine formula) in kilometres. */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
	const toRad = (d: number) => (d * Math.PI) / 180;
	const dLat = toRad(b.lat - a.lat);
	const dLon = toRad(b.lon - a.lon);
	const h =
		Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

type Ring = ReadonlyArray<readonly [number, number] | readonly number[]>;

/**
 * Area-weighted centroid of a (multi)polygon given as GeoJSON coordinates (lon, lat),
 * using the shoelace formula on the outer rings. Over a commune (a few km) the planar
 * approximation is far below the precision we need for distances between sites.
 */
export function polygonCentroid(polygons: ReadonlyArray<ReadonlyArray<Ring>>): GeoPoint {
	let area2 = 0;
	let cx = 0;
	let cy = 0;
	for (const polygon of polygons) {
		const ring = polygon[0];
		if (!ring) continue;
		for (let i = 0; i < ring.length - 1; i++) {
			const [x0 = 0, y0 = 0] = ring[i] ?? [];
			const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
			const cross = x0 * y1 - x1 * y0;
			area2 += cross;
			cx += (x0 + x1) * cross;
			cy += (y0 + y1) * cross;
		}
	}
	if (area2 === 0) throw new Error('Polygone dégénéré : aire nulle');
	return { lon: cx / (3 * area2), lat: cy / (3 * area2) };
}

/** Rounds a coordinate to 5 decimals (about 1 m), the precision of the source outlines. */
export function roundCoordinate(value: number): number {
	return Math.round(value * 1e5) / 1e5;
}
