import { z } from 'zod/mini';
import { HALF_DAY_PERIODS } from '$lib/domain/site';
import { isoDate, text, uuid } from './common';

/** A calendar month, `YYYY-MM`. */
export const isoMonth = z
	.string()
	.check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Mois attendu au format AAAA-MM.'));

/** "Proposer un calendrier": from a month, for 1 to 12 months. */
export const planProposalRequest = z.object({
	from: isoMonth,
	months: z.coerce.number().check(z.int('Nombre de mois entier attendu.'), z.minimum(1), z.maximum(12)),
	repartition: z.boolean()
});

export const planAcceptance = z.object({
	...planProposalRequest.shape,
	fingerprint: z.string().check(z.regex(/^[\w-]{10,64}$/, 'Proposition inconnue.'))
});

export const publication = z.object({ through: isoDate });

/** Where a permanence would go: checked live before the move is saved. */
export const permanenceMoveCheck = z.object({
	date: isoDate,
	period: z.enum(HALF_DAY_PERIODS)
});

export const permanenceMove = z.object({
	...permanenceMoveCheck.shape,
	reason: text(200, 3)
});

export const permanenceCancellation = z.object({ reason: text(200, 3) });

/** A permanence's id as the planner makes it: `{site}:{YYYY-MM}:{n}`. */
export const permanenceId = z
	.string()
	.check(z.regex(/^[a-z0-9-]{1,80}:\d{4}-\d{2}:\d{1,2}$/, 'Permanence inconnue.'));

/** Where a permanence was when the device last saw it: an edit made on another state is refused. */
export const permanencePlace = z.strictObject({ date: isoDate, period: z.enum(HALF_DAY_PERIODS) });

export const absenceInput = z
	.object({
		userId: uuid,
		from: isoDate,
		to: isoDate,
		period: z.nullable(z.enum(HALF_DAY_PERIODS)),
		reason: text(80, 2)
	})
	.check(
		z.refine((a) => a.to >= a.from, {
			message: 'La fin doit être le même jour que le début ou après.',
			path: ['to']
		})
	);

export type PlanProposalRequest = z.infer<typeof planProposalRequest>;
export type AbsenceInput = z.infer<typeof absenceInput>;
