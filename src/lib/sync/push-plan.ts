import type { MutationEnvelope } from './protocol';

/**
 * What the server does with each mutation of a pushed batch, decided from the ids alone (pure):
 * - `replay`: at or below the last id applied, already done: its recorded outcome is sent back;
 * - `skip`: beyond the next id expected, a gap: answered "skipped", the device resends in order;
 * - `apply`: the next id (or the next ids, for a group of one kind applied at once).
 */
export type PushStep =
	| { kind: 'replay'; mutation: MutationEnvelope }
	| { kind: 'skip'; mutation: MutationEnvelope; expected: number }
	| { kind: 'apply'; mutations: MutationEnvelope[] };

/** Steps that share one transaction and one commit: at most `perCommit` mutations applied. */
export interface PushRun {
	steps: PushStep[];
}

export interface PushPlanOptions {
	/** The device's last applied mutation id when the batch starts. */
	last: number;
	/** Mutations applied in one commit at most (bounds a transaction and its savepoints). */
	perCommit: number;
	/** Whether consecutive mutations of this name may be applied as one group. */
	groupable: (name: string) => boolean;
}

/**
 * Plans a batch: each mutation, in the order sent, becomes one step; applied ones get the ids
 * `last + 1`, `last + 2`… and every other mutation is a replay or a skip. Consecutive mutations of
 * a groupable name with consecutive ids form one `apply` step (never across a commit). A new run
 * starts once `perCommit` mutations are applied. Whatever the outcomes (applied, rejected, in
 * conflict), each applied step advances the last id by its size, so the plan holds as long as no
 * technical fault stops the batch; after a fault the server plans what remains again.
 */
export function planPush(mutations: readonly MutationEnvelope[], options: PushPlanOptions): PushRun[] {
	const runs: PushRun[] = [];
	let steps: PushStep[] = [];
	let applied = 0;
	let last = options.last;
	let i = 0;
	while (i < mutations.length) {
		if (applied === options.perCommit) {
			runs.push({ steps });
			steps = [];
			applied = 0;
		}
		const m = mutations[i] as MutationEnvelope;
		i++;
		if (m.id <= last) {
			steps.push({ kind: 'replay', mutation: m });
			continue;
		}
		if (m.id > last + 1) {
			steps.push({ kind: 'skip', mutation: m, expected: last + 1 });
			continue;
		}
		const group = [m];
		if (options.groupable(m.name)) {
			while (i < mutations.length && applied + group.length < options.perCommit) {
				const next = mutations[i] as MutationEnvelope;
				if (next.name !== m.name || next.id !== m.id + group.length) break;
				group.push(next);
				i++;
			}
		}
		steps.push({ kind: 'apply', mutations: group });
		applied += group.length;
		last += group.length;
	}
	if (steps.length > 0) runs.push({ steps });
	return runs;
}
