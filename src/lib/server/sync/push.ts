import { MUTATION_ARGS, type MutationName } from '$lib/contracts/sync';
import { sql } from 'kysely';
import type { MutationEnvelope, MutationResult, PushRequest, PushResponse } from '$lib/sync/protocol';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { issuesOf, Refusal } from '../errors';
import { MutationRejected, SERVER_MUTATIONS, type MutationOutcome } from './mutations';
import { VersionLease } from './versions';

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
		throw new Refusal('forbidden', 'Cet appareil est enregistré pour un autre compte : reconnectez-vous.');
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

/** Mutations committed together at most: bounds a push's open transaction and its savepoints. */
export const MUTATIONS_PER_COMMIT = 50;

interface Recorded {
	m: MutationEnvelope;
	outcome: MutationOutcome;
}

/**
 * Records the outcomes of a run of consecutive mutations and advances the client's last id, in
 * the transaction that applied them. The advance is conditional on the id the run started from:
 * a concurrent push of the same mutations loses here, and its work is rolled back.
 */
async function record(db: DB, clientId: string, from: number, run: Recorded[], now: Date) {
	const last = run.at(-1);
	if (!last) return;
	const advanced = await db
		.updateTable('sync_clients')
		.set({ last_mutation_id: last.m.id, last_seen_at: now.toISOString() })
		.where('client_id', '=', clientId)
		.where('last_mutation_id', '=', from)
		.executeTakeFirst();
	if (Number(advanced.numUpdatedRows) !== 1)
		throw new TransientSyncError('Mutation déjà en cours de traitement.');
	await db
		.insertInto('sync_outcomes')
		.values(
			run.map(({ m, outcome }) => ({
				client_id: clientId,
				mutation_id: m.id,
				name: m.name,
				status: outcome.status,
				reason: outcome.reason ?? null,
				details: outcome.conflict ? JSON.stringify(outcome.conflict) : null,
				// The server version when the outcome was recorded (read in the same statement).
				version: sql<number>`(SELECT value FROM sync_state WHERE key = 'version')`,
				at: now.toISOString()
			}))
		)
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

async function recordedOutcome(db: DB, clientId: string, id: number): Promise<MutationResult> {
	const previous = await db
		.selectFrom('sync_outcomes')
		.selectAll()
		.where('client_id', '=', clientId)
		.where('mutation_id', '=', id)
		.executeTakeFirst();
	return resultOf(id, {
		status: (previous?.status as MutationOutcome['status']) ?? 'applied',
		...(previous?.reason ? { reason: previous.reason } : {}),
		...(previous?.details ? { conflict: JSON.parse(previous.details) as MutationResult['conflict'] } : {})
	});
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Applies a client's mutations in order, each on its own, exactly once: a mutation id at or below
 * the client's last is a replay and gets its recorded outcome back; a gap stops the batch (the
 * client resends in order). Rules and validation give per-mutation outcomes; only technical
 * faults make the push fail, and a repeated one becomes a rejection.
 *
 * Each mutation runs under its own savepoint (a nested transaction: a refusal or a fault undoes
 * its writes and only its writes), and up to MUTATIONS_PER_COMMIT of them share one commit, so
 * a batch costs a few disk flushes instead of one per mutation. Nothing is answered before the
 * commit: an "applied" the client receives is durable. A technical fault commits what came
 * before it, then counts. Savepoints are not released one by one (the commit ends them all):
 * that saves a round trip per mutation on PostgreSQL; the run's length bounds their nesting.
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
	const mutations = request.mutations;
	let oneByOneUntil = 0;

	let i = 0;
	while (i < mutations.length) {
		let fault: { m: MutationEnvelope; error: unknown } | undefined;
		const run: Recorded[] = [];
		const answers: MutationResult[] = [];
		const trx = await db.startTransaction().execute();
		const lease = new VersionLease();
		try {
			for (; i < mutations.length && run.length < MUTATIONS_PER_COMMIT; i++) {
				const m = mutations[i] as MutationEnvelope;
				const runLast = run.at(-1)?.m.id ?? last;
				if (m.id <= runLast) {
					const inRun = run.find((r) => r.m.id === m.id);
					answers.push(
						inRun ? resultOf(m.id, inRun.outcome) : await recordedOutcome(trx, request.clientId, m.id)
					);
					continue;
				}
				if (m.id > runLast + 1) {
					answers.push({
						id: m.id,
						status: 'skipped',
						reason: `Modification ${runLast + 1} attendue d'abord.`
					});
					continue;
				}
				const group =
					i >= oneByOneUntil ? groupAt(mutations, i, runLast + 1, MUTATIONS_PER_COMMIT - run.length) : [];
				if (group.length > 0) {
					const sp = await trx.savepoint('mutation').execute();
					lease.attach(sp);
					try {
						const outcomes = await applyGroup(sp, user, group, now);
						for (const [k, gm] of group.entries()) {
							const outcome = outcomes[k] as MutationOutcome;
							run.push({ m: gm, outcome });
							answers.push(resultOf(gm.id, outcome));
						}
						i += group.length - 1;
					} catch {
						// Undo the group and apply its mutations one by one: a fault is then pinned on its own.
						await sp.rollbackToSavepoint('mutation').execute();
						lease.rolledBack(sp);
						oneByOneUntil = i + group.length;
						i--;
					}
					continue;
				}
				const sp = await trx.savepoint('mutation').execute();
				lease.attach(sp);
				let outcome: MutationOutcome;
				try {
					const { name, args } = validate(user, m);
					outcome = await SERVER_MUTATIONS[name].apply(sp, user, args as never, now);
				} catch (e) {
					await sp.rollbackToSavepoint('mutation').execute();
					lease.rolledBack(sp);
					if (!(e instanceof MutationRejected)) {
						fault = { m, error: e };
						break;
					}
					outcome = { status: 'rejected', reason: e.message };
				}
				run.push({ m, outcome });
				answers.push(resultOf(m.id, outcome));
			}
			await record(trx, request.clientId, last, run, now);
			await trx.commit().execute();
		} catch (e) {
			// The connection or the commit failed: nothing of this run is kept, the client resends it.
			await trx
				.rollback()
				.execute()
				.catch(() => undefined);
			throw e instanceof TransientSyncError ? e : new TransientSyncError(message(e), { cause: e });
		}
		results.push(...answers);
		last = run.at(-1)?.m.id ?? last;
		if (!fault) continue;

		const failures = await countFailure(db, request.clientId, fault.m.id, message(fault.error));
		if (failures < MAX_TRANSIENT_FAILURES)
			throw new TransientSyncError(message(fault.error), { cause: fault.error });
		const rejected: Recorded = {
			m: fault.m,
			outcome: {
				status: 'rejected',
				reason:
					'Le serveur n’a pas pu enregistrer cette modification après plusieurs essais. Contactez la coordination.'
			}
		};
		const from = last;
		await db.transaction().execute((t) => record(t, request.clientId, from, [rejected], now));
		results.push(resultOf(fault.m.id, rejected.outcome));
		last = fault.m.id;
		i++;
	}
	return { results, lastMutationId: last };
}

/**
 * The mutations from `start` that can be applied as one group: two or more of one kind that has
 * `applyMany`, with consecutive ids from `next`, at most `room` of them.
 */
function groupAt(
	mutations: MutationEnvelope[],
	start: number,
	next: number,
	room: number
): MutationEnvelope[] {
	const first = mutations[start];
	if (!first || !(first.name in MUTATION_ARGS) || !SERVER_MUTATIONS[first.name as MutationName].applyMany)
		return [];
	const group: MutationEnvelope[] = [];
	for (let j = start; j < mutations.length && group.length < room; j++) {
		const m = mutations[j] as MutationEnvelope;
		if (m.name !== first.name || m.id !== next + group.length) break;
		group.push(m);
	}
	return group.length > 1 ? group : [];
}

/** Applies a group of one kind at once; each mutation's validation still decides its own outcome. */
async function applyGroup(
	db: DB,
	user: SessionUser,
	group: MutationEnvelope[],
	now: Date
): Promise<MutationOutcome[]> {
	const outcomes: MutationOutcome[] = [];
	const valid: { k: number; args: unknown }[] = [];
	for (const [k, m] of group.entries()) {
		try {
			valid.push({ k, args: validate(user, m).args });
		} catch (e) {
			if (!(e instanceof MutationRejected)) throw e;
			outcomes[k] = { status: 'rejected', reason: e.message };
		}
	}
	const applyMany = SERVER_MUTATIONS[(group[0] as MutationEnvelope).name as MutationName].applyMany;
	if (!applyMany) throw new Error('Ce type de modification ne s’applique pas par lot.');
	const applied = valid.length ? await applyMany(db, user, valid.map((v) => v.args) as never, now) : [];
	if (applied.length !== valid.length)
		throw new Error('Un lot de modifications a rendu un nombre de résultats inattendu.');
	for (const [n, v] of valid.entries()) outcomes[v.k] = applied[n] as MutationOutcome;
	return outcomes;
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
