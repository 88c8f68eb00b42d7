/**
 * The sync protocol shared by the client engine and the server (pure types and constants).
 * See README.md in this folder for the model (server reconciliation) and the conflict rules.
 */
import type { z } from 'zod/mini';
import type {
	mutationEnvelope,
	mutationResult,
	pullRequest,
	pullResponse,
	pushRequest,
	pushResponse
} from '$lib/contracts/sync';

/** Version of the local data shape and of the mutation set a client speaks. */
export const CLIENT_SCHEMA_VERSION = 1;
/** Oldest client schema the server still accepts; older clients get HTTP 426 and keep their outbox. */
export const MIN_CLIENT_SCHEMA_VERSION = 1;
/** Version of the pulled data shape: a cursor of another data version triggers a full resync. */
export const SYNC_DATA_VERSION = 8;
export { PUSH_BATCH_SIZE } from '$lib/contracts/sync';

export type MutationStatus = 'applied' | 'conflict' | 'rejected';

/** A named, versioned write with its arguments, as stored in the outbox and sent to the server. */
export type MutationEnvelope = z.infer<typeof mutationEnvelope>;
export type PushRequest = z.infer<typeof pushRequest>;
export type MutationResult = z.infer<typeof mutationResult>;
export type PushResponse = z.infer<typeof pushResponse>;
export type PullRequest = z.infer<typeof pullRequest>;
export type PullResponse = z.infer<typeof pullResponse>;

export { SYNCED, SYNCED_ENTITIES, rowKey } from '$lib/contracts/synced';
export type { SyncedEntity, EntityRowOf, AnyEntityRow, EntityChanges } from '$lib/contracts/synced';

export function mutationName(name: string, version: number): string {
	return `${name}@${version}`;
}
