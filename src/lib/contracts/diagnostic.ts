import { z } from 'zod/mini';
import {
	ACCESS_CONNECTIONS,
	ACCESS_EQUIPMENT,
	ACCESS_NEEDS,
	ACCESS_READING,
	DIAGNOSTIC_QUESTIONS,
	DIAGNOSTIC_VERSION,
	DIGITAL_AREAS,
	DIGITAL_AREA_LABELS,
	FOLLOW_UP_CODE_PATTERN,
	questionsOf
} from '$lib/domain/diagnostic';
import { insee, isoDate } from './common';

const distinct = <T extends readonly [string, ...string[]]>(values: T) =>
	z.array(z.enum(values)).check(
		z.maxLength(values.length),
		z.refine((a) => new Set(a).size === a.length, 'Une même valeur est cochée deux fois.')
	);

/**
 * A digital-skills diagnostic as the adviser fills it, offline: the answers by question id (0 to
 * 3, null when not asked), the conditions of access, and the person's follow-up code — no name.
 * The server scores it again with the same rules (`scoreDiagnostic`).
 */
export const diagnosticInput = z
	.strictObject({
		date: isoDate,
		questionnaireVersion: z
			.int()
			.check(z.minimum(1), z.maximum(DIAGNOSTIC_VERSION, 'Version du questionnaire inconnue du serveur.')),
		followUpCode: z.string().check(z.regex(FOLLOW_UP_CODE_PATTERN, 'Code de suivi invalide.')),
		/** The person's commune, optional: to find the places near them. */
		communeInsee: z.nullable(insee),
		answers: z
			.record(
				z.string(),
				z.nullable(
					z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
						error: 'Réponse attendue de 0 à 3.'
					})
				)
			)
			.check(
				// Checked on the answers alone, so that it is reported with the other missing fields.
				z.superRefine((answers, ctx) => {
					for (const area of DIGITAL_AREAS)
						if (!DIAGNOSTIC_QUESTIONS.some((q) => q.area === area && answers[q.id] != null))
							ctx.addIssue({
								code: 'custom',
								message: `Répondez à au moins une question du domaine « ${DIGITAL_AREA_LABELS[area]} ».`,
								path: [area],
								input: answers
							});
				})
			),
		access: z.strictObject({
			equipment: distinct(ACCESS_EQUIPMENT),
			connection: z.enum(ACCESS_CONNECTIONS, { error: 'Indiquez la connexion de la personne.' }),
			reading: z.enum(ACCESS_READING, { error: 'Indiquez si la personne lit le français.' }),
			needs: distinct(ACCESS_NEEDS)
		})
	})
	.check(
		z.superRefine((d, ctx) => {
			const known = new Set(questionsOf(d.questionnaireVersion).map((q) => q.id));
			for (const id of Object.keys(d.answers))
				if (!known.has(id))
					ctx.addIssue({
						code: 'custom',
						message: `Question inconnue : ${id}.`,
						path: ['answers', id],
						input: d
					});
		})
	);
export type DiagnosticInput = z.infer<typeof diagnosticInput>;
