/**
 * The département's own rules: choices of Tarn-et-Garonne's coordination, not national rules
 * nor facts of the seed. Each has a default (the département's current practice), is kept on the
 * server, reaches devices by sync and is edited by the coordination (`/coordination/regles`).
 *
 * Seed 003 says each site gets two permanences a month on an announced calendar, and that the
 * six agents go two per van, three of them conseillers numériques: it says nothing of the spacing
 * between the two passages, of a correspondent's answer delay, or of one conseiller per crew.
 */
export interface LocalRules {
	/** Minimum days between a site's two permanences of a month (a planning rule). */
	minSpacingDays: number;
	/** Days a level-2 correspondent is given to answer, by default (the adviser may change it). */
	level2ResponseDays: number;
	/** Each crew should count a conseiller numérique: a warning when it does not, never a refusal. */
	crewWithDigitalAdviser: boolean;
	/**
	 * Minutes without use after which a device's app locks itself and asks for the password again
	 * (issue 20; OWASP ASVS's inactivity timeout). A security choice of the département.
	 */
	idleLockMinutes: number;
}

export const DEFAULT_LOCAL_RULES: Readonly<LocalRules> = Object.freeze({
	minSpacingDays: 10,
	level2ResponseDays: 15,
	crewWithDigitalAdviser: true,
	idleLockMinutes: 15
});

/** The bounds a coordinator may choose within (two passages a month must still fit). */
export const LOCAL_RULE_BOUNDS = {
	minSpacingDays: { min: 0, max: 14 },
	level2ResponseDays: { min: 1, max: 90 },
	idleLockMinutes: { min: 1, max: 120 }
} as const;

/** What each rule says, in French, for the coordinator's page and the planner's explanations. */
export const LOCAL_RULE_LABELS: Record<keyof LocalRules, { label: string; help: string }> = {
	minSpacingDays: {
		label: 'Écart minimum entre les deux permanences d’un lieu dans le mois (jours)',
		help: 'Le planificateur ne place pas deux passages plus rapprochés. 0 : pas d’écart imposé.'
	},
	level2ResponseDays: {
		label: 'Délai de réponse proposé pour un dossier de niveau 2 (jours)',
		help: 'Date de réponse attendue proposée au conseiller quand il transmet un dossier ; il peut la changer.'
	},
	crewWithDigitalAdviser: {
		label: 'Un conseiller numérique dans chaque équipe',
		help: 'Une équipe sans conseiller numérique est signalée (avertissement), jamais refusée.'
	},
	idleLockMinutes: {
		label: 'Verrouillage des appareils après (minutes sans utilisation)',
		help: 'Sur les ordinateurs et téléphones des équipes, l’application se verrouille et redemande le mot de passe : les données des personnes restent chiffrées.'
	}
};

/** Where the rules come from, said wherever they are applied. */
export const LOCAL_RULES_ORIGIN = 'Choix du département (règle locale, modifiable par la coordination)';

/** Rules as stored (possibly partial or from an older version) → complete rules, defaults filled in. */
export function withDefaults(stored: Partial<LocalRules> | null | undefined): LocalRules {
	return { ...DEFAULT_LOCAL_RULES, ...(stored ?? {}) };
}

/** The id of the one row of rules, on the server and on devices. */
export const LOCAL_RULES_ID = 'departement';

/**
 * The rules a device holds (its synced row, or none before its first sync) → complete rules: a
 * missing or ill-typed value falls back to its default.
 */
export function localRulesFromRow(row: Readonly<Record<string, unknown>> | undefined): LocalRules {
	const days = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
	return {
		minSpacingDays: days(row?.minSpacingDays, DEFAULT_LOCAL_RULES.minSpacingDays),
		level2ResponseDays: days(row?.level2ResponseDays, DEFAULT_LOCAL_RULES.level2ResponseDays),
		crewWithDigitalAdviser:
			typeof row?.crewWithDigitalAdviser === 'boolean'
				? row.crewWithDigitalAdviser
				: DEFAULT_LOCAL_RULES.crewWithDigitalAdviser,
		idleLockMinutes:
			typeof row?.idleLockMinutes === 'number' &&
			Number.isInteger(row.idleLockMinutes) &&
			row.idleLockMinutes >= 1
				? row.idleLockMinutes
				: DEFAULT_LOCAL_RULES.idleLockMinutes
	};
}
