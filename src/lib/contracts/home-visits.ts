import { z } from 'zod/mini';
import { HOME_VISIT_STATUSES, MOBILITY_REASONS } from '$lib/domain/home-visit';
import { HALF_DAY_PERIODS } from '$lib/domain/site';
import { clockTime, isoDate, phone, slugId, text } from './common';

const insee = z.string().check(z.regex(/^\d[\dAB]\d{3}$/, 'Commune invalide.'));

export const availability = z.object({
	weekdays: z
		.array(z.int().check(z.minimum(1), z.maximum(6)))
		.check(z.minLength(1, 'Cochez au moins un jour.'), z.maxLength(6)),
	periods: z
		.array(z.enum(HALF_DAY_PERIODS))
		.check(z.minLength(1, 'Cochez le matin, l’après-midi ou les deux.')),
	from: z.nullable(isoDate),
	to: z.nullable(isoDate),
	note: text(200)
});

/** What a relay (or staff member) enters: only what the visit needs. */
export const homeVisitRequestInput = z
	.object({
		personName: text(120, 2),
		personPhone: phone,
		communeInsee: insee,
		street: text(200, 3),
		accessNotes: text(500),
		reasons: z
			.array(z.enum(MOBILITY_REASONS))
			.check(
				z.minLength(1, 'Indiquez au moins une raison pour laquelle la personne ne peut pas se déplacer.')
			),
		operatorId: z.nullable(slugId),
		subject: text(200, 3),
		availability,
		consent: z.literal(true, 'L’accord de la personne est obligatoire pour enregistrer la demande.')
	})
	.check(
		z.refine((r) => !r.availability.from || !r.availability.to || r.availability.to >= r.availability.from, {
			message: 'La fin de la période de disponibilité précède son début.',
			path: ['availability', 'to']
		})
	);

export const homeVisitSlot = z.object({
	date: isoDate,
	period: z.enum(HALF_DAY_PERIODS),
	start: clockTime,
	end: clockTime
});

export const homeVisitTransition = z.object({
	to: z.enum(HOME_VISIT_STATUSES),
	reason: z.optional(z.nullable(text(300))),
	slot: z.optional(z.nullable(homeVisitSlot))
});

export type HomeVisitRequestInput = z.infer<typeof homeVisitRequestInput>;
export type HomeVisitTransitionInput = z.infer<typeof homeVisitTransition>;
