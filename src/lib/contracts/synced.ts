import { z } from 'zod/mini';
import type { Role } from '$lib/domain/roles';
import { HALF_DAY_PERIODS, SITE_STATUSES } from '$lib/domain/site';
import { HOME_VISIT_STATUSES } from '$lib/domain/home-visit';
import { LEVEL2_STATES } from '$lib/domain/level2';
import { MEDIATION_PLACE_KINDS } from '$lib/domain/mediation';
import { AUTONOMY_LEVELS } from '$lib/domain/activity';
import { DIGITAL_AREAS, RECOMMENDATION_KINDS } from '$lib/domain/diagnostic';

/**
 * One record per synced entity: the row a device holds (its shape, checked when it arrives), its
 * key, who holds it and how the server scopes it, and which of its fields are personal data.
 * The server's pull, the device's IndexedDB schema, the sync engine and the pages all read this
 * registry; their types are inferred from it.
 *
 * A row schema checks the shape, not the input rules (lengths, code lists): what the server
 * stored under an older list of codes still reaches the device. Rows made on the device by an
 * optimistic mutator, before the server's row arrives, have the same shape (server-set fields
 * such as `createdAt` are then null).
 */

const str = z.string();
const nullableStr = z.nullable(z.string());
const strings = z.array(z.string());
const period = z.enum(HALF_DAY_PERIODS);

interface Definition<S extends z.ZodMiniObject> {
	row: S;
	/** The field that identifies a row. */
	key: keyof z.infer<S> & string;
	/** The roles whose devices hold it. */
	holders: readonly Role[];
	/** Which rows of it a device holds (the server's `syncScopeOf` applies it). */
	scope: string;
	/** Fields that identify or describe a person: protected on the device, never logged. */
	personal: readonly (keyof z.infer<S> & string)[];
}

const define = <S extends z.ZodMiniObject>(d: Definition<S>) => d;

const STAFF = ['coordinator', 'admin', 'adviser'] as const;
const EVERYONE = ['coordinator', 'admin', 'adviser', 'relay'] as const;
const ADVISERS = ['adviser'] as const;

const communes = define({
	row: z.object({
		insee: str,
		name: str,
		postcodes: strings,
		population: z.number(),
		lat: z.number(),
		lon: z.number(),
		/** The maison départementale des solidarités of its sector, once the table is imported. */
		mdsId: nullableStr
	}),
	key: 'insee',
	holders: EVERYONE,
	scope: 'the whole referential',
	personal: []
});

const operators = define({
	row: z.object({ id: str, name: str, shortName: str, description: str, sortOrder: z.number() }),
	key: 'id',
	holders: EVERYONE,
	scope: 'the whole referential',
	personal: []
});

const vehicles = define({
	row: z.object({ id: str, name: str, registration: nullableStr }),
	key: 'id',
	holders: EVERYONE,
	scope: 'the whole referential',
	personal: []
});

const tours = define({
	row: z.object({ id: str, number: z.number(), name: str, colour: str, vehicleId: nullableStr }),
	key: 'id',
	holders: EVERYONE,
	scope: 'the whole referential',
	personal: []
});

const sites = define({
	row: z.object({
		id: str,
		kind: str,
		communeInsee: str,
		name: str,
		address: str,
		accessNotes: str,
		addressToConfirm: z.boolean(),
		lat: z.number(),
		lon: z.number(),
		openingSlots: z.array(
			z.object({
				weekday: z.union([
					z.literal(1),
					z.literal(2),
					z.literal(3),
					z.literal(4),
					z.literal(5),
					z.literal(6)
				]),
				period,
				start: str,
				end: str
			})
		),
		status: z.enum(SITE_STATUSES),
		closingOn: nullableStr,
		redirect: z.nullable(z.object({ name: str, address: nullableStr, phone: nullableStr })),
		tourId: nullableStr
	}),
	key: 'id',
	holders: EVERYONE,
	scope: 'as the API reads them: all sites, or those an adviser or a relay may see',
	personal: []
});

const relayOrganisations = define({
	row: z.object({
		id: str,
		kind: str,
		name: str,
		communeInsee: str,
		address: str,
		phone: nullableStr,
		email: nullableStr,
		active: z.boolean()
	}),
	key: 'id',
	holders: EVERYONE,
	scope: 'all of them for staff; its own for a relay',
	personal: []
});

const permanences = define({
	row: z.object({
		id: str,
		siteId: str,
		tourId: str,
		date: str,
		period,
		start: str,
		end: str,
		adviserIds: strings,
		status: z.enum(['planned', 'cancelled']),
		/** The reason of a change not yet published, or null. */
		unpublishedChange: nullableStr
	}),
	key: 'id',
	holders: STAFF,
	scope: 'published permanences: all of them for the coordination, the tour’s for its advisers',
	personal: []
});

const homeVisits = define({
	row: z.object({
		id: str,
		status: z.enum(HOME_VISIT_STATUSES),
		date: nullableStr,
		period: z.nullable(period),
		start: nullableStr,
		end: nullableStr,
		personName: str,
		phone: str,
		street: str,
		communeInsee: str,
		communeName: str,
		accessNotes: str,
		subject: str,
		operatorId: nullableStr,
		availability: z.object({
			weekdays: z.array(z.number()),
			periods: z.array(period),
			from: z.optional(nullableStr),
			to: z.optional(nullableStr),
			note: z.optional(z.string())
		}),
		lat: z.number(),
		lon: z.number(),
		/** Set on the device with the outcome, until the server's row replaces it. */
		outcomeNote: z.optional(z.string())
	}),
	key: 'id',
	holders: ADVISERS,
	scope: 'the tour’s visits to plan or planned, not yet anonymised',
	personal: ['personName', 'phone', 'street', 'accessNotes', 'subject', 'availability', 'outcomeNote']
});

const relayRequests = define({
	row: z.object({
		id: str,
		/** Null until the server's row arrives. */
		createdAt: nullableStr,
		communeInsee: str,
		subject: str,
		status: z.enum(HOME_VISIT_STATUSES),
		slotDate: nullableStr,
		slotPeriod: z.nullable(period),
		slotStart: nullableStr
	}),
	key: 'id',
	holders: ['relay'],
	scope: 'the requests the relay sent, without the person’s name, phone or address',
	personal: ['subject']
});

const activityRecords = define({
	row: z.object({
		id: str,
		date: str,
		place: str,
		permanenceId: nullableStr,
		homeVisitId: nullableStr,
		/** Set by the server from the permanence or the visit; null until then. */
		siteId: nullableStr,
		format: str,
		workshop: z.nullable(z.object({ title: str, level: str, participants: z.number() })),
		person: z.object({ ageBracket: nullableStr, communeInsee: nullableStr, status: nullableStr }),
		adminThemes: strings,
		digitalThemes: strings,
		operator: nullableStr,
		level: z.union([z.literal(1), z.literal(2)]),
		autonomy: z.nullable(z.enum(AUTONOMY_LEVELS)),
		equipment: strings,
		aidantsConnect: z.nullable(z.object({ scope: strings, duration: z.optional(z.string()), until: str })),
		orientations: strings,
		durationMinutes: z.number(),
		outcome: str,
		note: str,
		createdAt: nullableStr
	}),
	key: 'id',
	holders: ADVISERS,
	scope: 'the adviser’s own records (anonymous by design)',
	personal: ['note']
});

const correspondents = define({
	row: z.object({
		id: str,
		operatorId: str,
		name: str,
		title: str,
		email: nullableStr,
		phone: nullableStr,
		area: str,
		active: z.boolean()
	}),
	key: 'id',
	holders: STAFF,
	scope: 'all of them (professional contacts of the operators)',
	personal: []
});

const level2Cases = define({
	row: z.object({
		id: str,
		recordId: str,
		/** The record's operator; null on the device when the record is not there. */
		operator: nullableStr,
		correspondentId: nullableStr,
		subject: str,
		/** How to call the person back while the case is open; erased when it closes. */
		contact: nullableStr,
		state: z.enum(LEVEL2_STATES),
		transmittedOn: str,
		dueOn: str,
		chaseCount: z.number(),
		lastChasedOn: nullableStr,
		answeredOn: nullableStr,
		closedOn: nullableStr,
		note: str
	}),
	key: 'id',
	holders: ADVISERS,
	scope: 'the adviser’s own cases',
	personal: ['subject', 'contact', 'note']
});

const areaResult = z.nullable(z.object({ score: z.number(), level: z.enum(AUTONOMY_LEVELS) }));

const diagnostics = define({
	row: z.object({
		id: str,
		date: str,
		questionnaireVersion: z.number(),
		followUpCode: nullableStr,
		communeInsee: nullableStr,
		answers: z.record(z.string(), z.nullable(z.number())),
		access: z.object({ equipment: strings, connection: str, reading: str, needs: strings }),
		areas: z.record(z.string(), areaResult),
		overall: z.enum(AUTONOMY_LEVELS),
		overallScore: z.number(),
		recommendations: z.array(
			z.object({ kind: z.enum(RECOMMENDATION_KINDS), areas: z.array(z.enum(DIGITAL_AREAS)), reason: str })
		),
		createdAt: nullableStr
	}),
	key: 'id',
	holders: ADVISERS,
	scope: 'the adviser’s own diagnostics (a follow-up code, no name)',
	personal: ['followUpCode', 'access']
});

const mediationPlaces = define({
	row: z.object({
		id: str,
		kind: z.enum(MEDIATION_PLACE_KINDS),
		name: str,
		address: str,
		addressDetail: nullableStr,
		postcode: str,
		communeName: str,
		communeInsee: nullableStr,
		lat: z.number(),
		lon: z.number(),
		approximatePosition: z.boolean(),
		openingHours: nullableStr,
		openingHoursText: nullableStr,
		phone: nullableStr,
		emails: strings,
		websites: strings,
		appointmentUrl: nullableStr,
		services: strings,
		typologies: strings,
		publics: strings,
		accessModes: strings,
		fees: strings,
		summary: nullableStr,
		source: nullableStr,
		updatedOn: str,
		active: z.boolean()
	}),
	key: 'id',
	holders: STAFF,
	scope: 'the whole directory, withdrawn places included (`active: false`)',
	personal: []
});

const localRules = define({
	row: z.object({
		id: str,
		minSpacingDays: z.number(),
		level2ResponseDays: z.number(),
		crewWithDigitalAdviser: z.boolean(),
		idleLockMinutes: z.number()
	}),
	key: 'id',
	holders: STAFF,
	scope: 'the one row of the département’s rules',
	personal: []
});

/** The registry, keyed by entity name, in the order a pull sends them. */
export const SYNCED = {
	communes,
	operators,
	vehicles,
	tours,
	sites,
	relayOrganisations,
	permanences,
	homeVisits,
	relayRequests,
	activityRecords,
	correspondents,
	level2Cases,
	diagnostics,
	mediationPlaces,
	localRules
} as const;

export type SyncedEntity = keyof typeof SYNCED;
export const SYNCED_ENTITIES = Object.keys(SYNCED) as SyncedEntity[];
/** The entities whose rows carry personal data: what a revoked device forgets, what is sealed at rest. */
export const PERSONAL_ENTITIES = SYNCED_ENTITIES.filter((e) => SYNCED[e].personal.length > 0);

/** A row of an entity as the device holds it. */
export type EntityRowOf<E extends SyncedEntity> = z.infer<(typeof SYNCED)[E]['row']>;
/** A row of any synced entity. */
export type AnyEntityRow = { [E in SyncedEntity]: EntityRowOf<E> }[SyncedEntity];

/** Rows by entity, as a pull carries them. */
export type EntityChanges = { [E in SyncedEntity]?: EntityRowOf<E>[] };

/** The key of a row of `entity`. */
export function rowKey<E extends SyncedEntity>(entity: E, row: EntityRowOf<E>): string {
	return String(row[SYNCED[entity].key as keyof EntityRowOf<E>]);
}
