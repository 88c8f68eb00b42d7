import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planPush, type PushPlanOptions, type PushRun, type PushStep } from './push-plan';
import type { MutationEnvelope } from './protocol';

const NAMES = ['recordActivity@1', 'updateSiteAccessNotes@1', 'createRelayRequest@1'] as const;

/** A batch as devices send them: mostly the next ids in order, sometimes a replay, a gap or a shuffle. */
const batchArb = fc
	.record({
		last: fc.integer({ min: 0, max: 30 }),
		startOffset: fc.integer({ min: -3, max: 3 }),
		perCommit: fc.integer({ min: 1, max: 8 }),
		groupable: fc.subarray([...NAMES]),
		moves: fc.array(
			fc.record({
				jump: fc.oneof(
					{ weight: 8, arbitrary: fc.constant(1) },
					{ weight: 1, arbitrary: fc.integer({ min: -6, max: 6 }) }
				),
				name: fc.constantFrom(...NAMES)
			}),
			{ maxLength: 60 }
		)
	})
	.map(({ last, startOffset, perCommit, groupable, moves }) => {
		let id = Math.max(1, last + startOffset);
		const mutations: MutationEnvelope[] = moves.map(({ jump, name }, k) => {
			if (k > 0) id = Math.max(1, id + jump);
			return { id, name, args: { k } };
		});
		const options: PushPlanOptions = { last, perCommit, groupable: (n) => groupable.includes(n as never) };
		return { mutations, options };
	});

/** The reference: each mutation on its own, against the last id as it moves. */
function classify(mutations: readonly MutationEnvelope[], last: number) {
	return mutations.map((m) => {
		if (m.id <= last) return { kind: 'replay' as const };
		if (m.id > last + 1) return { kind: 'skip' as const, expected: last + 1 };
		last = m.id;
		return { kind: 'apply' as const };
	});
}

interface Placed {
	/** The run the mutation is in. */
	r: number;
	m: MutationEnvelope;
	kind: PushStep['kind'];
	/** The mutations applied with it (empty when it is not applied). */
	group: MutationEnvelope[];
}

function flatten(runs: PushRun[]): Placed[] {
	return runs.flatMap((run, r) =>
		run.steps.flatMap((step) =>
			step.kind === 'apply'
				? step.mutations.map((m): Placed => ({ r, m, kind: step.kind, group: step.mutations }))
				: [{ r, m: step.mutation, kind: step.kind, group: [] }]
		)
	);
}

const applied = (run: PushRun) =>
	run.steps.reduce((n, s) => n + (s.kind === 'apply' ? s.mutations.length : 0), 0);

describe('planPush', () => {
	it('keeps every mutation once, in the order sent, and classifies it as the one-by-one reference does', () => {
		fc.assert(
			fc.property(batchArb, ({ mutations, options }) => {
				const runs = planPush(mutations, options);
				const flat = flatten(runs);
				expect(flat.map((f) => f.m)).toEqual(mutations);
				flat.forEach((f, k) => expect(f.m).toBe(mutations[k]));
				const reference = classify(mutations, options.last);
				expect(flat.map((f) => f.kind)).toEqual(reference.map((c) => c.kind));
				const skips = runs.flatMap((r) => r.steps).filter((s) => s.kind === 'skip');
				expect(skips.map((s) => s.expected)).toEqual(
					reference.flatMap((c) => (c.kind === 'skip' ? [c.expected] : []))
				);
			}),
			{ seed: 19, numRuns: 400 }
		);
	});

	it('applies the ids last + 1, last + 2… and fills each commit before starting the next', () => {
		fc.assert(
			fc.property(batchArb, ({ mutations, options }) => {
				const runs = planPush(mutations, options);
				const ids = flatten(runs)
					.filter((f) => f.kind === 'apply')
					.map((f) => f.m.id);
				expect(ids).toEqual(ids.map((_, k) => options.last + 1 + k));
				runs.forEach((run, r) => {
					expect(run.steps.length).toBeGreaterThan(0);
					if (r < runs.length - 1) expect(applied(run)).toBe(options.perCommit);
					else expect(applied(run)).toBeLessThanOrEqual(options.perCommit);
				});
			}),
			{ seed: 82, numRuns: 400 }
		);
	});

	it('groups only consecutive mutations of one groupable name, as long as the commit has room', () => {
		fc.assert(
			fc.property(batchArb, ({ mutations, options }) => {
				const runs = planPush(mutations, options);
				for (const run of runs) {
					const groups = run.steps.flatMap((s) => (s.kind === 'apply' ? [s.mutations] : []));
					for (const g of groups) {
						if (g.length > 1) expect(options.groupable(g[0]!.name)).toBe(true);
						g.forEach((m, k) => {
							expect(m.name).toBe(g[0]!.name);
							expect(m.id).toBe(g[0]!.id + k);
						});
					}
				}
				// Maximal: a group ends at a different name, a non-consecutive id, or a full commit.
				const flat = flatten(runs);
				flat.forEach((f, k) => {
					const next = flat[k + 1];
					if (f.kind !== 'apply' || !next || next.kind !== 'apply' || f.group === next.group) return;
					const couldJoin =
						options.groupable(f.m.name) && next.m.name === f.m.name && next.m.id === f.m.id + 1;
					if (couldJoin) expect(next.r).toBe(f.r + 1);
				});
			}),
			{ seed: 2027, numRuns: 400 }
		);
	});

	it('plans an empty batch as no run, and a batch of replays as one run that applies nothing', () => {
		const options = { last: 5, perCommit: 2, groupable: () => true };
		expect(planPush([], options)).toEqual([]);
		const replays = [4, 5, 3].map((id) => ({ id, name: NAMES[0], args: {} }));
		expect(planPush(replays, options)).toEqual([
			{ steps: replays.map((mutation) => ({ kind: 'replay', mutation })) }
		]);
	});
});
