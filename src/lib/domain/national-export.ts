import {
	AUTONOMY_LEVELS,
	WORKSHOP_LEVELS,
	type ActivityOutcome,
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

/**
 * The activity records in the shape of the national activity report of digital mediation
 * (« compte rendu d'activité » of La Coop de la médiation numérique, ANCT): its columns, in its
 * order, with its wording for every value, so that a conseiller numérique's records can feed the
 * national tool and the France Services reporting without retyping.
 *
 * Where our lists are finer or coarser than the national ones, the mapping is written here once:
 * several of our digital themes fall under one national theme; "Associations" has no national
 * administrative theme and keeps its own wording; version-1 age brackets that straddle national
 * ones are "Non communiqué".
 */
export const NATIONAL_CRA_HEADERS = [
	'Date',
	'Type',
	'Nombre de participants',
	'Bénéficiaire',
	'Canaux d’accompagnement',
	'Lieu',
	'Durée',
	'Nom de l’atelier',
	'Matériel numérique utilisé',
	'Thématique(s) d’accompagnement',
	'Nom de la démarche administrative',
	'Niveau d’autonomie du bénéficiaire',
	'Niveau de l’atelier',
	'Le bénéficiaire est-il orienté vers une autre structure ?',
	'La démarche est-elle finalisée ?',
	'Structure de redirection',
	'Le bénéficiaire va-t-il poursuivre son parcours d’accompagnement ?',
	'Commune de résidence du bénéficiaire',
	'Genre du bénéficiaire',
	'Tranche d’âge du bénéficiaire',
	'Statut du bénéficiaire',
	'Notes supplémentaires'
] as const;

export const NATIONAL_DIGITAL_THEMES: Record<DigitalTheme, string> = {
	deviceBasics: 'Prendre en main du matériel',
	smartphone: 'Prendre en main du matériel',
	email: 'E-mail',
	onlineAccounts: 'Navigation sur internet',
	onlineProcedures: 'Navigation sur internet',
	information: 'Navigation sur internet',
	documents: 'Bureautique',
	security: 'Prévention en sécurité numérique',
	jobSearch: 'Insertion professionnelle',
	other: 'Culture numérique'
};

export const NATIONAL_ADMIN_THEMES: Record<AdminTheme, string> = {
	papers: 'Papiers - Élections Citoyenneté',
	family: 'Famille - Scolarité',
	socialHealth: 'Social - Santé',
	workTraining: 'Travail - Formation',
	housing: 'Logement',
	transport: 'Transports - Mobilité',
	moneyTaxes: 'Argent - Impôts',
	justice: 'Justice',
	foreigners: 'Étrangers - Europe',
	leisureCulture: 'Loisirs - Sports Culture',
	associations: 'Associations'
};

export const NATIONAL_EQUIPMENT: Record<Equipment, string> = {
	computer: 'Ordinateur',
	phone: 'Téléphone',
	tablet: 'Tablette',
	vanSelfService: 'Autre',
	none: 'Pas de matériel'
};

export const NATIONAL_AGE_BRACKETS: Record<AgeBracket, string> = {
	minor: 'Mineur(e)',
	'18to24': '18 - 24 ans',
	'25to39': '25 - 39 ans',
	'40to59': '40 - 59 ans',
	'60to69': '60 - 69 ans',
	'70plus': '70 ans et plus',
	under18: 'Mineur(e)',
	'18to25': 'Non communiqué',
	'26to44': 'Non communiqué',
	'45to64': 'Non communiqué',
	'65to79': 'Non communiqué',
	'80plus': '70 ans et plus'
};

export const NATIONAL_STATUSES: Record<PersonStatus, string> = {
	employed: 'En emploi',
	jobSeeker: 'Sans emploi',
	retired: 'Retraité(e)',
	student: 'Scolarisé(e)',
	other: 'Non communiqué ou hétérogène'
};

const NATIONAL_REDIRECTIONS: Record<Orientation | 'operator', string> = {
	operator: 'Opérateur ou organisme en charge de la démarche administrative',
	mds: 'Administration (collectivité locale, préfecture…)',
	mediationPlace: 'Structure de médiation numérique',
	otherStructure: 'Autre'
};

const NATIONAL_FINALISATION: Record<ActivityOutcome, string> = {
	resolved: 'Oui',
	inProgress: 'Non L’usager devra revenir.',
	redirected: 'Non L’usager est orienté vers une autre structure.'
};

/** "30min", "1h", "1h30": the national report's way of writing a duration. */
export function nationalDuration(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h === 0) return `${m}min`;
	return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
}

/** A record as the national columns need it (the wire row of `activityRow`, plus names resolved by the caller). */
export interface NationalRecord {
	date: string;
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
	outcome: ActivityOutcome;
	note: string;
	/** "Salle des fêtes, 82120 Lavit", the operator's name, "82120 Lavit": resolved by the caller. */
	placeName: string;
	operatorName: string | null;
	personCommune: string | null;
}

const stars = <T extends string>(values: readonly T[], value: T) =>
	`${values.indexOf(value) + 1}/${values.length}`;
const yesNo = (b: boolean) => (b ? 'Oui' : 'Non');

/** One record as a row of the national report, column by column (`NATIONAL_CRA_HEADERS`). */
export function nationalCraRow(r: NationalRecord): string[] {
	const collective = r.format === 'collective';
	const procedure = !collective && r.adminThemes.length > 0;
	const type = collective
		? 'Ateliers collectif'
		: procedure
			? 'Aide aux démarches administratives'
			: 'Accompagnement individuel';
	const channel = collective
		? r.place === 'permanence'
			? 'Lieu d’activité'
			: 'Autre lieu'
		: {
				permanence: 'Lieu d’activité',
				homeVisit: 'À domicile',
				phone: 'À distance',
				other: 'Lieu d’activité'
			}[r.place];
	const themes = [
		...new Set([
			...r.digitalThemes.map((t) => NATIONAL_DIGITAL_THEMES[t]),
			...r.adminThemes.map((t) => NATIONAL_ADMIN_THEMES[t])
		])
	];
	const redirections = [
		...(r.level === 2 ? [NATIONAL_REDIRECTIONS.operator] : []),
		...r.orientations.map((o) => NATIONAL_REDIRECTIONS[o])
	];
	return [
		r.date.split('-').reverse().join('/'),
		type,
		String(collective ? (r.workshop?.participants ?? 0) : 1),
		'Anonyme',
		channel,
		r.placeName,
		nationalDuration(r.durationMinutes),
		r.workshop?.title ?? '',
		[...new Set(r.equipment.map((e) => NATIONAL_EQUIPMENT[e]))].join('\n'),
		themes.join('\n'),
		procedure ? (r.operatorName ?? '') : '',
		!collective && r.autonomy ? stars(AUTONOMY_LEVELS, r.autonomy) : '',
		collective && r.workshop ? stars(WORKSHOP_LEVELS, r.workshop.level) : '',
		collective ? '' : yesNo(redirections.length > 0),
		procedure ? NATIONAL_FINALISATION[r.outcome] : '',
		redirections.join('\n'),
		'-',
		r.personCommune ?? '-',
		'-',
		r.person.ageBracket ? NATIONAL_AGE_BRACKETS[r.person.ageBracket] : 'Non communiqué',
		r.person.status ? NATIONAL_STATUSES[r.person.status] : 'Non communiqué ou hétérogène',
		r.note
	];
}
