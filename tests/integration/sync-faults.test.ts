import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { enginesUnderTest } from './engines';
import { dexieStoreUnderTest, Harness, scheduleArbitrary } from './sync-harness';

const engines = await enginesUnderTest();
/** `npm test` runs a fixed-seed sample; `npm run test:faults` runs SYNC_FAULT_RUNS (1,000) with a random seed. */
const RUNS = Number(process.env.SYNC_FAULT_RUNS ?? 40);
const SEED = process.env.SYNC_FAULT_SEED
	? Number(process.env.SYNC_FAULT_SEED)
	: process.env.SYNC_FAULT_RUNS
		? Date.now()
		: 20261123;

describe.each(engines)('sync under faults on $name', (engine) => {
	const harness = new Harness(engine.freshEnv());
	beforeAll(() => harness.open());
	afterAll(() => harness.close());

	it(`converges without loss or duplicates over ${RUNS} random schedules (seed ${SEED})`, async () => {
		const started = Date.now();
		await fc.assert(
			fc.asyncProperty(scheduleArbitrary, ({ ops, skewsHours }) => harness.run(ops, skewsHours)),
			{ numRuns: RUNS, seed: SEED, endOnFailure: true }
		);
		console.log(
			`sync fault suite on ${engine.name}: ${RUNS} schedules, seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s`
		);
	}, 1_800_000);
});

describe('sync under faults with the Dexie store (fake-indexeddb, SQLite)', () => {
	const sqlite = engines.find((e) => e.name === 'sqlite');
	if (!sqlite) throw new Error('SQLite engine missing');
	const harness = new Harness(sqlite.freshEnv(), dexieStoreUnderTest);
	beforeAll(() => harness.open());
	afterAll(() => harness.close());
	const runs = Math.max(10, Math.round(RUNS / 4));

	it(`the IndexedDB store converges like the reference store over ${runs} schedules (seed ${SEED})`, async () => {
		await fc.assert(
			fc.asyncProperty(scheduleArbitrary, ({ ops, skewsHours }) => harness.run(ops, skewsHours)),
			{ numRuns: runs, seed: SEED, endOnFailure: true }
		);
	}, 1_800_000);
});
