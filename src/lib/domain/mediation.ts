/**
 * The referral directory: the digital-mediation places and social structures of the
 * département, from the national schema of digital-mediation places (see docs/directory.md),
 * held on every adviser's device to send a person to the nearest one, even offline.
 */
import { greatCircleKm, type GeoPoint } from './geo';
import { matchesPlaceName } from './text';

export const MEDIATION_PLACE_KINDS = ['mediation', 'social'] as const;
export type MediationPlaceKind = (typeof MEDIATION_PLACE_KINDS)[number];

export const MEDIATION_PLACE_KIND_LABELS: Record<MediationPlaceKind, string> = {
	mediation: 'Lieu de médiation numérique',
	social: 'Structure sociale'
};

/**
 * Typologies of the national schema (data.inclusion's structure typologies) that make a place a
 * social structure, where the advisers orient people with social difficulties: maisons
 * départementales des solidarités, (inter)communal social action centres, the département's
 * social action and medico-social centres, social centres, MDPH, UDAF.
 */
export const SOCIAL_TYPOLOGIES: readonly string[] = [
	'MDS',
	'CDAS',
	'CCAS',
	'CIAS',
	'CMS',
	'CS',
	'CSC',
	'EVS',
	'MDPH',
	'UDAF'
];

/** A place is a social structure when one of its typologies says so, else a digital-mediation place. */
export function kindOfTypologies(typologies: readonly string[]): MediationPlaceKind {
	return typologies.some((t) => SOCIAL_TYPOLOGIES.includes(t)) ? 'social' : 'mediation';
}

/**
 * A place of the directory, as the pull sends it and devices hold it (Dexie `mediationPlaces`).
 * Field names are the app's; `docs/directory.md` maps each to its column of the national schema.
 */
export interface MediationPlace {
	/** The national identifier (`id` of the national schema). */
	id: string;
	kind: MediationPlaceKind;
	name: string;
	/** Street address (`adresse`). */
	address: string;
	/** `complement_adresse`: floor, building, lieu-dit. */
	addressDetail: string | null;
	postcode: string;
	/** The commune as the file names it. */
	communeName: string;
	/** The commune's INSEE code when it is known (given, or found in the département's referential). */
	communeInsee: string | null;
	lat: number;
	lon: number;
	/** True when the file gave no coordinates: the place stands at its commune's centre. */
	approximatePosition: boolean;
	/** OSM `opening_hours`, as given. */
	openingHours: string | null;
	/** The same in French when it is of the common subset (`openingHoursInFrench`), else null. */
	openingHoursText: string | null;
	phone: string | null;
	emails: string[];
	websites: string[];
	/** `prise_rdv`: where to book an appointment online. */
	appointmentUrl: string | null;
	/** Values of the national list of services (`services`). */
	services: string[];
	/** Codes of the national list of typologies (`typologie`), e.g. `BIB`, `MDS`. */
	typologies: string[];
	/** `publics_specifiquement_adresses`: empty means every public. */
	publics: string[];
	/** `modalites_acces`: how to get help (walk in, phone, appointment…). */
	accessModes: string[];
	/** `frais_a_charge`. */
	fees: string[];
	/** `presentation_resume`. */
	summary: string | null;
	/** Who collected the data (`source`). */
	source: string | null;
	/** `date_maj`, YYYY-MM-DD. */
	updatedOn: string;
	/** False once the coordination withdrew it from the directory: never proposed then. */
	active: boolean;
}

/** What `nearestPlaces` needs of a place. */
export interface Locatable {
	name: string;
	lat: number;
	lon: number;
	active?: boolean;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * The `limit` active places nearest to `from`, as the crow flies (great-circle distance, km),
 * nearest first, ties by name. Withdrawn places (`active: false`) are never proposed.
 */
export function nearestPlaces<P extends Locatable>(
	places: readonly P[],
	from: GeoPoint,
	limit: number
): { place: P; km: number }[] {
	if (!Number.isFinite(from.lat) || !Number.isFinite(from.lon) || Math.abs(from.lat) > 90) {
		throw new RangeError('Point de départ invalide : latitude et longitude en degrés attendues.');
	}
	const count = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0;
	if (count === 0) return [];
	return places
		.filter((p) => p.active !== false && Number.isFinite(p.lat) && Number.isFinite(p.lon))
		.map((place) => ({ place, km: greatCircleKm(from, place) }))
		.sort((a, b) => a.km - b.km || collator.compare(a.place.name, b.place.name))
		.slice(0, count);
}

/** « à 850 m », « à 4,2 km », « à 37 km »: the distance as an adviser says it. */
export function formatDistance(km: number): string {
	if (km < 0.1) return 'à moins de 100 m';
	const metres = Math.round((km * 1000) / 50) * 50;
	if (metres < 1000) return `à ${metres} m`;
	if (km < 9.95) return `à ${km.toFixed(1).replace('.', ',')} km`;
	return `à ${Math.round(km)} km`;
}

/**
 * A French phone number as people read it (`+33536490001` → `05 36 49 00 01`, with no-break
 * spaces); any other value as given.
 */
export function formatPhone(phone: string): string {
	const compact = phone.replace(/[\s.-]/g, '');
	const national = /^\+33(\d{9})$/.exec(compact)?.[1] ?? /^0(\d{9})$/.exec(compact)?.[1];
	if (!national) return phone;
	return `0${national}`.replace(/(\d{2})(?=\d)/g, '$1\u00a0');
}

/** What `matchingCommunes` needs of a commune. */
export interface CommuneChoice {
	insee: string;
	name: string;
	postcodes: readonly string[];
}

/**
 * Communes matching what the adviser typed: a name or part of it (« ville dieu »), a postcode or
 * its start (« 825 »), an INSEE code; sorted by name, at most `limit`.
 */
export function matchingCommunes<C extends CommuneChoice>(
	communes: readonly C[],
	query: string,
	limit = 8
): C[] {
	const q = query.trim();
	if (q === '') return [];
	const found = /^\d{2,5}$/.test(q)
		? communes.filter((c) => c.insee === q || c.postcodes.some((p) => p.startsWith(q)))
		: communes.filter((c) => matchesPlaceName(c.name, q));
	return [...found].sort((a, b) => collator.compare(a.name, b.name)).slice(0, Math.max(0, limit));
}
