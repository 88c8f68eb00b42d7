import type { DB } from '../db';
import { anonymiseClosedRequests } from '../services/home-visits';
import { eraseStaleCaseContacts } from '../services/level2';
import { eraseOldFollowUpCodes } from '../services/diagnostics';

/**
 * The retention job: the identity on closed home-visit requests after `days`, the contacts of
 * level-2 cases left untouched for a year (closing a case erases its contact at once), the
 * follow-up codes of diagnostics after two years.
 */
export async function retentionJob(db: DB, now: Date, homeVisitDays: number): Promise<void> {
	await anonymiseClosedRequests(db, now, homeVisitDays);
	await eraseStaleCaseContacts(db, now);
	await eraseOldFollowUpCodes(db, now);
}

/** The retention job (`retentionJob`) runs at start, then this often while the app is open. */
export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;

/**
 * Runs `task` every `ms` milliseconds until the returned function is called. The app's periodic
 * jobs go through it, so that tests can run a period without waiting for it.
 */
export type Schedule = (task: () => Promise<void>, ms: number) => () => void;

/** The real schedule: `setInterval`, which never keeps the process alive on its own. */
export const everyInterval: Schedule = (task, ms) => {
	const timer = setInterval(() => void task(), ms);
	timer.unref();
	return () => clearInterval(timer);
};

/**
 * The retention job again while the app is open, every `RETENTION_INTERVAL_MS`: one run at a
 * time, none once stopped. `stop()` resolves when a run under way has finished.
 */
export function scheduleRetention(
	db: DB,
	now: () => Date,
	homeVisitDays: number,
	schedule: Schedule
): { stop: () => Promise<void> } {
	let running: Promise<void> | null = null;
	let closed = false;
	const retention = (): Promise<void> => {
		if (closed) return Promise.resolve();
		running ??= retentionJob(db, now(), homeVisitDays)
			.then(
				() => undefined,
				(e: unknown) => console.error('Effacement des données personnelles échues :', e)
			)
			.finally(() => {
				running = null;
			});
		return running;
	};
	const cancel = schedule(retention, RETENTION_INTERVAL_MS);
	return {
		stop: async () => {
			closed = true;
			cancel();
			await running;
		}
	};
}
