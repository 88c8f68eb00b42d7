import { greatCircleKm, type GeoPoint } from '$lib/domain/geo';

/**
 * How far and how long by road between two points. The planner only sees this interface, so a
 * real road matrix (an OSRM `table` response, cached per site pair) can replace the estimate.
 */
export interface DistanceModel {
	km(a: GeoPoint, b: GeoPoint): number;
	minutes(a: GeoPoint, b: GeoPoint): number;
}

export interface DetourOptions {
	/** Road distance ÷ great-circle distance; rural road circuity is typically 1.2–1.4. */
	detourFactor?: number;
	averageSpeedKmh?: number;
}

/** Great-circle distance × a detour factor, at an average speed: no network, no data needed. */
export function greatCircleDetourModel({
	detourFactor = 1.3,
	averageSpeedKmh = 55
}: DetourOptions = {}): DistanceModel {
	const km = (a: GeoPoint, b: GeoPoint) => greatCircleKm(a, b) * detourFactor;
	return { km, minutes: (a, b) => (km(a, b) / averageSpeedKmh) * 60 };
}

/** Kilometres of one day's loop: depot → each site in order → depot (0 when no site). */
export function dayRouteKm(depot: GeoPoint, sites: readonly GeoPoint[], model: DistanceModel): number {
	if (sites.length === 0) return 0;
	let total = 0;
	let here = depot;
	for (const p of sites) {
		total += model.km(here, p);
		here = p;
	}
	return total + model.km(here, depot);
}

/**
 * A precomputed distance matrix over a fixed list of points, index 0 being the depot: the
 * searches ask for the same pairs millions of times.
 */
export class DistanceMatrix {
	readonly size: number;
	private readonly values: Float64Array;

	constructor(points: readonly GeoPoint[], model: DistanceModel) {
		this.size = points.length;
		this.values = new Float64Array(this.size * this.size);
		for (let i = 0; i < this.size; i++) {
			for (let j = 0; j < this.size; j++) {
				const a = points[i] as GeoPoint;
				const b = points[j] as GeoPoint;
				this.values[i * this.size + j] = i === j ? 0 : model.km(a, b);
			}
		}
	}

	km(i: number, j: number): number {
		return this.values[i * this.size + j] ?? 0;
	}

	/** depot (0) → i → j → depot; a single site when j < 0. */
	loop(i: number, j: number): number {
		if (j < 0) return this.km(0, i) + this.km(i, 0);
		return this.km(0, i) + this.km(i, j) + this.km(j, 0);
	}
}
