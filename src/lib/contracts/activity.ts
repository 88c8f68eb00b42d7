import { z } from 'zod/mini';
import {
	ACTIVITY_FORMATS,
	ACTIVITY_OUTCOMES,
	ACTIVITY_PLACES,
	ADMIN_THEMES,
	AIDANTS_CONNECT_DOMAINS,
	AIDANTS_CONNECT_DURATIONS,
	AGE_BRACKETS,
	AUTONOMY_LEVELS,
	DIGITAL_THEMES,
	EQUIPMENT,
	ORIENTATIONS,
	PERSON_STATUSES,
	WORKSHOP_LEVELS
} from '$lib/domain/activity';
import { insee, isoDate, slugId, text, uuid } from './common';
import { permanenceId } from './planning';

/** A list of distinct codes of one value list. */
const codes = <T extends readonly [string, ...string[]]>(values: T) =>
	z.array(z.enum(values)).check(
		z.maxLength(values.length),
		z.refine((a) => new Set(a).size === a.length, 'Une même valeur est cochée deux fois.')
	);

/**
 * An activity record as the adviser fills it, offline: anonymous (coarse, optional fields about
 * the person, never a name), a few taps for the common case.
 */
export const activityRecordInput = z
	.strictObject({
		/** The day of the help; taken from the permanence or the visit when there is one. */
		date: isoDate,
		place: z.enum(ACTIVITY_PLACES),
		permanenceId: z.nullable(permanenceId),
		homeVisitId: z.nullable(uuid),
		format: z.enum(ACTIVITY_FORMATS),
		workshop: z.nullable(
			z.strictObject({
				title: text(120, 3),
				level: z.enum(WORKSHOP_LEVELS),
				participants: z.int().check(z.minimum(1), z.maximum(60, 'Au plus 60 participants.'))
			})
		),
		person: z.strictObject({
			ageBracket: z.nullable(z.enum(AGE_BRACKETS)),
			communeInsee: z.nullable(insee),
			status: z.nullable(z.enum(PERSON_STATUSES))
		}),
		adminThemes: codes(ADMIN_THEMES),
		digitalThemes: codes(DIGITAL_THEMES),
		/** One of the 9 partner operators (referential id), `department` or `other`; null if none. */
		operator: z.nullable(slugId),
		level: z.union([z.literal(1), z.literal(2)]),
		autonomy: z.nullable(z.enum(AUTONOMY_LEVELS)),
		equipment: codes(EQUIPMENT),
		/** Aidants Connect: the mandate's scope and end date only, never the person's identity. */
		aidantsConnect: z.nullable(
			z.strictObject({
				scope: codes(AIDANTS_CONNECT_DOMAINS).check(
					z.minLength(1, 'Indiquez au moins un domaine du mandat.')
				),
				/** One of Aidants Connect's four durations (absent from records made before they were asked). */
				duration: z.optional(z.enum(AIDANTS_CONNECT_DURATIONS, 'Choisissez la durée du mandat.')),
				until: isoDate
			})
		),
		orientations: codes(ORIENTATIONS),
		durationMinutes: z.int().check(z.minimum(5, 'Au moins 5 minutes.'), z.maximum(480, 'Au plus 8 heures.')),
		outcome: z.enum(ACTIVITY_OUTCOMES),
		note: text(500)
	})
	.check(
		z.refine((r) => r.adminThemes.length + r.digitalThemes.length > 0, {
			message: 'Choisissez au moins un thème de la demande.',
			path: ['adminThemes']
		}),
		z.refine((r) => (r.format === 'collective') === (r.workshop !== null), {
			message: 'Un atelier collectif a un titre, un niveau et un nombre de participants (et seulement lui).',
			path: ['workshop']
		}),
		z.refine((r) => r.place !== 'homeVisit' || r.homeVisitId !== null, {
			message: 'Une fiche de visite à domicile désigne la visite.',
			path: ['homeVisitId']
		}),
		z.refine((r) => r.place === 'permanence' || r.permanenceId === null, {
			message: 'Seule une fiche de permanence désigne une permanence.',
			path: ['permanenceId']
		}),
		z.refine((r) => r.level === 1 || r.operator !== null, {
			message: 'Un niveau 2 est transmis au correspondant d’un organisme : choisissez l’organisme.',
			path: ['operator']
		})
	);

export type ActivityRecordInput = z.infer<typeof activityRecordInput>;
