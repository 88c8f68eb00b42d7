import { MUTATION_ARGS, type MutationName } from '$lib/contracts/sync';
import { sql, type ControlledTransaction } from 'kysely';
import type { MutationEnvelope, MutationResult, PushRequest, PushResponse } from '$lib/sync/protocol';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Database } from '../db/schema';
import { issuesOf, Refusal } from '../errors';
import { MutationRejected, SERVER_MUTATIONS, type MutationOutcome } from './mutations';
import { VersionLease } from './versions';
import { planPush, type PushRun } from '$lib/sync/push-plan';

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

/** The transaction a run is applied in. */
type RunTransaction = ControlledTransaction<Database>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** How a run ended: its answers, the last id it applied, and the technical fault that stopped it, if one did. */
interface RunResult {
	answers: MutationResult[];
	last: number;
	fault?: { m: MutationEnvelope; error: unknown };
}

/**
 * Applies one mutation under its own savepoint (a nested transaction): a refusal or a fault
 * undoes its writes and only its writes. A refusal is its outcome; a technical fault is returned.
 */
async function applyOne(
	trx: RunTransaction,
	lease: VersionLease,
	user: SessionUser,
	m: MutationEnvelope,
	now: Date
): Promise<{ outcome: MutationOutcome } | { fault: unknown }> {
	const sp = await trx.savepoint('mutation').execute();
	lease.attach(sp);
	try {
		const { name, args } = validate(user, m);
		return { outcome: await SERVER_MUTATIONS[name].apply(sp, user, args as never, now) };
	} catch (e) {
		await sp.rollbackToSavepoint('mutation').execute();
		lease.rolledBack(sp);
		return e instanceof MutationRejected
			? { outcome: { status: 'rejected', reason: e.message } }
			: { fault: e };
	}
}

/**
 * Applies a group of one kind at once under one savepoint; null when that fails, its writes
 * undone, so that its mutations are applied one by one and a fault is pinned on its own.
 */
async function applyAsGroup(
	trx: RunTransaction,
	lease: VersionLease,
	user: SessionUser,
	group: MutationEnvelope[],
	now: Date
): Promise<MutationOutcome[] | null> {
	const sp = await trx.savepoint('mutation').execute();
	lease.attach(sp);
	try {
		return await applyGroup(sp, user, group, now);
	} catch {
		await sp.rollbackToSavepoint('mutation').execute();
		lease.rolledBack(sp);
		return null;
	}
}

/**
 * Runs one planned run in one transaction: replays answered from what was recorded, gaps
 * skipped, the next mutations applied; then records their outcomes and advances the device's last
 * id (`record`), and commits. Nothing is answered before the commit: an "applied" the device
 * receives is durable. A technical fault stops the run there and commits what came before it.
 * Savepoints are not released one by one (the commit ends them all): that saves a round trip per
 * mutation on PostgreSQL; the run's length bounds their nesting.
 */
async function applyRun(
	db: DB,
	user: SessionUser,
	clientId: string,
	from: number,
	run: PushRun,
	now: Date
): Promise<RunResult> {
	const recorded: Recorded[] = [];
	const answers: MutationResult[] = [];
	let fault: RunResult['fault'];
	const trx = await db.startTransaction().execute();
	const lease = new VersionLease();
	try {
		steps: for (const step of run.steps) {
			if (step.kind === 'replay') {
				const id = step.mutation.id;
				const inRun = recorded.find((r) => r.m.id === id);
				answers.push(inRun ? resultOf(id, inRun.outcome) : await recordedOutcome(trx, clientId, id));
				continue;
			}
			if (step.kind === 'skip') {
				answers.push({
					id: step.mutation.id,
					status: 'skipped',
					reason: `Modification ${step.expected} attendue d'abord.`
				});
				continue;
			}
			const grouped =
				step.mutations.length > 1 ? await applyAsGroup(trx, lease, user, step.mutations, now) : null;
			if (grouped) {
				for (const [k, m] of step.mutations.entries()) {
					const outcome = grouped[k] as MutationOutcome;
					recorded.push({ m, outcome });
					answers.push(resultOf(m.id, outcome));
				}
				continue;
			}
			for (const m of step.mutations) {
				const one = await applyOne(trx, lease, user, m, now);
				if ('fault' in one) {
					fault = { m, error: one.fault };
					break steps;
				}
				recorded.push({ m, outcome: one.outcome });
				answers.push(resultOf(m.id, one.outcome));
			}
		}
		await record(trx, clientId, from, recorded, now);
		await trx.commit().execute();
	} catch (e) {
		// The connection or the commit failed: nothing of this run is kept, the device resends it.
		await trx
			.rollback()
			.execute()
			.catch(() => undefined);
		throw e instanceof TransientSyncError ? e : new TransientSyncError(message(e), { cause: e });
	}
	return { answers, last: recorded.at(-1)?.m.id ?? from, ...(fault ? { fault } : {}) };
}

/**
 * A technical fault on mutation `fault.m`, after its run committed what came before it: the push
 * fails (503, the device retries) until the same fault has happened MAX_TRANSIENT_FAILURES times;
 * then the mutation is recorded as rejected, so that it never blocks the device's queue.
 */
async function rejectAfterRepeatedFaults(
	db: DB,
	clientId: string,
	last: number,
	fault: NonNullable<RunResult['fault']>,
	now: Date
): Promise<MutationResult> {
	const failures = await countFailure(db, clientId, fault.m.id, message(fault.error));
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
	await db.transaction().execute((t) => record(t, clientId, last, [rejected], now));
	return resultOf(fault.m.id, rejected.outcome);
}

const groupable = (name: string) =>
	name in MUTATION_ARGS && SERVER_MUTATIONS[name as MutationName].applyMany !== undefined;

/**
 * Applies a device's mutations in order, each exactly once. `planPush` (pure, `lib/sync/push-plan.ts`)
 * decides from the ids alone what each mutation is: a replay (its recorded outcome is sent back),
 * a gap (skipped: the device resends in order), or the next to apply, alone or in a group of one
 * kind, in runs of up to MUTATIONS_PER_COMMIT that share a commit (a batch costs a few disk
 * flushes instead of one per mutation). `applyRun` runs each run in one transaction. Rules and
 * validation give per-mutation outcomes; only technical faults make the push fail, and a repeated
 * one becomes a rejection, after which what remains of the batch is planned again.
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
	let remaining = request.mutations;
	while (remaining.length > 0) {
		const runs = planPush(remaining, { last, perCommit: MUTATIONS_PER_COMMIT, groupable });
		remaining = [];
		for (const run of runs) {
			const done = await applyRun(db, user, request.clientId, last, run, now);
			results.push(...done.answers);
			last = done.last;
			if (!done.fault) continue;
			results.push(await rejectAfterRepeatedFaults(db, request.clientId, last, done.fault, now));
			last = done.fault.m.id;
			remaining = request.mutations.slice(request.mutations.indexOf(done.fault.m) + 1);
			break;
		}
	}
	return { results, lastMutationId: last };
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
