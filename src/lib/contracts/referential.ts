import { z } from 'zod/mini';
import { HALF_DAY_PERIODS, SITE_STATUSES, slotProblem } from '$lib/domain/site';
import { RELAY_KINDS } from '$lib/domain/relay';
import { clockTime, isoDate, phone, slugId, text, email } from './common';

export const openingSlot = z
	.strictObject({
		weekday: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]),
		period: z.enum(HALF_DAY_PERIODS),
		start: clockTime,
		end: clockTime
	})
	.check(
		z.superRefine((slot, ctx) => {
			const problem = slotProblem(slot);
			if (problem) ctx.addIssue({ code: 'custom', message: `Horaire invalide : ${problem}.`, input: slot });
		})
	);

export const openingSlots = z.array(openingSlot).check(
	z.maxLength(12),
	z.refine(
		(slots) => new Set(slots.map((s) => `${s.weekday}-${s.period}`)).size === slots.length,
		'Une même demi-journée apparaît deux fois.'
	)
);

/** What the coordinator edits on a site (all optional: a PATCH). */
export const siteUpdate = z.strictObject({
	name: z.optional(text(120, 3)),
	address: z.optional(text(300, 5)),
	accessNotes: z.optional(text(1000)),
	addressToConfirm: z.optional(z.boolean()),
	openingSlots: z.optional(openingSlots),
	tourId: z.optional(z.nullable(slugId))
});
export type SiteUpdate = z.infer<typeof siteUpdate>;

export const siteRedirect = z.strictObject({
	name: text(160, 3),
	address: z.nullable(text(300)),
	phone: z.nullable(phone)
});

export const siteLifecycleChange = z.strictObject({
	status: z.enum(SITE_STATUSES),
	closingOn: z.nullable(isoDate),
	redirect: z.nullable(siteRedirect)
});
export type SiteLifecycleChange = z.infer<typeof siteLifecycleChange>;

/** The opening date of the France Services whose labelling ends a site (seed 003). */
export const siteLabelling = z.strictObject({ openingOn: isoDate });

export const tourUpdate = z.strictObject({
	name: z.optional(text(80, 3)),
	vehicleId: z.optional(z.nullable(slugId))
});

export const relayOrganisationInput = z.strictObject({
	kind: z.enum(RELAY_KINDS),
	name: text(160, 3),
	communeInsee: z.string().check(z.regex(/^\d[\dAB]\d{3}$/, 'Code INSEE de commune attendu (5 caractères).')),
	address: text(300, 5),
	phone: z.nullable(phone),
	email: z.nullable(email),
	toConfirm: z.optional(z.boolean()),
	active: z.optional(z.boolean())
});
export type RelayOrganisationInput = z.infer<typeof relayOrganisationInput>;

export const relayOrganisationUpdate = z.partial(relayOrganisationInput);
