import type { AutonomyLevel } from './activity';

/**
 * The digital-skills diagnostic, led by the adviser in about ten minutes: everyday tasks grouped
 * by the five areas of the national and European frameworks (DigComp 2.2, as Pix uses them),
 * plus the conditions of access. It yields a level per area and an overall level on the national
 * 3-level autonomy scale, and recommendations.
 *
 * The questionnaire is versioned: a result keeps the version it was answered with, and a new
 * version adds questions (new ids) rather than changing the meaning of old ones. Version 2 asks
 * « remplir un formulaire en ligne » under communication (DigComp 2.3, taking part in citizenship
 * through digital services), no longer under content creation.
 */
export const DIAGNOSTIC_VERSION = 2;

export const DIGITAL_AREAS = ['information', 'communication', 'content', 'safety', 'environment'] as const;
export type DigitalArea = (typeof DIGITAL_AREAS)[number];

export const DIGITAL_AREA_LABELS: Record<DigitalArea, string> = {
	information: 'Information et données',
	communication: 'Communication et collaboration',
	content: 'Création de contenus',
	safety: 'Protection et sécurité',
	environment: 'Environnement numérique et résolution de problèmes'
};

/** What each area means for the person, in plain French (the printed summary). */
export const DIGITAL_AREA_PLAIN: Record<DigitalArea, string> = {
	information: 'chercher une information et retrouver ses documents',
	communication: 'échanger avec ses proches et faire ses démarches auprès des administrations',
	content: 'écrire un texte, envoyer une pièce justificative',
	safety: 'protéger ses mots de passe et reconnaître une arnaque',
	environment: 'se servir de son appareil et se débrouiller quand ça bloque'
};

/** How the person does a task: never done, with someone's help, alone with difficulty, alone with ease. */
export const ANSWER_SCALE = [0, 1, 2, 3] as const;
export type Answer = (typeof ANSWER_SCALE)[number];

export const ANSWER_LABELS: Record<Answer, string> = {
	0: 'Jamais fait / ne sait pas',
	1: "Avec l'aide de quelqu'un",
	2: 'Seul(e), avec difficulté',
	3: 'Seul(e), facilement'
};

/** The same, short enough for a chip on a phone (the full labels are the scale's legend). */
export const ANSWER_SHORT_LABELS: Record<Answer, string> = {
	0: 'Jamais fait',
	1: 'Avec aide',
	2: 'Seul(e), difficile',
	3: 'Seul(e), facile'
};

export interface DiagnosticQuestion {
	id: string;
	area: DigitalArea;
	/** The everyday task, as the adviser asks it. */
	task: string;
	/** Since which questionnaire version it is asked. */
	since: number;
	/** The last version that asks it, when a later one replaced it. */
	until?: number;
}

export const DIAGNOSTIC_QUESTIONS: readonly DiagnosticQuestion[] = [
	{
		id: 'info-search',
		area: 'information',
		since: 1,
		task: 'Trouver une information sur internet (horaires, adresse d’un service)'
	},
	{
		id: 'info-official',
		area: 'information',
		since: 1,
		task: 'Reconnaître un site officiel (.gouv.fr, ameli, caf…) d’un site payant ou douteux'
	},
	{
		id: 'info-files',
		area: 'information',
		since: 1,
		task: 'Retrouver un document enregistré (une attestation, une photo)'
	},
	{
		id: 'com-email',
		area: 'communication',
		since: 1,
		task: 'Lire et envoyer un courriel, avec une pièce jointe'
	},
	{
		id: 'com-messages',
		area: 'communication',
		since: 1,
		task: 'Échanger par message ou en visio avec ses proches'
	},
	{
		id: 'com-account',
		area: 'communication',
		since: 1,
		task: 'Écrire à un organisme depuis son espace personnel (CAF, impôts, ameli…)'
	},
	{
		id: 'com-form',
		area: 'communication',
		since: 2,
		task: 'Remplir un formulaire en ligne jusqu’au bout (une démarche, une demande)'
	},
	// Version 1 counted it as content creation; kept so that old results still read and score.
	{
		id: 'content-form',
		area: 'content',
		since: 1,
		until: 1,
		task: 'Remplir un formulaire en ligne jusqu’au bout'
	},
	{
		id: 'content-scan',
		area: 'content',
		since: 1,
		task: 'Photographier ou numériser un justificatif et l’envoyer'
	},
	{
		id: 'content-write',
		area: 'content',
		since: 1,
		task: 'Écrire un court texte (une lettre, un message) sur l’appareil'
	},
	{ id: 'safety-passwords', area: 'safety', since: 1, task: 'Créer un mot de passe solide et le retrouver' },
	{
		id: 'safety-scams',
		area: 'safety',
		since: 1,
		task: 'Reconnaître un message frauduleux (faux colis, faux remboursement)'
	},
	{
		id: 'safety-franceconnect',
		area: 'safety',
		since: 1,
		task: 'Se connecter avec FranceConnect ou un code reçu par SMS'
	},
	{
		id: 'env-device',
		area: 'environment',
		since: 1,
		task: 'Allumer l’appareil, se connecter au wifi, ouvrir une application'
	},
	{ id: 'env-install', area: 'environment', since: 1, task: 'Installer ou mettre à jour une application' },
	{
		id: 'env-stuck',
		area: 'environment',
		since: 1,
		task: 'Se débrouiller quand un site bloque (revenir en arrière, recommencer)'
	}
];

/** The questions of a questionnaire version. */
export function questionsOf(version: number): DiagnosticQuestion[] {
	return DIAGNOSTIC_QUESTIONS.filter((q) => q.since <= version && (q.until ?? Infinity) >= version);
}

/** The conditions of access: equipment, connection, reading, and a need of adaptation (never a health detail). */
export const ACCESS_EQUIPMENT = ['computer', 'smartphone', 'tablet', 'none'] as const;
export const ACCESS_EQUIPMENT_LABELS: Record<(typeof ACCESS_EQUIPMENT)[number], string> = {
	computer: 'Ordinateur',
	smartphone: 'Smartphone',
	tablet: 'Tablette',
	none: 'Aucun équipement'
};
export const ACCESS_CONNECTIONS = ['home', 'mobileOnly', 'none'] as const;
export const ACCESS_CONNECTION_LABELS: Record<(typeof ACCESS_CONNECTIONS)[number], string> = {
	home: 'Internet à la maison',
	mobileOnly: 'Seulement par le téléphone',
	none: 'Pas de connexion'
};
export const ACCESS_READING = ['easy', 'difficult', 'no'] as const;
export const ACCESS_READING_LABELS: Record<(typeof ACCESS_READING)[number], string> = {
	easy: 'Lit le français sans difficulté',
	difficult: 'Lit le français avec difficulté',
	no: 'Ne lit pas le français'
};
/** A need of adaptation to use a screen, stated as a need, never as a condition. */
export const ACCESS_NEEDS = ['none', 'sight', 'hearing', 'hands', 'understanding'] as const;
export const ACCESS_NEED_LABELS: Record<(typeof ACCESS_NEEDS)[number], string> = {
	none: 'Aucun besoin particulier',
	sight: 'Besoin d’un affichage adapté (vue)',
	hearing: 'Besoin d’un son ou de sous-titres adaptés (audition)',
	hands: 'Besoin d’un appareil adapté (mains)',
	understanding: 'Besoin d’explications simplifiées'
};

export interface DiagnosticAccess {
	equipment: (typeof ACCESS_EQUIPMENT)[number][];
	connection: (typeof ACCESS_CONNECTIONS)[number];
	reading: (typeof ACCESS_READING)[number];
	needs: (typeof ACCESS_NEEDS)[number][];
}

/** Answers by question id; null or absent: not asked. */
export type DiagnosticAnswers = Record<string, Answer | null>;

/**
 * Mean at or above which an area (or the whole) is "autonome avec aide si besoin", then "autonome".
 * A person who does every task with someone's help (1) is "accompagné entièrement", never
 * "autonome avec aide": that level starts halfway to doing the tasks alone, with difficulty (2).
 */
export const LEVEL_THRESHOLDS = { withHelp: 1.5, autonomous: 2.25 } as const;

export function levelOf(mean: number): AutonomyLevel {
	if (mean >= LEVEL_THRESHOLDS.autonomous) return 'autonomous';
	if (mean >= LEVEL_THRESHOLDS.withHelp) return 'autonomousWithHelp';
	return 'accompanied';
}

const LEVEL_RANK: Record<AutonomyLevel, number> = { accompanied: 0, autonomousWithHelp: 1, autonomous: 2 };

/** Orders levels: negative when `a` is below `b`. */
export function compareLevels(a: AutonomyLevel, b: AutonomyLevel): number {
	return LEVEL_RANK[a] - LEVEL_RANK[b];
}

export const RECOMMENDATION_KINDS = [
	'aidantsConnect',
	'equipment',
	'coaching',
	'workshop',
	'mediationPlace'
] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const RECOMMENDATION_LABELS: Record<RecommendationKind, string> = {
	aidantsConnect:
		'Aidants Connect : un aidant habilité fait pour vous, en votre nom, les démarches que vous lui confiez par un mandat',
	equipment: 'Un ordinateur pour vos démarches, même sans en avoir un',
	coaching: 'Un accompagnement individuel par le conseiller numérique, à une prochaine permanence',
	workshop: 'Un atelier collectif près de chez vous',
	mediationPlace: 'Un lieu de médiation numérique proche de chez vous'
};

export interface Recommendation {
	kind: RecommendationKind;
	/** The areas it works on (empty for access). */
	areas: DigitalArea[];
	/** Why, in plain French. */
	reason: string;
}

export interface DiagnosticResult {
	version: number;
	/** Mean answer per area (0 to 3), null when no question of the area was answered. */
	areaScores: Record<DigitalArea, number | null>;
	areaLevels: Record<DigitalArea, AutonomyLevel | null>;
	overallScore: number;
	overall: AutonomyLevel;
	recommendations: Recommendation[];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Scores a diagnostic: the mean of the answered questions of each area, the overall mean of the
 * areas answered (0 if none), each mapped onto the autonomy scale. A better answer never lowers
 * a level (means only grow with the answers). Every result carries at least one recommendation.
 */
export function scoreDiagnostic(
	answers: DiagnosticAnswers,
	access: DiagnosticAccess,
	version = DIAGNOSTIC_VERSION
): DiagnosticResult {
	const areaScores = {} as Record<DigitalArea, number | null>;
	const areaLevels = {} as Record<DigitalArea, AutonomyLevel | null>;
	const questions = questionsOf(version);
	for (const area of DIGITAL_AREAS) {
		const given = questions
			.filter((q) => q.area === area)
			.map((q) => answers[q.id])
			.filter((a): a is Answer => a !== null && a !== undefined);
		const score = given.length ? round2(mean(given)) : null;
		areaScores[area] = score;
		areaLevels[area] = score === null ? null : levelOf(score);
	}
	const scored = DIGITAL_AREAS.map((a) => areaScores[a]).filter((s): s is number => s !== null);
	const overallScore = scored.length ? round2(mean(scored)) : 0;
	const overall = levelOf(overallScore);
	return {
		version,
		areaScores,
		areaLevels,
		overallScore,
		overall,
		recommendations: recommend(areaLevels, overall, access)
	};
}

/** The recommendations of a result: what the levels and the access call for. */
export function recommend(
	areaLevels: Record<DigitalArea, AutonomyLevel | null>,
	overall: AutonomyLevel,
	access: DiagnosticAccess
): Recommendation[] {
	const below = (level: AutonomyLevel) =>
		DIGITAL_AREAS.filter((a) => {
			const l = areaLevels[a];
			return l !== null && compareLevels(l, level) < 0;
		});
	const weak = below('autonomousWithHelp');
	const partial = below('autonomous');
	const out: Recommendation[] = [];
	if (overall === 'accompanied' || access.reading === 'no') {
		out.push({
			kind: 'aidantsConnect',
			areas: [],
			reason:
				access.reading === 'no'
					? 'Lire les démarches en français est difficile : avec un mandat que vous signez, un aidant habilité les fait à votre place, en toute sécurité.'
					: 'Les démarches en ligne sont encore difficiles seul(e) : avec un mandat que vous signez, un aidant habilité les fait à votre place, en toute sécurité.'
		});
	}
	if (weak.length > 0 || overall === 'accompanied') {
		out.push({
			kind: 'coaching',
			areas: weak,
			reason: 'Apprendre pas à pas, à votre rythme, avec le conseiller numérique de la tournée.'
		});
	}
	if (partial.length > 0) {
		out.push({
			kind: 'workshop',
			areas: partial,
			reason: 'Progresser avec d’autres personnes sur ce qui reste difficile.'
		});
	}
	const noDevice = access.equipment.includes('none') || access.equipment.length === 0;
	if (noDevice) {
		// Seed 003: the tours « mettre à disposition du matériel informatique en libre-service ».
		out.splice(Math.min(1, out.length), 0, {
			kind: 'equipment',
			areas: [],
			reason:
				'L’ordinateur en libre-service du véhicule, à chaque permanence ; un lieu de médiation numérique près de chez vous ; et le conseiller vous dit où obtenir un appareil.'
		});
	}
	const noAccess = noDevice || access.connection === 'none';
	if (noAccess || out.length === 0) {
		out.push({
			kind: 'mediationPlace',
			areas: [],
			reason: noAccess
				? 'Un ordinateur et une connexion en accès libre, avec quelqu’un pour aider si besoin.'
				: 'Pour aller plus loin et rester à jour, près de chez vous.'
		});
	}
	return out;
}

/** Progress between two results of the same person, per area: the change of the mean answer. */
export function progressBetween(
	before: Pick<DiagnosticResult, 'areaScores' | 'overallScore'>,
	after: Pick<DiagnosticResult, 'areaScores' | 'overallScore'>
): { areas: Record<DigitalArea, number | null>; overall: number } {
	const areas = {} as Record<DigitalArea, number | null>;
	for (const area of DIGITAL_AREAS) {
		const b = before.areaScores[area];
		const a = after.areaScores[area];
		areas[area] = a === null || b === null ? null : round2(a - b);
	}
	return { areas, overall: round2(after.overallScore - before.overallScore) };
}

/** Letters of a follow-up code: no 0/O, 1/I/L, easy to read aloud and to copy from paper. */
const CODE_LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A follow-up code for the person (e.g. "K7M-4QX"), printed on their summary: the next
 * diagnostic finds the previous one by it, without a name. `random` returns numbers in [0, 1).
 */
export function newFollowUpCode(random: () => number): string {
	const pick = () => CODE_LETTERS[Math.floor(random() * CODE_LETTERS.length)] ?? 'A';
	return `${pick()}${pick()}${pick()}-${pick()}${pick()}${pick()}`;
}

export const FOLLOW_UP_CODE_PATTERN = /^[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}$/;

/** A code as typed (lower case, spaces, no dash) in its canonical form, or null if it cannot be one. */
export function normaliseFollowUpCode(typed: string): string | null {
	const compact = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
	if (compact.length !== 6) return null;
	const code = `${compact.slice(0, 3)}-${compact.slice(3)}`;
	return FOLLOW_UP_CODE_PATTERN.test(code) ? code : null;
}
