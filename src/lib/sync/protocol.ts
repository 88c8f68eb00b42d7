/**
 * The sync protocol shared by the client engine and the server (pure types and constants).
 * See README.md in this folder for the model (server reconciliation) and the conflict rules.
 */

/** Version of the local data shape and of the mutation set a client speaks. */
export const CLIENT_SCHEMA_VERSION = 1;
/** Oldest client schema the server still accepts; older clients get HTTP 426 and keep their outbox. */
export const MIN_CLIENT_SCHEMA_VERSION = 1;
/** Version of the pulled data shape: a cursor of another data version triggers a full resync. */
export const SYNC_DATA_VERSION = 8;
export { PUSH_BATCH_SIZE } from '$lib/contracts/sync';

export type MutationStatus = 'applied' | 'conflict' | 'rejected';

/** A named, versioned write with its arguments, as stored in the outbox and sent to the server. */
export interface MutationEnvelope {
	/** Per-client, strictly increasing, from 1. */
	id: number;
	/** `name@version`, e.g. `updateSiteAccessNotes@1`. */
	name: string;
	args: unknown;
}

export interface PushRequest {
	clientId: string;
	schemaVersion: number;
	mutations: MutationEnvelope[];
}

export interface MutationResult {
	id: number;
	status: MutationStatus | 'skipped';
	/** French, for people: why it was rejected, or what the conflict kept. */
	reason?: string;
	/** Conflict details: the field, the value sent and the value the server kept. */
	conflict?: { field: string; sent: unknown; kept: unknown }[];
}

export interface PushResponse {
	results: MutationResult[];
	lastMutationId: number;
}

export interface PullRequest {
	clientId: string;
	schemaVersion: number;
	cursor: string | null;
}

/** Entities a client holds, keyed by their id field. */
export const SYNCED_ENTITIES = [
	'communes',
	'operators',
	'vehicles',
	'tours',
	'sites',
	'relayOrganisations',
	'permanences',
	'homeVisits',
	'relayRequests',
	'activityRecords',
	'correspondents',
	'level2Cases',
	'diagnostics',
	'mediationPlaces',
	'localRules'
] as const;
export type SyncedEntity = (typeof SYNCED_ENTITIES)[number];

export const ENTITY_KEYS: Record<SyncedEntity, string> = {
	communes: 'insee',
	operators: 'id',
	vehicles: 'id',
	tours: 'id',
	sites: 'id',
	relayOrganisations: 'id',
	permanences: 'id',
	homeVisits: 'id',
	relayRequests: 'id',
	activityRecords: 'id',
	correspondents: 'id',
	level2Cases: 'id',
	diagnostics: 'id',
	mediationPlaces: 'id',
	localRules: 'id'
};

export type EntityRow = Record<string, unknown>;

export interface PullResponse {
	cursor: string;
	/** True when the client must replace its server state entirely (first sync, old cursor, scope change). */
	reset: boolean;
	lastMutationId: number;
	changes: Partial<Record<SyncedEntity, EntityRow[]>>;
	deletes: Partial<Record<SyncedEntity, string[]>>;
}

export function mutationName(name: string, version: number): string {
	return `${name}@${version}`;
}
