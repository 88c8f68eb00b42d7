/**
 * Test and benchmark helper (not part of the planner's public API): planner inputs for the 27
 * real Tarn-et-Garonne sites, their 3 tours and 6 advisers, read from the referential.
 * Only this file reads `$lib/server`, for data; the planner itself never does.
 */
import type { GeoPoint } from '$lib/domain/geo';
import { defaultOpeningSlots } from '$lib/domain/site';
// eslint-disable-next-line no-restricted-imports -- test fixture: reads the referential's data only
import { TARN_ET_GARONNE } from '$lib/server/referential/tarn-et-garonne';
import type { PlannerAdviser, PlannerContext, PlannerSite, PlannerTour } from './types';

/** The Hôtel du Département's commune: every van leaves from and returns to Montauban. */
export const MONTAUBAN_INSEE = '82121';

/** The demo advisers (src/lib/server/demo/users.ts): two per tour, an agent then a conseiller numérique. */
const ADVISER_NAMES = [
	'Camille Roques',
	'Julien Delmas',
	'Sarah Cabrol',
	'Mehdi Lafon',
	'Élodie Bessière',
	'Thomas Vidal'
];

function communePoint(insee: string): GeoPoint {
	const c = TARN_ET_GARONNE.communes.find((x) => x.insee === insee);
	if (!c) throw new Error(`Unknown commune ${insee}`);
	return { lat: c.lat, lon: c.lon };
}

export interface ReferentialInputs extends PlannerContext {
	sites: PlannerSite[];
	tours: PlannerTour[];
	advisers: PlannerAdviser[];
	/** siteId → INSEE code of its commune. */
	inseeOf: Record<string, string>;
}

/** The 27 sites (commune centres, default opening hours, referential statuses and tours). */
export function tarnEtGaronneInputs(): ReferentialInputs {
	const tours: PlannerTour[] = TARN_ET_GARONNE.tours.map((t) => ({
		id: t.id,
		number: t.number,
		name: t.name
	}));
	const sites: PlannerSite[] = TARN_ET_GARONNE.sites.map((s) => ({
		id: s.id,
		name: s.name,
		point: communePoint(s.insee),
		tourId: `tournee-${s.tour}`,
		openingSlots: defaultOpeningSlots(),
		status: s.status,
		closingOn: null
	}));
	const advisers: PlannerAdviser[] = ADVISER_NAMES.map((name, i) => ({
		id: `conseiller-${i + 1}`,
		name,
		kind: i % 2 === 0 ? 'franceServicesAgent' : 'digitalAdviser',
		tourId: `tournee-${Math.floor(i / 2) + 1}`
	}));
	return {
		sites,
		tours,
		advisers,
		absences: [],
		depot: communePoint(MONTAUBAN_INSEE),
		inseeOf: Object.fromEntries(TARN_ET_GARONNE.sites.map((s) => [s.id, s.insee]))
	};
}

/** The bounding box of the sites, for random positions in property tests. */
export const TARN_ET_GARONNE_BOUNDS = { minLat: 43.77, maxLat: 44.4, minLon: 0.74, maxLon: 1.99 };
