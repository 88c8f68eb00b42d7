import { z } from 'zod/mini';
import { LOCAL_RULE_BOUNDS } from '$lib/domain/local-rules';

const days = (bounds: { min: number; max: number }, what: string) =>
	z
		.number(`${what} : nombre de jours attendu.`)
		.check(
			z.int(`${what} : nombre entier de jours attendu.`),
			z.minimum(bounds.min, `${what} : au moins ${bounds.min} jour${bounds.min > 1 ? 's' : ''}.`),
			z.maximum(bounds.max, `${what} : au plus ${bounds.max} jours.`)
		);

/** The département's rules as the coordination sets them (`/coordination/regles`, `PUT /api/local-rules`). */
export const localRulesInput = z.strictObject({
	minSpacingDays: days(LOCAL_RULE_BOUNDS.minSpacingDays, 'Écart entre deux permanences'),
	level2ResponseDays: days(LOCAL_RULE_BOUNDS.level2ResponseDays, 'Délai de réponse du niveau 2'),
	crewWithDigitalAdviser: z.boolean(),
	idleLockMinutes: z
		.number('Verrouillage des appareils : nombre de minutes attendu.')
		.check(
			z.int('Verrouillage des appareils : nombre entier de minutes attendu.'),
			z.minimum(LOCAL_RULE_BOUNDS.idleLockMinutes.min, 'Verrouillage des appareils : au moins 1 minute.'),
			z.maximum(
				LOCAL_RULE_BOUNDS.idleLockMinutes.max,
				`Verrouillage des appareils : au plus ${LOCAL_RULE_BOUNDS.idleLockMinutes.max} minutes.`
			)
		)
});
export type LocalRulesInput = z.infer<typeof localRulesInput>;
