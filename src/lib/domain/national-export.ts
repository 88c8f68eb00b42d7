import {
	AUTONOMY_LEVELS,
	WORKSHOP_LEVELS,
	type ActivityPlace,
	type AdminTheme,
	type AgeBracket,
	type AutonomyLevel,
	type DigitalTheme,
	type Equipment,
	type Orientation,
	type PersonStatus,
	type WorkshopLevel
} from './activity';
import { parisDate, parisTime } from './dates';

/**
 * The activity records as La Coop de la médiation numérique (ANCT) exports its own today (its
 * repository, June 2026: the « Activités » sheet of a mediator's own export): its columns in its
 * order, its wording for every value, one row per participant. A conseiller numérique's records
 * can then be compared with, or loaded into, the national tool without retyping.
 *
 * Where our lists differ from the national ones, the mapping is written here once and explained
 * in `docs/national-export.md`. Our lists are versioned (`lists_version`): every code of every
 * version still exports (version-1 age brackets included).
 */
export const COOP_ACTIVITY_HEADERS = [
	'Date',
	'Enregistré le',
	'Dernière modification le',
	'Type',
	'Participants',
	'Bénéficiaire',
	'Canaux d’accompagnement',
	'Nom du lieu',
	'Adresse',
	'Commune',
	'Code postal',
	'Code Insee',
	'Durée (min)',
	'Nom de l’atelier',
	'Matériel numérique utilisé',
	'Thématique(s) d’accompagnement',
	'Tags',
	'Nom de la démarche administrative',
	'Niveau d’autonomie (ou de l’atelier)',
	'Bénéficiaire réorienté',
	'Structure de redirection',
	'Commune du bénéficiaire',
	'Code postal du bénéficiaire',
	'Code Insee du bénéficiaire',
	'Genre du bénéficiaire',
	'Tranche d’âge du bénéficiaire',
	'Statut du bénéficiaire',
	'Notes supplémentaires',
	'ID CRA'
] as const;
export type CoopHeader = (typeof COOP_ACTIVITY_HEADERS)[number];

/** The two national activity types (the former « démarche administrative » type is now a theme). */
export const COOP_TYPES = {
	individual: 'Accompagnement individuel',
	collective: 'Atelier collectif'
} as const;

/** The national theme that administrative themes require. */
export const COOP_ADMIN_HELP_THEME = 'Aide aux démarches administratives';

export const COOP_DIGITAL_THEMES: Record<DigitalTheme, string> = {
	deviceBasics: 'Prendre en main du matériel',
	smartphone: 'Prendre en main du matériel',
	email: 'E-mail',
	onlineAccounts: 'Navigation sur internet',
	onlineProcedures: COOP_ADMIN_HELP_THEME,
	information: 'Navigation sur internet',
	documents: 'Bureautique',
	security: 'Prévention en sécurité numérique',
	jobSearch: 'Insertion professionnelle',
	other: 'Culture numérique'
};

export const COOP_ADMIN_THEMES: Record<AdminTheme, string> = {
	papers: 'Papiers - Élections - Citoyenneté',
	family: 'Famille - Scolarité',
	socialHealth: 'Social - Santé',
	workTraining: 'Travail - Formation - Entreprise',
	housing: 'Logement',
	transport: 'Transports - Mobilité',
	moneyTaxes: 'Argent - Impôts',
	justice: 'Justice',
	foreigners: 'Étrangers - Europe',
	leisureCulture: 'Loisirs - Sports - Culture',
	associations: 'Associations'
};

export const COOP_EQUIPMENT: Record<Equipment, string> = {
	computer: 'Ordinateur',
	phone: 'Téléphone',
	tablet: 'Tablette',
	// The van's self-service computer is a computer.
	vanSelfService: 'Ordinateur',
	none: 'Pas de matériel'
};

export const COOP_CHANNELS: Record<ActivityPlace, string> = {
	permanence: 'Lieu d’activité',
	homeVisit: 'À domicile',
	phone: 'À distance',
	other: 'Autre lieu'
};

/** National age brackets: Moins de 12 ans, 12 - 17 ans, 18 - 24 ans, …, 70 ans et plus, Non communiqué. */
export const COOP_NOT_GIVEN = 'Non communiqué';
export const COOP_AGE_BRACKETS: Record<AgeBracket, string> = {
	under12: 'Moins de 12 ans',
	'12to17': '12 - 17 ans',
	// Version 2's « Moins de 18 ans » straddles the national « Moins de 12 ans » and « 12 - 17 ans ».
	minor: COOP_NOT_GIVEN,
	'18to24': '18 - 24 ans',
	'25to39': '25 - 39 ans',
	'40to59': '40 - 59 ans',
	'60to69': '60 - 69 ans',
	'70plus': '70 ans et plus',
	// Version-1 brackets: only those inside one national bracket keep a value.
	under18: COOP_NOT_GIVEN,
	'18to25': COOP_NOT_GIVEN,
	'26to44': COOP_NOT_GIVEN,
	'45to64': COOP_NOT_GIVEN,
	'65to79': COOP_NOT_GIVEN,
	'80plus': '70 ans et plus'
};

export const COOP_STATUS_NOT_GIVEN = 'Non communiqué ou hétérogène';
export const COOP_STATUSES: Record<PersonStatus, string> = {
	employed: 'En emploi',
	jobSeeker: 'Sans emploi',
	retired: 'Retraité',
	student: 'Scolarisé',
	other: COOP_STATUS_NOT_GIVEN
};

/** The national redirection structures our orientations (and a level-2 handover) map to. */
export const COOP_REDIRECTIONS: Record<Orientation | 'operator', string> = {
	operator: 'Opérateur ou organisme en charge de la démarche administrative',
	mds: 'Structure d’aide sociale (maison des solidarités, centre social…)',
	mediationPlace: 'Autre structure de médiation numérique',
	otherStructure: 'Autre'
};

/** We never collect the person's gender. */
export const COOP_GENDER = 'Non communiqué';
/** Records are anonymous by design. */
export const COOP_BENEFICIARY = 'Bénéficiaire anonyme';

/** Where the activity took place, as the national columns name it. */
export interface CoopPlace {
	name: string;
	address: string;
	commune: string;
	postcode: string;
	insee: string;
}

export interface CoopCommune {
	name: string;
	postcode: string;
	insee: string;
}

/** A record as the national columns need it, names resolved by the caller. */
export interface CoopRecord {
	id: string;
	/** The day of the activity, `YYYY-MM-DD`. */
	date: string;
	/** Instants, ISO: when the record reached the server, and its last correction (null: never corrected). */
	createdAt: string;
	updatedAt: string | null;
	place: ActivityPlace;
	format: 'individual' | 'collective';
	workshop: { title: string; level: WorkshopLevel; participants: number } | null;
	person: { ageBracket: AgeBracket | null; status: PersonStatus | null };
	adminThemes: AdminTheme[];
	digitalThemes: DigitalTheme[];
	level: 1 | 2;
	autonomy: AutonomyLevel | null;
	equipment: Equipment[];
	orientations: Orientation[];
	durationMinutes: number;
	/** The site of the permanence; for a home visit, the person's commune without a name or address. */
	location: CoopPlace | null;
	operatorName: string | null;
	personCommune: CoopCommune | null;
}

/** A cell: text, a number, or the day of the activity (`YYYY-MM-DD`, written as a date). */
export type CoopCell = string | number;

const stars = <T extends string>(values: readonly T[], value: T) =>
	`${values.indexOf(value) + 1}/${values.length}`;
const frenchDateTime = (iso: string) => {
	const instant = new Date(iso);
	return `${parisDate(instant).split('-').reverse().join('/')} à ${parisTime(instant)}`;
};
const unique = (values: string[]) => [...new Set(values)];

/**
 * One record as rows of the national sheet, column by column (`COOP_ACTIVITY_HEADERS`): one row
 * per participant — a workshop of 7 gives 7 rows, « 1/7 » … « 7/7 ».
 */
export function coopActivityRows(r: CoopRecord): CoopCell[][] {
	const collective = r.format === 'collective';
	const administrative = r.adminThemes.length > 0;
	const themes = unique([
		...r.digitalThemes.map((t) => COOP_DIGITAL_THEMES[t]),
		// The administrative themes are valid only with « Aide aux démarches administratives ».
		...(administrative ? [COOP_ADMIN_HELP_THEME] : []),
		...r.adminThemes.map((t) => COOP_ADMIN_THEMES[t])
	]);
	const redirections = collective
		? []
		: unique([
				...(r.level === 2 ? [COOP_REDIRECTIONS.operator] : []),
				...r.orientations.map((o) => COOP_REDIRECTIONS[o])
			]);
	const level = collective
		? r.workshop
			? stars(WORKSHOP_LEVELS, r.workshop.level)
			: ''
		: r.autonomy
			? stars(AUTONOMY_LEVELS, r.autonomy)
			: '';
	const count = collective ? Math.max(1, r.workshop?.participants ?? 1) : 1;
	const created = frenchDateTime(r.createdAt);
	const updated = r.updatedAt && r.updatedAt !== r.createdAt ? frenchDateTime(r.updatedAt) : '';
	return Array.from({ length: count }, (_, i) => [
		r.date,
		created,
		updated,
		COOP_TYPES[r.format],
		count === 1 ? 1 : `${i + 1}/${count}`,
		COOP_BENEFICIARY,
		COOP_CHANNELS[r.place],
		r.location?.name ?? '',
		r.location?.address ?? '',
		r.location?.commune ?? '',
		r.location?.postcode ?? '',
		r.location?.insee ?? '',
		r.durationMinutes,
		collective ? (r.workshop?.title ?? '') : '',
		unique(r.equipment.map((e) => COOP_EQUIPMENT[e])).join('\n'),
		themes.join('\n'),
		'',
		administrative ? (r.operatorName ?? '') : '',
		level,
		collective ? '' : redirections.length > 0 ? 'Oui' : 'Non',
		redirections.join('\n'),
		r.personCommune?.name ?? '',
		r.personCommune?.postcode ?? '',
		r.personCommune?.insee ?? '',
		COOP_GENDER,
		r.person.ageBracket ? COOP_AGE_BRACKETS[r.person.ageBracket] : COOP_NOT_GIVEN,
		r.person.status ? COOP_STATUSES[r.person.status] : COOP_STATUS_NOT_GIVEN,
		// Never exported: a free-text note may name the person (records are anonymous by design).
		'',
		r.id
	]);
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`, as the CSV writes the day. */
export function frenchDay(isoDate: string): string {
	return isoDate.split('-').reverse().join('/');
}
