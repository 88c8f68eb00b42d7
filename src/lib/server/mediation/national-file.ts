import {
	fromSchemaLieuDeMediationNumerique,
	isValidCourriel,
	isValidUrl,
	ModelError,
	type SchemaLieuMediationNumerique
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import { greatCircleKm } from '$lib/domain/geo';
import { kindOfTypologies, type MediationPlace } from '$lib/domain/mediation';
import { checkOpeningHours } from '$lib/domain/opening-hours';
import { normaliseForSearch } from '$lib/domain/text';
import { readCsv } from '../csv';

/**
 * Reads and checks a file in the national schema of digital-mediation places (« schéma de données
 * des lieux de médiation numérique », LaMednum / ANCT), CSV or JSON. The ANCT's own library
 * (`@gouvfr-anct/lieux-de-mediation-numerique`, the one the national cartography uses) checks each
 * row against the schema; we add what it leaves out (dates, opening hours, e-mail addresses and
 * websites, coordinates that fall outside their commune) and the département's referential.
 * See docs/directory.md.
 */

/** The columns of the national schema, as the library reads and writes them. */
export const NATIONAL_COLUMNS = [
	'id',
	'pivot',
	'nom',
	'commune',
	'code_postal',
	'code_insee',
	'adresse',
	'complement_adresse',
	'latitude',
	'longitude',
	'typologie',
	'telephone',
	'courriels',
	'site_web',
	'horaires',
	'presentation_resume',
	'presentation_detail',
	'source',
	'itinerance',
	'structure_parente',
	'date_maj',
	'services',
	'publics_specifiquement_adresses',
	'prise_en_charge_specifique',
	'frais_a_charge',
	'dispositif_programmes_nationaux',
	'formations_labels',
	'autres_formations_labels',
	'modalites_acces',
	'modalites_accompagnement',
	'fiche_acces_libre',
	'prise_rdv'
] as const satisfies readonly (keyof SchemaLieuMediationNumerique)[];
export type NationalColumn = (typeof NATIONAL_COLUMNS)[number];

/** Columns every file must have (the fields the schema and the library require). */
export const REQUIRED_COLUMNS: readonly NationalColumn[] = [
	'id',
	'pivot',
	'nom',
	'commune',
	'code_postal',
	'adresse',
	'date_maj'
];

/** Spellings met in published files (the schema's own example) for a column of the schema. */
const COLUMN_ALIASES: Record<string, NationalColumn> = { modalite_acces: 'modalites_acces' };

/** Multi-valued columns: `|` separates values in schema v1, `;` in the earlier drafts. */
const LIST_COLUMNS: ReadonlySet<NationalColumn> = new Set([
	'typologie',
	'courriels',
	'site_web',
	'services',
	'publics_specifiquement_adresses',
	'prise_en_charge_specifique',
	'frais_a_charge',
	'itinerance',
	'modalites_acces',
	'modalites_accompagnement',
	'dispositif_programmes_nationaux',
	'formations_labels',
	'autres_formations_labels'
]);
/** Where a comma also separates values (codes and addresses that never contain one). */
const COMMA_LISTS: ReadonlySet<NationalColumn> = new Set(['typologie', 'courriels']);

const LABELS: Partial<Record<NationalColumn, string>> = {
	id: 'identifiant (id)',
	pivot: 'SIRET ou RNA (pivot)',
	nom: 'nom',
	commune: 'commune',
	code_postal: 'code postal',
	adresse: 'adresse',
	date_maj: 'date de mise à jour (date_maj)'
};

/** The département whose places are kept, and its communes (the referential). */
export interface DirectoryArea {
	departement: { code: string; name: string };
	communes: readonly {
		insee: string;
		name: string;
		postcodes: readonly string[];
		lat: number;
		lon: number;
	}[];
}

/** A place ready to be stored: the wire shape without what the coordination decides (`active`). */
export type CheckedPlace = Omit<MediationPlace, 'active'> & { pivot: string };

export interface RowProblem {
	/** CSV: the line of the file where the row starts; JSON: the place's position in the list (from 1). */
	line: number;
	id: string | null;
	name: string | null;
	reasons: string[];
}

export interface NationalFileCheck {
	format: 'csv' | 'json';
	/** Rows (CSV) or places (JSON) read, the header excluded. */
	rowsRead: number;
	places: (CheckedPlace & { line: number })[];
	problems: RowProblem[];
	/** Places of other départements: skipped, never imported (the national file covers France). */
	outside: { count: number; lines: number[] };
	/** Not blocking: columns the schema does not know, ignored. */
	warnings: string[];
}

export type NationalFileReading = { ok: true; check: NationalFileCheck } | { ok: false; problem: string };

/** Lines of the places of other départements listed in a report (their count is always given). */
const OUTSIDE_LINES_LISTED = 20;
/** How far from its commune's centre a place may stand: communes here are < 20 km across. */
const MAX_KM_FROM_COMMUNE = 25;

type RawRow = { line: number; values: Partial<Record<NationalColumn, unknown>> };

function text(value: unknown): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (Array.isArray(value)) {
		const joined = value
			.map((v) => String(v).trim())
			.filter(Boolean)
			.join('|');
		return joined === '' ? undefined : joined;
	}
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

function listOf(column: NationalColumn, value: string | undefined): string[] {
	if (value === undefined) return [];
	const separator = COMMA_LISTS.has(column) ? /[|;,]/ : /[|;]/;
	return [
		...new Set(
			value
				.split(separator)
				.map((v) => v.trim())
				.filter(Boolean)
		)
	];
}

/** A coordinate: a number, or text with a decimal point or (French spreadsheets) a comma. */
function coordinate(value: unknown): number | 'invalid' | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : 'invalid';
	const s = text(value);
	if (s === undefined) return undefined;
	if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(s)) return 'invalid';
	return Number(s.replace(',', '.'));
}

function isCalendarDate(iso: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(iso);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1;
}

/** Reasons the library gives, in the words of the report. */
function libraryReason(e: Error): string {
	return e.message.replace(/^Le telephone /, 'Le téléphone ').replace(/^L'Id /, 'L’identifiant ');
}

/** Whether a row is in the département: by its INSEE code, else its postcode; unknown: checked as ours. */
function inDepartement(values: RawRow['values'], code: string): boolean {
	const insee = text(values.code_insee);
	if (insee && /^(?:\d{2}|2[AB])\d{3}$/.test(insee)) return insee.startsWith(code);
	const postcode = text(values.code_postal);
	if (postcode && /^\d{5}$/.test(postcode)) return postcode.startsWith(code);
	return true;
}

function findCommune(area: DirectoryArea, name: string | undefined, postcode: string | undefined) {
	const wanted = name ? normaliseForSearch(name) : '';
	const byName = area.communes.filter((c) => normaliseForSearch(c.name) === wanted);
	if (byName.length === 1) return byName[0];
	const withPostcode = (byName.length > 1 ? byName : area.communes).filter(
		(c) => postcode !== undefined && c.postcodes.includes(postcode)
	);
	return withPostcode.length === 1 ? withPostcode[0] : undefined;
}

type AreaCommune = DirectoryArea['communes'][number];

/**
 * The place in the département's referential: its commune by INSEE code, else by name and
 * postcode; coordinates must fall near it (a swap of latitude and longitude is named).
 */
function locate(
	area: DirectoryArea,
	communeName: string,
	postcode: string,
	insee: string | undefined,
	located: { lat: number; lon: number } | null
): { commune: AreaCommune | undefined } | { reason: string } {
	const commune = insee
		? area.communes.find((c) => c.insee === insee)
		: findCommune(area, communeName, postcode);
	const where = area.departement.name;
	if (insee && !commune) return { reason: `code INSEE « ${insee} » inconnu dans le ${where}` };
	if (!commune && !located) {
		return {
			reason: `commune « ${communeName} » (${postcode}) introuvable dans le ${where} et pas de coordonnées : indiquez le code INSEE ou la latitude et la longitude`
		};
	}
	if (located) {
		const nearest = commune
			? { c: commune, km: greatCircleKm(commune, located) }
			: area.communes
					.map((c) => ({ c, km: greatCircleKm(c, located) }))
					.reduce((a, b) => (b.km < a.km ? b : a));
		if (nearest.km > MAX_KM_FROM_COMMUNE) {
			const swapped = greatCircleKm(nearest.c, { lat: located.lon, lon: located.lat });
			return {
				reason:
					`coordonnées (${located.lat}, ${located.lon}) à ${Math.round(nearest.km)} km de ${commune ? commune.name : `la commune la plus proche du ${where}`}` +
					(swapped <= MAX_KM_FROM_COMMUNE ? ' : latitude et longitude inversées ?' : '')
			};
		}
	}
	return { commune };
}

function checkRow(row: RawRow, area: DirectoryArea): { place: CheckedPlace } | { reasons: string[] } {
	const v = row.values;
	const reasons: string[] = [];
	const schemaRow: Record<string, unknown> = {};
	for (const column of NATIONAL_COLUMNS) {
		if (column === 'latitude' || column === 'longitude') continue;
		const value = text(v[column]);
		if (value === undefined) continue;
		schemaRow[column] = LIST_COLUMNS.has(column) ? listOf(column, value).join('|') : value;
	}
	for (const column of REQUIRED_COLUMNS) {
		if (schemaRow[column] === undefined) reasons.push(`${LABELS[column] ?? column} manquant`);
	}
	const postcode = schemaRow.code_postal as string | undefined;
	if (postcode !== undefined && !/^\d{5}$/.test(postcode))
		reasons.push(`code postal « ${postcode} » invalide (5 chiffres attendus)`);
	const insee = schemaRow.code_insee as string | undefined;
	if (insee !== undefined && !/^(?:\d{2}|2[AB])\d{3}$/.test(insee))
		reasons.push(`code INSEE « ${insee} » invalide (5 caractères, ex. 82121)`);

	const lat = coordinate(v.latitude);
	const lon = coordinate(v.longitude);
	if (lat === 'invalid') reasons.push(`latitude « ${text(v.latitude)} » : un nombre en degrés est attendu`);
	if (lon === 'invalid') reasons.push(`longitude « ${text(v.longitude)} » : un nombre en degrés est attendu`);
	if (typeof lat === 'number' && (lat < -90 || lat > 90)) reasons.push(`latitude ${lat} hors de [-90, 90]`);
	if (typeof lon === 'number' && (lon < -180 || lon > 180))
		reasons.push(`longitude ${lon} hors de [-180, 180]`);
	if ((lat === undefined) !== (lon === undefined))
		reasons.push(lat === undefined ? 'longitude sans latitude' : 'latitude sans longitude');
	const located = typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : null;

	const date = schemaRow.date_maj as string | undefined;
	if (date !== undefined && !isCalendarDate(date))
		reasons.push(`date de mise à jour « ${date} » invalide (AAAA-MM-JJ attendu, ex. 2024-06-02)`);

	const hours = schemaRow.horaires as string | undefined;
	const hoursCheck = hours === undefined ? null : checkOpeningHours(hours);
	if (hoursCheck && !hoursCheck.ok) reasons.push(`horaires : ${hoursCheck.reason}`);

	const emails = listOf('courriels', schemaRow.courriels as string | undefined);
	for (const email of emails) if (!isValidCourriel(email)) reasons.push(`courriel « ${email} » invalide`);
	const websites = listOf('site_web', schemaRow.site_web as string | undefined);
	for (const url of websites) if (!isValidUrl(url)) reasons.push(`site web « ${url} » invalide`);

	// Where the place is, once its postcode, INSEE code and coordinates are readable.
	const communeName = schemaRow.commune as string | undefined;
	const locationReadable =
		communeName !== undefined &&
		postcode !== undefined &&
		/^\d{5}$/.test(postcode) &&
		(insee === undefined || /^(?:\d{2}|2[AB])\d{3}$/.test(insee)) &&
		(lat === undefined) === (lon === undefined) &&
		lat !== 'invalid' &&
		lon !== 'invalid' &&
		(located === null || (Math.abs(located.lat) <= 90 && Math.abs(located.lon) <= 180));
	const place = locationReadable ? locate(area, communeName, postcode, insee, located) : null;
	if (place && 'reason' in place) reasons.push(place.reason);

	if (reasons.length === 0) {
		try {
			fromSchemaLieuDeMediationNumerique({
				...(schemaRow as unknown as SchemaLieuMediationNumerique),
				...(located ? { latitude: located.lat, longitude: located.lon } : {})
			});
		} catch (e) {
			if (!(e instanceof ModelError)) throw e;
			reasons.push(libraryReason(e));
		}
	}
	if (reasons.length > 0 || !place || 'reason' in place) return { reasons };
	const { commune } = place;

	const typologies = listOf('typologie', schemaRow.typologie as string | undefined);
	const opt = (column: NationalColumn) => (schemaRow[column] as string | undefined) ?? null;
	return {
		place: {
			id: schemaRow.id as string,
			kind: kindOfTypologies(typologies),
			name: schemaRow.nom as string,
			address: schemaRow.adresse as string,
			addressDetail: opt('complement_adresse'),
			postcode: postcode as string,
			communeName: communeName as string,
			communeInsee: commune?.insee ?? null,
			lat: located?.lat ?? (commune as { lat: number }).lat,
			lon: located?.lon ?? (commune as { lon: number }).lon,
			approximatePosition: !located,
			openingHours: hours ?? null,
			openingHoursText: hoursCheck?.ok ? hoursCheck.text : null,
			phone: opt('telephone'),
			emails,
			websites,
			appointmentUrl: opt('prise_rdv'),
			services: listOf('services', opt('services') ?? undefined),
			typologies,
			publics: listOf('publics_specifiquement_adresses', opt('publics_specifiquement_adresses') ?? undefined),
			accessModes: listOf('modalites_acces', opt('modalites_acces') ?? undefined),
			fees: listOf('frais_a_charge', opt('frais_a_charge') ?? undefined),
			summary: opt('presentation_resume'),
			source: opt('source'),
			updatedOn: (date as string).slice(0, 10),
			pivot: schemaRow.pivot as string
		}
	};
}

/** Checks the rows read from a file: every bad row with its reasons, the others ready to store. */
function checkRows(
	format: 'csv' | 'json',
	rows: RawRow[],
	area: DirectoryArea,
	warnings: string[]
): NationalFileCheck {
	const check: NationalFileCheck = {
		format,
		rowsRead: rows.length,
		places: [],
		problems: [],
		outside: { count: 0, lines: [] },
		warnings
	};
	const seen = new Map<string, number>();
	for (const row of rows) {
		if (!inDepartement(row.values, area.departement.code)) {
			check.outside.count++;
			if (check.outside.lines.length < OUTSIDE_LINES_LISTED) check.outside.lines.push(row.line);
			continue;
		}
		const result = checkRow(row, area);
		const id = text(row.values.id) ?? null;
		const reasons = 'reasons' in result ? [...result.reasons] : [];
		const first = id === null ? undefined : seen.get(id);
		if (first !== undefined)
			reasons.push(`identifiant « ${id} » déjà donné ${format === 'csv' ? 'ligne' : 'au lieu n°'} ${first}`);
		else if (id !== null) seen.set(id, row.line);
		if (reasons.length > 0)
			check.problems.push({ line: row.line, id, name: text(row.values.nom) ?? null, reasons });
		else if ('place' in result) check.places.push({ ...result.place, line: row.line });
	}
	return check;
}

function columnOf(header: string): NationalColumn | null {
	const name = header.trim().toLowerCase();
	const column = COLUMN_ALIASES[name] ?? name;
	return (NATIONAL_COLUMNS as readonly string[]).includes(column) ? (column as NationalColumn) : null;
}

function fromCsv(content: string, area: DirectoryArea): NationalFileReading {
	const read = readCsv(content);
	if (!read.ok) return { ok: false, problem: read.reason };
	const [header, ...records] = read.records;
	if (!header) return { ok: false, problem: 'Le fichier est vide.' };
	const columns = header.cells.map(columnOf);
	const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
	if (missing.length > 0) {
		return {
			ok: false,
			problem: `Ligne ${header.line} (en-tête) : colonnes obligatoires du schéma national absentes : ${missing.join(', ')}. Colonnes lues : ${header.cells.join(', ')}.`
		};
	}
	const twice = NATIONAL_COLUMNS.filter((c) => columns.filter((x) => x === c).length > 1);
	if (twice.length > 0)
		return {
			ok: false,
			problem: `Ligne ${header.line} (en-tête) : colonnes en double : ${twice.join(', ')}.`
		};
	const unknown = header.cells.filter((_, i) => columns[i] === null);
	const warnings =
		unknown.length > 0 ? [`Colonnes hors du schéma national, ignorées : ${unknown.join(', ')}.`] : [];
	if (records.length === 0)
		return { ok: false, problem: 'Le fichier ne contient aucun lieu (en-tête seul).' };

	const rows: RawRow[] = [];
	const wrongWidth: RowProblem[] = [];
	for (const r of records) {
		if (r.cells.length !== columns.length) {
			wrongWidth.push({
				line: r.line,
				id: null,
				name: null,
				reasons: [
					`${r.cells.length} cellules pour ${columns.length} colonnes dans l’en-tête (un séparateur « ${read.delimiter === '\t' ? 'tabulation' : read.delimiter} » non entouré de guillemets ?)`
				]
			});
			continue;
		}
		const values: RawRow['values'] = {};
		columns.forEach((c, i) => {
			if (c) values[c] = r.cells[i];
		});
		rows.push({ line: r.line, values });
	}
	const check = checkRows('csv', rows, area, warnings);
	check.rowsRead = records.length;
	check.problems = [...wrongWidth, ...check.problems].sort((a, b) => a.line - b.line);
	return { ok: true, check };
}

function fromJson(content: string, area: DirectoryArea): NationalFileReading {
	let data: unknown;
	try {
		data = JSON.parse(content);
	} catch (e) {
		const position = /position (\d+)/.exec(String((e as Error).message));
		const line = position ? content.slice(0, Number(position[1])).split('\n').length : null;
		return {
			ok: false,
			problem: `Ce fichier n’est pas du JSON lisible${line ? ` (erreur ligne ${line})` : ''}.`
		};
	}
	if (!Array.isArray(data)) {
		return {
			ok: false,
			problem:
				'Le fichier JSON doit contenir une liste de lieux ([{ "id": …, "nom": … }, …]) au format du schéma national.'
		};
	}
	if (data.length === 0) return { ok: false, problem: 'Le fichier ne contient aucun lieu.' };
	const unknown = new Set<string>();
	const rows: RawRow[] = [];
	const notObjects: RowProblem[] = [];
	data.forEach((item: unknown, i) => {
		if (item === null || typeof item !== 'object' || Array.isArray(item)) {
			notObjects.push({
				line: i + 1,
				id: null,
				name: null,
				reasons: ['un lieu doit être un objet { "id": …, "nom": … }']
			});
			return;
		}
		const values: RawRow['values'] = {};
		for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
			const column = columnOf(key);
			if (column) values[column] = value;
			else unknown.add(key);
		}
		rows.push({ line: i + 1, values });
	});
	const warnings =
		unknown.size > 0 ? [`Champs hors du schéma national, ignorés : ${[...unknown].join(', ')}.`] : [];
	const check = checkRows('json', rows, area, warnings);
	check.rowsRead = data.length;
	check.problems = [...notObjects, ...check.problems].sort((a, b) => a.line - b.line);
	return { ok: true, check };
}

/**
 * Reads a file of the national schema: JSON (a list of places) when its name ends in `.json` or
 * its text starts with `[`, CSV otherwise. UTF-8 with or without BOM; another encoding is refused
 * with the way to fix it, rather than importing garbled names.
 */
export function readNationalFile(
	fileName: string,
	bytes: Uint8Array,
	area: DirectoryArea
): NationalFileReading {
	let content: string;
	try {
		content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return {
			ok: false,
			problem:
				'Le fichier n’est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 » (ou exportez-le à nouveau) puis importez-le.'
		};
	}
	const trimmed = content.trimStart();
	if (trimmed === '') return { ok: false, problem: 'Le fichier est vide.' };
	const json = /\.json$/i.test(fileName) || trimmed.startsWith('[') || trimmed.startsWith('{');
	return json ? fromJson(content, area) : fromCsv(content, area);
}
