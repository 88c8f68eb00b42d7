import { pruneLoginAttempts } from '../auth/rate-limit';
import type { DB } from '../db';
import { pruneTombstones } from '../sync/versions';
import { retentionJob } from './retention';

/** What runs once at each start, before the first request: pruning, then the retention job. */
export async function startUpJobs(db: DB, now: Date, homeVisitDays: number): Promise<void> {
	await pruneLoginAttempts(db, now);
	await pruneTombstones(db);
	await retentionJob(db, now, homeVisitDays);
}
