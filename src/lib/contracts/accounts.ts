import { z } from 'zod/mini';
import { ADVISER_KINDS, ROLES } from '$lib/domain/roles';
import { email, slugId, text } from './common';
import { newPassword } from './auth';

/**
 * A new account. Advisers belong to a tour, relays to an organisation; the server checks
 * that the referenced tour or organisation exists.
 */
export const accountInput = z
	.strictObject({
		email,
		displayName: text(120, 2),
		role: z.enum(ROLES),
		password: newPassword,
		adviserKind: z.optional(z.nullable(z.enum(ADVISER_KINDS))),
		tourId: z.optional(z.nullable(slugId)),
		relayOrganisationId: z.optional(z.nullable(slugId))
	})
	.check(
		z.superRefine((a, ctx) => {
			if (a.role === 'adviser' && (!a.adviserKind || !a.tourId)) {
				ctx.addIssue({
					code: 'custom',
					path: ['tourId'],
					message: 'Un conseiller a un métier et une tournée.',
					input: a
				});
			}
			if (a.role === 'relay' && !a.relayOrganisationId) {
				ctx.addIssue({
					code: 'custom',
					path: ['relayOrganisationId'],
					message: 'Un compte relais appartient à une structure.',
					input: a
				});
			}
		})
	);
export type AccountInput = z.infer<typeof accountInput>;

export const accountUpdate = z.strictObject({
	displayName: z.optional(text(120, 2)),
	active: z.optional(z.boolean()),
	adviserKind: z.optional(z.enum(ADVISER_KINDS)),
	tourId: z.optional(z.nullable(slugId))
});
export type AccountUpdate = z.infer<typeof accountUpdate>;
