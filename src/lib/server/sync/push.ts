import { MUTATION_ARGS, type MutationName } from '$lib/contracts/sync';
import { sql } from 'kysely';
import type { MutationEnvelope, MutationResult, PushRequest, PushResponse } from '$lib/sync/protocol';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { ApiError, issuesOf } from '../http';
import { MutationRejected, SERVER_MUTATIONS, type MutationOutcome } from './mutations';

/** After this many identical technical failures, a mutation is recorded as rejected so it never blocks the queue. */
export const MAX_TRANSIENT_FAILURES = 3;

/** A fault worth retrying (the database went away…): the whole push answers 503. */
export class TransientSyncError extends Error {}

async function clientRow(db: DB, user: SessionUser, clientId: string, now: Date) {
	await db
		.insertInto('sync_clients')
		.values({
			client_id: clientId,
			user_id: user.id,
			last_mutation_id: 0,
			created_at: now.toISOString(),
			last_seen_at: now.toISOString()
		})
		.onConflict((oc) => oc.column('client_id').doNothing())
		.execute();
	const row = await db
		.selectFrom('sync_clients')
		.selectAll()
		.where('client_id', '=', clientId)
		.executeTakeFirstOrThrow();
	if (row.user_id !== user.id)
		throw new ApiError(403, 'Cet appareil est enregistré pour un autre compte : reconnectez-vous.');
	return row;
}

function validate(user: SessionUser, m: MutationEnvelope): { name: MutationName; args: unknown } {
	if (!(m.name in MUTATION_ARGS)) throw new MutationRejected(`Modification inconnue du serveur (${m.name}).`);
	const name = m.name as MutationName;
	if (!SERVER_MUTATIONS[name].roles.includes(user.role)) {
		throw new MutationRejected('Votre rôle ne permet pas cette modification.');
	}
	const parsed = MUTATION_ARGS[name].safeParse(m.args);
	if (!parsed.success) {
		const issues = issuesOf(parsed.error).map((i) => (i.path ? `${i.path} : ${i.message}` : i.message));
		throw new MutationRejected(`Données invalides — ${issues.join(' ; ')}`);
	}
	return { name, args: parsed.data };
}

async function record(db: DB, clientId: string, m: MutationEnvelope, outcome: MutationOutcome, now: Date) {
	// Advances the client's last id only from id - 1: a concurrent push of the same mutation loses here.
	const advanced = await db
		.updateTable('sync_clients')
		.set({ last_mutation_id: m.id, last_seen_at: now.toISOString() })
		.where('client_id', '=', clientId)
		.where('last_mutation_id', '=', m.id - 1)
		.executeTakeFirst();
	if (Number(advanced.numUpdatedRows) !== 1)
		throw new TransientSyncError('Mutation déjà en cours de traitement.');
	await db
		.insertInto('sync_outcomes')
		.values({
			client_id: clientId,
			mutation_id: m.id,
			name: m.name,
			status: outcome.status,
			reason: outcome.reason ?? null,
			details: outcome.conflict ? JSON.stringify(outcome.conflict) : null,
			// The server version when the outcome was recorded (read in the same statement).
			version: sql<number>`(SELECT value FROM sync_state WHERE key = 'version')`,
			at: now.toISOString()
		})
		.execute();
}

function resultOf(id: number, outcome: MutationOutcome): MutationResult {
	return {
		id,
		status: outcome.status,
		...(outcome.reason ? { reason: outcome.reason } : {}),
		...(outcome.conflict ? { conflict: outcome.conflict } : {})
	};
}

/**
 * Applies a client's mutations in order, each in its own transaction, exactly once: a mutation
 * id at or below the client's last is a replay and gets its recorded outcome back; a gap stops
 * the batch (the client resends in order). Rules and validation give per-mutation outcomes;
 * only technical faults make the push fail, and a repeated one becomes a rejection.
 */
export async function push(
	db: DB,
	user: SessionUser,
	request: PushRequest,
	now: Date
): Promise<PushResponse> {
	const client = await clientRow(db, user, request.clientId, now);
	let last = client.last_mutation_id;
	const results: MutationResult[] = [];

	for (const m of request.mutations) {
		if (m.id <= last) {
			const previous = await db
				.selectFrom('sync_outcomes')
				.selectAll()
				.where('client_id', '=', request.clientId)
				.where('mutation_id', '=', m.id)
				.executeTakeFirst();
			results.push(
				resultOf(m.id, {
					status: (previous?.status as MutationOutcome['status']) ?? 'applied',
					...(previous?.reason ? { reason: previous.reason } : {}),
					...(previous?.details
						? { conflict: JSON.parse(previous.details) as MutationResult['conflict'] }
						: {})
				})
			);
			continue;
		}
		if (m.id > last + 1) {
			results.push({ id: m.id, status: 'skipped', reason: `Modification ${last + 1} attendue d'abord.` });
			continue;
		}
		let outcome: MutationOutcome;
		try {
			outcome = await db.transaction().execute(async (trx) => {
				const { name, args } = validate(user, m);
				const result = await SERVER_MUTATIONS[name].apply(trx, user, args as never, now);
				await record(trx, request.clientId, m, result, now);
				return result;
			});
		} catch (e) {
			if (e instanceof MutationRejected) {
				outcome = { status: 'rejected', reason: e.message };
				await db.transaction().execute((trx) => record(trx, request.clientId, m, outcome, now));
			} else {
				const message = e instanceof Error ? e.message : String(e);
				const failures = await countFailure(db, request.clientId, m.id, message);
				if (failures < MAX_TRANSIENT_FAILURES) throw new TransientSyncError(message, { cause: e });
				outcome = {
					status: 'rejected',
					reason:
						'Le serveur n’a pas pu enregistrer cette modification après plusieurs essais. Contactez la coordination.'
				};
				await db.transaction().execute((trx) => record(trx, request.clientId, m, outcome, now));
			}
		}
		results.push(resultOf(m.id, outcome));
		last = m.id;
	}
	return { results, lastMutationId: last };
}

async function countFailure(db: DB, clientId: string, mutationId: number, error: string): Promise<number> {
	const existing = await db
		.selectFrom('sync_failures')
		.selectAll()
		.where('client_id', '=', clientId)
		.where('mutation_id', '=', mutationId)
		.executeTakeFirst();
	if (!existing) {
		await db
			.insertInto('sync_failures')
			.values({ client_id: clientId, mutation_id: mutationId, error: error.slice(0, 500), count: 1 })
			.execute();
		return 1;
	}
	const count = existing.error === error.slice(0, 500) ? existing.count + 1 : 1;
	await db
		.updateTable('sync_failures')
		.set({ error: error.slice(0, 500), count })
		.where('client_id', '=', clientId)
		.where('mutation_id', '=', mutationId)
		.execute();
	return count;
}
