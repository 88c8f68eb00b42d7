import {
	MUTATION_ARGS,
	PUSH_BATCH_BYTES,
	PUSH_BATCH_SIZE,
	type MutationArgs,
	type MutationName
} from '$lib/contracts/sync';
import {
	CLIENT_SCHEMA_VERSION,
	type MutationEnvelope,
	type MutationResult,
	type PullResponse,
	type PushRequest,
	type PushResponse,
	type PullRequest
} from './protocol';
import { replay, type MutableView } from './mutators';

/** A mutation waiting in the outbox, with the device time it was made (shown, never trusted). */
export interface PendingMutation extends MutationEnvelope {
	createdAt: string;
	/** The server's answer, once known; the mutation leaves the outbox when a pull confirms it. */
	result?: MutationResult;
}

/** A mutation the server refused or applied with a conflict: kept for the person to see ("À revoir"). */
export interface ReviewItem {
	mutation: PendingMutation;
	status: 'rejected' | 'conflict';
	reason: string;
	conflict?: MutationResult['conflict'];
}

/** The device's storage (Dexie in the browser, memory in tests). Each method is atomic. */
export interface LocalStore {
	clientId(): Promise<string>;
	cursor(): Promise<string | null>;
	/** Applies the mutator to the view and appends to the outbox in one transaction; returns the mutation id. */
	enqueue(
		name: string,
		args: unknown,
		createdAt: string,
		mutate: (view: MutableView) => void
	): Promise<number>;
	outbox(): Promise<PendingMutation[]>;
	/** Stores the server's answers next to their outbox entries, and rejections/conflicts in the review list. */
	recordResults(results: MutationResult[]): Promise<void>;
	/**
	 * Writes the pulled server state, drops outbox entries that are both answered and confirmed
	 * (id ≤ lastMutationId), then rebuilds the view: server state + remaining outbox replayed.
	 */
	applyPull(pull: PullResponse, replay: (view: MutableView, m: PendingMutation) => void): Promise<void>;
	/**
	 * The session was closed on purpose (a lost or stolen device): deletes every row of the entities
	 * that carry personal data (`PERSONAL_ENTITIES`), their shadows and the review list, and forgets
	 * the cursor so that the next sign-in pulls everything again. The outbox stays, to be sent once
	 * the same person signs in again.
	 */
	forgetPersonalData(): Promise<void>;
}

/** What a transport failure means for the queue. */
export class TransportError extends Error {
	constructor(
		readonly status: number | null,
		message: string,
		/** The server's machine-readable reason, where the device must act on it (`sessionRevoked`). */
		readonly code?: string
	) {
		super(message);
	}
}

export interface Transport {
	push(request: PushRequest): Promise<PushResponse>;
	pull(request: PullRequest): Promise<PullResponse>;
}

export type SyncOutcome =
	| { ok: true; pushed: number; pulled: number }
	| { ok: false; reason: 'offline' | 'unauthorised' | 'revoked' | 'outdated' | 'server'; message: string };

/**
 * The client side of server reconciliation (Replicache's model): every write is a named
 * mutation applied locally at once and queued; sync pushes the queue in order, then pulls the
 * server's state and replays what the server has not confirmed yet. Nothing here reads a clock
 * or the network: the store, the transport and the time are passed in.
 */
export class SyncEngine {
	constructor(
		private readonly store: LocalStore,
		private readonly transport: Transport,
		private readonly deviceNow: () => Date
	) {}

	/** Records a change locally, at once, without waiting for the network. Throws on invalid arguments. */
	async mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<number> {
		const parsed = MUTATION_ARGS[name].safeParse(args);
		if (!parsed.success)
			throw new Error(`Modification invalide : ${parsed.error.issues.map((i) => i.message).join(' ; ')}`);
		return this.store.enqueue(name, parsed.data, this.deviceNow().toISOString(), (view) =>
			replay(view, name, parsed.data)
		);
	}

	/** One sync cycle: push the outbox in order, then pull. Never drops a pending mutation. */
	async sync(): Promise<SyncOutcome> {
		const clientId = await this.store.clientId();
		let pushed = 0;
		try {
			const outbox = (await this.store.outbox()).filter((m) => !m.result);
			for (const batch of pushBatches(outbox.map(({ id, name, args }) => ({ id, name, args })))) {
				const response = await this.transport.push({
					clientId,
					schemaVersion: CLIENT_SCHEMA_VERSION,
					mutations: batch
				});
				await this.store.recordResults(response.results.filter((r) => r.status !== 'skipped'));
				pushed += response.results.filter((r) => r.status !== 'skipped').length;
				if (response.results.some((r) => r.status === 'skipped')) break;
			}
			const pull = await this.transport.pull({
				clientId,
				schemaVersion: CLIENT_SCHEMA_VERSION,
				cursor: await this.store.cursor()
			});
			await this.store.applyPull(pull, (view, m) => replay(view, m.name, m.args));
			const pulled = Object.values(pull.changes).reduce((n, rows) => n + (rows?.length ?? 0), 0);
			return { ok: true, pushed, pulled };
		} catch (e) {
			if (!(e instanceof TransportError)) throw e;
			if (e.status === 401 && e.code === 'sessionRevoked') {
				await this.store.forgetPersonalData();
				return {
					ok: false,
					reason: 'revoked',
					message:
						'Session fermée par la coordination : les données personnelles ont été effacées de cet appareil. Reconnectez-vous ; vos modifications en attente sont conservées.'
				};
			}
			if (e.status === 401)
				return {
					ok: false,
					reason: 'unauthorised',
					message: 'Session expirée : reconnectez-vous, vos modifications sont conservées.'
				};
			if (e.status === 426)
				return {
					ok: false,
					reason: 'outdated',
					message: 'Mettez l’application à jour : vos modifications sont conservées.'
				};
			if (e.status === null)
				return { ok: false, reason: 'offline', message: 'Hors ligne : synchronisation au retour du réseau.' };
			return { ok: false, reason: 'server', message: e.message };
		}
	}
}

const utf8 = new TextEncoder();

/**
 * Cuts the outbox into push requests, in order: at most PUSH_BATCH_SIZE mutations and
 * PUSH_BATCH_BYTES of JSON each (a mutation larger than that goes alone), so that no request
 * is ever too large for the server and a long week offline still drains.
 */
export function pushBatches<T>(
	outbox: readonly T[],
	maxCount = PUSH_BATCH_SIZE,
	maxBytes = PUSH_BATCH_BYTES
): T[][] {
	const batches: T[][] = [];
	let batch: T[] = [];
	// The JSON array's brackets, and a comma after each mutation but the last: one byte per mutation.
	let bytes = 1;
	for (const m of outbox) {
		const size = utf8.encode(JSON.stringify(m)).length + 1;
		if (batch.length > 0 && (batch.length >= maxCount || bytes + size > maxBytes)) {
			batches.push(batch);
			batch = [];
			bytes = 1;
		}
		batch.push(m);
		bytes += size;
	}
	if (batch.length > 0) batches.push(batch);
	return batches;
}
