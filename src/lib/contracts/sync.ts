import { z } from 'zod/mini';
import { isoDate, slugId, text, uuid } from './common';
import { openingSlots, siteRedirect } from './referential';
import { homeVisitRequestInput, homeVisitSlot } from './home-visits';
import { permanenceId, permanencePlace } from './planning';
import { activityRecordInput } from './activity';
import { level2CaseOpening, level2CaseStep } from './level2';
import { diagnosticInput } from './diagnostic';
import { SITE_STATUSES } from '$lib/domain/site';
import { SYNCED, SYNCED_ENTITIES, type SyncedEntity } from './synced';

/** Mutations sent per push request. */
export const PUSH_BATCH_SIZE = 200;
/**
 * Bytes of mutations sent per push request, at most: well under the server's limit on a JSON
 * body (64 KB), whatever the mutations hold (200 activity records weigh about 94 KB).
 */
export const PUSH_BATCH_BYTES = 48 * 1024;

const clientId = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'Identifiant d’appareil invalide.'));
const schemaVersion = z.int().check(z.minimum(1));

export const mutationEnvelope = z.strictObject({
	id: z.int().check(z.minimum(1)),
	name: z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9]{0,59}@\d{1,3}$/, 'Nom de modification invalide.')),
	args: z.unknown()
});

export const pushRequest = z.strictObject({
	clientId,
	schemaVersion,
	mutations: z
		.array(mutationEnvelope)
		.check(z.maxLength(PUSH_BATCH_SIZE, `Au plus ${PUSH_BATCH_SIZE} modifications par envoi.`))
});

export const pullRequest = z.strictObject({
	clientId,
	schemaVersion,
	cursor: z.nullable(z.string().check(z.maxLength(200)))
});

/** What the server answered for one mutation. */
export const mutationResult = z.object({
	id: z.int(),
	status: z.enum(['applied', 'conflict', 'rejected', 'skipped']),
	/** French, for people: why it was rejected, or what the conflict kept. */
	reason: z.optional(z.string()),
	/** Conflict details: the field, the value sent and the value the server kept. */
	conflict: z.optional(z.array(z.object({ field: z.string(), sent: z.unknown(), kept: z.unknown() })))
});

export const pushResponse = z.object({ results: z.array(mutationResult), lastMutationId: z.int() });

const byEntity = <T extends z.ZodMiniType>(of: (e: SyncedEntity) => T) =>
	z.object(Object.fromEntries(SYNCED_ENTITIES.map((e) => [e, z.optional(z.array(of(e)))])));

/** A pull's answer: each row checked against its entity's schema when it reaches the device. */
export const pullResponse = z.object({
	cursor: z.string(),
	/** True when the client must replace its server state entirely (first sync, old cursor, scope change). */
	reset: z.boolean(),
	lastMutationId: z.int(),
	changes: byEntity((e) => SYNCED[e].row) as unknown as z.ZodMiniObject<{
		[E in SyncedEntity]: z.ZodMiniOptional<z.ZodMiniArray<(typeof SYNCED)[E]['row']>>;
	}>,
	deletes: byEntity(() => z.string()) as unknown as z.ZodMiniObject<{
		[E in SyncedEntity]: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniString>>;
	}>
});

/** A field edit carries the value the device last saw (`base`): the server checks it is still current. */
function fieldEdit<T extends z.ZodMiniType>(value: T) {
	return z.optional(z.strictObject({ base: value, value }));
}

/** Arguments of each mutation, by `name@version`. */
export const MUTATION_ARGS = {
	'updateSiteDetails@1': z.strictObject({
		siteId: slugId,
		changes: z.strictObject({
			name: fieldEdit(text(120, 3)),
			address: fieldEdit(text(300, 5)),
			accessNotes: fieldEdit(text(1000)),
			addressToConfirm: fieldEdit(z.boolean()),
			openingSlots: fieldEdit(openingSlots),
			tourId: fieldEdit(z.nullable(slugId))
		})
	}),
	'updateSiteAccessNotes@1': z.strictObject({
		siteId: slugId,
		base: text(1000),
		value: text(1000)
	}),
	/** An activity record, filled offline after helping someone. Append-only: its id comes from the device. */
	'recordActivity@1': z.strictObject({
		recordId: z.string().check(z.uuid('Identifiant de fiche invalide.')),
		record: activityRecordInput
	}),
	/** The same record corrected or completed by its author (the whole record is sent again). */
	'amendActivity@1': z.strictObject({
		recordId: z.string().check(z.uuid('Identifiant de fiche invalide.')),
		record: activityRecordInput
	}),
	/** A digital-skills diagnostic, led offline: append-only, its id from the device. */
	'recordDiagnostic@1': z.strictObject({
		diagnosticId: uuid,
		diagnostic: diagnosticInput
	}),
	/** A level-2 record handed to the operator's correspondent becomes a case, followed until closed. */
	'openLevel2Case@1': level2CaseOpening,
	/** A step of a case, offline perhaps: chased, answer received, closed. */
	'updateLevel2Case@1': level2CaseStep,
	/**
	 * A home-visit request entered on a device (a relay's, offline perhaps). The device chooses the
	 * request's id, so the request it shows at once is the one the server creates.
	 */
	'requestHomeVisit@1': z.strictObject({
		requestId: z.string().check(z.uuid('Identifiant de demande invalide.')),
		request: homeVisitRequestInput
	}),
	/** An adviser books an accepted visit into the tour's day, offline: the first booking of a slot wins. */
	'scheduleHomeVisit@1': z.strictObject({
		visitId: z.string().check(z.uuid('Visite inconnue.')),
		slot: homeVisitSlot
	}),
	/** At the visit, offline: it took place, or nobody answered the door. */
	'recordHomeVisitOutcome@1': z.strictObject({
		visitId: z.string().check(z.uuid('Visite inconnue.')),
		outcome: z.enum(['done', 'absent']),
		note: text(500)
	}),
	/**
	 * The coordinator moves a permanence, offline if need be. `base` is where the device last saw
	 * it: moved or cancelled meanwhile, the edit is refused; the server checks the calendar's rules.
	 */
	'movePermanence@1': z.strictObject({
		permanenceId,
		base: permanencePlace,
		date: permanencePlace.shape.date,
		period: permanencePlace.shape.period,
		reason: text(200, 3)
	}),
	/** The coordinator cancels a permanence (announced to the public at the next publication). */
	'cancelPermanence@1': z.strictObject({
		permanenceId,
		base: permanencePlace,
		reason: text(200, 3)
	}),
	'changeSiteLifecycle@1': z.strictObject({
		siteId: slugId,
		status: z.enum(SITE_STATUSES),
		closingOn: z.nullable(isoDate),
		redirect: z.nullable(siteRedirect)
	})
} as const;

export type MutationName = keyof typeof MUTATION_ARGS;
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATION_ARGS)[N]>;

/**
 * The arguments of a mutation that carry a person's data (paths such as `request.personName`): what
 * a device that keeps no personal data (a relay's) removes from a refused change it keeps under
 * « À revoir ». The commune and the subject stay, so the relay knows which request was refused.
 */
export const MUTATION_PERSONAL_ARGS: { readonly [N in MutationName]?: readonly string[] } = {
	'requestHomeVisit@1': [
		'request.personName',
		'request.personPhone',
		'request.street',
		'request.accessNotes',
		'request.reasons',
		'request.availability'
	]
};

/** The arguments without their personal values (`MUTATION_PERSONAL_ARGS`); the rest is copied as is. */
export function withoutPersonalArgs(name: string, args: unknown): unknown {
	const paths = MUTATION_PERSONAL_ARGS[name as MutationName];
	if (!paths || typeof args !== 'object' || args === null) return args;
	const copy = structuredClone(args) as Record<string, unknown>;
	for (const path of paths) {
		const keys = path.split('.');
		const last = keys.pop() as string;
		let at: unknown = copy;
		for (const k of keys)
			at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[k] : undefined;
		if (typeof at === 'object' && at !== null) delete (at as Record<string, unknown>)[last];
	}
	return copy;
}

/** Most mutations a pending-changes file may carry (a device's outbox after weeks offline). */
export const MAX_IMPORTED_MUTATIONS = 5000;

/**
 * The file a device exports before it is wiped with changes still pending (`exportPending`),
 * which the coordination imports for its author.
 */
export const pendingChangesFile = z.object({
	kind: z.literal(
		'tournees-france-services/pending-changes',
		'Ce fichier n’est pas un export de modifications en attente.'
	),
	version: z.literal(1, 'Version de fichier inconnue.'),
	exportedAt: z.string().check(z.maxLength(40)),
	user: z.object({
		id: z.string().check(z.uuid('Compte invalide.')),
		displayName: z.string().check(z.maxLength(200))
	}),
	clientId,
	// Outbox entries as the device stores them: the envelope plus its own bookkeeping (ignored).
	outbox: z
		.array(z.object(mutationEnvelope.shape))
		.check(
			z.maxLength(MAX_IMPORTED_MUTATIONS, `Au plus ${MAX_IMPORTED_MUTATIONS} modifications par fichier.`)
		),
	reviews: z.optional(z.array(z.unknown()))
});
