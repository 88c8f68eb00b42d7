import { addMonthsToDateIso } from './dates';

/**
 * The activity record ("fiche d'accompagnement"): the value lists, in one versioned place.
 * Codes are English and stable; labels are what people read. The lists follow the fields of the
 * national France Services and digital-mediation activity reports (the 11 administrative themes,
 * the 3-level autonomy scale, level 1 / level 2, the national age brackets), so that an export can
 * feed the national tools: `lib/domain/national-export.ts` maps each list to the wording of the
 * national activity report (La Coop de la médiation numérique).
 * A new version adds codes, never renames one: each record keeps the version it was made with.
 */
export const ACTIVITY_LISTS_VERSION = 3;

export const ACTIVITY_PLACES = ['permanence', 'homeVisit', 'phone', 'other'] as const;
export type ActivityPlace = (typeof ACTIVITY_PLACES)[number];
export const ACTIVITY_PLACE_LABELS: Record<ActivityPlace, string> = {
	permanence: 'Permanence',
	homeVisit: 'Visite à domicile',
	phone: 'Téléphone',
	other: 'Autre lieu'
};

export const ACTIVITY_FORMATS = ['individual', 'collective'] as const;
export type ActivityFormat = (typeof ACTIVITY_FORMATS)[number];
export const ACTIVITY_FORMAT_LABELS: Record<ActivityFormat, string> = {
	individual: 'Individuel',
	collective: 'Atelier collectif'
};

export const WORKSHOP_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type WorkshopLevel = (typeof WORKSHOP_LEVELS)[number];
export const WORKSHOP_LEVEL_LABELS: Record<WorkshopLevel, string> = {
	beginner: 'Débutant',
	intermediate: 'Intermédiaire',
	advanced: 'Avancé'
};

/**
 * Age brackets. Version 3 takes La Coop's brackets (under 12, 12–17, 18–24, 25–39, 40–59, 60–69,
 * 70 and over); version 2's « minor » and the version-1 codes stay valid for the records made
 * with them but are no longer offered.
 */
export const AGE_BRACKETS = [
	'under12',
	'12to17',
	'minor',
	'18to24',
	'25to39',
	'40to59',
	'60to69',
	'70plus',
	'under18',
	'18to25',
	'26to44',
	'45to64',
	'65to79',
	'80plus'
] as const;
export type AgeBracket = (typeof AGE_BRACKETS)[number];
/** The brackets the record offers now (lists version 3). */
export const CURRENT_AGE_BRACKETS = [
	'under12',
	'12to17',
	'18to24',
	'25to39',
	'40to59',
	'60to69',
	'70plus'
] as const;
export const AGE_BRACKET_LABELS: Record<AgeBracket, string> = {
	under12: 'Moins de 12 ans',
	'12to17': '12 à 17 ans',
	minor: 'Moins de 18 ans',
	'18to24': '18 à 24 ans',
	'25to39': '25 à 39 ans',
	'40to59': '40 à 59 ans',
	'60to69': '60 à 69 ans',
	'70plus': '70 ans et plus',
	under18: 'Moins de 18 ans',
	'18to25': '18 à 25 ans',
	'26to44': '26 à 44 ans',
	'45to64': '45 à 64 ans',
	'65to79': '65 à 79 ans',
	'80plus': '80 ans et plus'
};

export const PERSON_STATUSES = ['employed', 'jobSeeker', 'retired', 'student', 'other'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
	employed: 'En emploi',
	jobSeeker: 'Demandeur d’emploi',
	retired: 'Retraité',
	student: 'Étudiant, scolaire',
	other: 'Autre situation'
};

/** The 11 administrative themes of the national France Services reporting. */
export const ADMIN_THEMES = [
	'papers',
	'family',
	'socialHealth',
	'workTraining',
	'housing',
	'transport',
	'moneyTaxes',
	'justice',
	'foreigners',
	'leisureCulture',
	'associations'
] as const;
export type AdminTheme = (typeof ADMIN_THEMES)[number];
export const ADMIN_THEME_LABELS: Record<AdminTheme, string> = {
	papers: 'Papiers – citoyenneté',
	family: 'Famille – scolarité',
	socialHealth: 'Social – santé',
	workTraining: 'Travail – formation',
	housing: 'Logement',
	transport: 'Transports – mobilité',
	moneyTaxes: 'Argent – impôts',
	justice: 'Justice',
	foreigners: 'Étrangers – Europe',
	leisureCulture: 'Loisirs – culture',
	associations: 'Associations'
};

/**
 * The ten domains of an Aidants Connect mandate, as Aidants Connect lists them (no « associations »).
 * The codes are those of the administrative themes they match.
 */
export const AIDANTS_CONNECT_DOMAINS = [
	'papers',
	'family',
	'socialHealth',
	'workTraining',
	'housing',
	'transport',
	'moneyTaxes',
	'justice',
	'foreigners',
	'leisureCulture'
] as const satisfies readonly AdminTheme[];
export type AidantsConnectDomain = (typeof AIDANTS_CONNECT_DOMAINS)[number];
export const AIDANTS_CONNECT_DOMAIN_LABELS: Record<AidantsConnectDomain, string> = {
	papers: 'Papiers – citoyenneté – élections',
	family: 'Famille – scolarité',
	socialHealth: 'Social – santé',
	workTraining: 'Travail – formation',
	housing: 'Logement',
	transport: 'Transports – mobilité',
	moneyTaxes: 'Argent – impôts – consommation',
	justice: 'Justice',
	foreigners: 'Étranger – Europe',
	leisureCulture: 'Loisirs – sport – culture'
};

/** The four durations Aidants Connect offers for a mandate. */
export const AIDANTS_CONNECT_DURATIONS = ['oneDay', 'oneMonth', 'sixMonths', 'twelveMonths'] as const;
export type AidantsConnectDuration = (typeof AIDANTS_CONNECT_DURATIONS)[number];
export const AIDANTS_CONNECT_DURATION_LABELS: Record<AidantsConnectDuration, string> = {
	oneDay: '1 jour',
	oneMonth: '1 mois',
	sixMonths: '6 mois',
	twelveMonths: '12 mois'
};

export function isAidantsConnectDuration(value: unknown): value is AidantsConnectDuration {
	return (AIDANTS_CONNECT_DURATIONS as readonly unknown[]).includes(value);
}

/** The last day of a mandate signed on `signedOn` (an ISO date) for one of the four durations. */
export function mandateEnd(signedOn: string, duration: AidantsConnectDuration): string {
	const months = { oneDay: 0, oneMonth: 1, sixMonths: 6, twelveMonths: 12 }[duration];
	return months === 0 ? signedOn : addMonthsToDateIso(signedOn, months);
}

/** Digital themes, after the national digital-mediation activity record. */
export const DIGITAL_THEMES = [
	'deviceBasics',
	'email',
	'onlineAccounts',
	'onlineProcedures',
	'documents',
	'security',
	'smartphone',
	'information',
	'jobSearch',
	'other'
] as const;
export type DigitalTheme = (typeof DIGITAL_THEMES)[number];
export const DIGITAL_THEME_LABELS: Record<DigitalTheme, string> = {
	deviceBasics: 'Prendre en main un équipement',
	email: 'Courriels',
	onlineAccounts: 'Comptes en ligne, identifiants',
	onlineProcedures: 'Démarches en ligne',
	documents: 'Documents : scanner, envoyer, ranger',
	security: 'Sécurité, arnaques, données',
	smartphone: 'Smartphone et applications',
	information: 'Chercher une information',
	jobSearch: 'Emploi en ligne',
	other: 'Autre usage numérique'
};

/** Besides the 9 partner operators of the referential (their ids). */
export const OTHER_OPERATORS = ['department', 'other'] as const;
export const OTHER_OPERATOR_LABELS: Record<(typeof OTHER_OPERATORS)[number], string> = {
	department: 'Services du Département',
	other: 'Autre organisme'
};

export const ACTIVITY_LEVELS = [1, 2] as const;
export type ActivityLevel = (typeof ACTIVITY_LEVELS)[number];
export const ACTIVITY_LEVEL_LABELS: Record<ActivityLevel, string> = {
	1: 'Niveau 1 : aidé sur l’outil ou la démarche',
	2: 'Niveau 2 : transmis au correspondant de l’organisme'
};

/** The national 3-level autonomy scale. */
export const AUTONOMY_LEVELS = ['accompanied', 'autonomousWithHelp', 'autonomous'] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];
export const AUTONOMY_LABELS: Record<AutonomyLevel, string> = {
	accompanied: 'Accompagné entièrement',
	autonomousWithHelp: 'Autonome avec aide si besoin',
	autonomous: 'Autonome'
};

export const EQUIPMENT = ['computer', 'phone', 'tablet', 'vanSelfService', 'none'] as const;
export type Equipment = (typeof EQUIPMENT)[number];
export const EQUIPMENT_LABELS: Record<Equipment, string> = {
	computer: 'Ordinateur',
	phone: 'Téléphone',
	tablet: 'Tablette',
	vanSelfService: 'Poste en libre-service du véhicule',
	none: 'Aucun'
};

export const ORIENTATIONS = ['mds', 'mediationPlace', 'otherStructure'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];
export const ORIENTATION_LABELS: Record<Orientation, string> = {
	mds: 'Maison départementale des solidarités du secteur',
	mediationPlace: 'Lieu de médiation numérique',
	otherStructure: 'Autre structure'
};

export const DURATION_PRESETS = [15, 30, 45, 60, 90, 120] as const;

export const ACTIVITY_OUTCOMES = ['resolved', 'inProgress', 'redirected'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];
export const ACTIVITY_OUTCOME_LABELS: Record<ActivityOutcome, string> = {
	resolved: 'Résolu',
	inProgress: 'En cours',
	redirected: 'Réorienté'
};

/** How far back an adviser may date a record made offline (a van back after a long tour). */
export const ACTIVITY_BACKDATE_DAYS = 60;
