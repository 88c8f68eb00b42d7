import { afterEach, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type AppContext } from '../../src/lib/server/app';
import { RETENTION_INTERVAL_MS, type Schedule } from '../../src/lib/server/jobs/retention';
import type { HomeVisitRequestInput } from '../../src/lib/contracts';
import { createHomeVisitRequest, transitionHomeVisit } from '../../src/lib/server/services/home-visits';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

const DAY = 24 * 60 * 60 * 1000;
/** Shorter than the default (92 days): the app must use the configured period. */
const RETENTION_DAYS = 30;

const REQUEST: HomeVisitRequestInput = {
	personName: 'Paule Cazes',
	personPhone: '05 63 00 00 00',
	communeInsee: '82050',
	street: '12 chemin de la Garenne',
	accessNotes: 'Sonner fort',
	reasons: ['age'],
	operatorId: null,
	subject: 'Déclaration de revenus en ligne',
	availability: { weekdays: [1, 2, 3, 4, 5], periods: ['morning'], from: null, to: null, note: '' },
	consent: true
};

/** A schedule that runs its jobs only when the test says so (`tick`), and remembers being stopped. */
function manualSchedule() {
	const jobs: { task: () => Promise<void>; ms: number; stopped: boolean }[] = [];
	const schedule: Schedule = (task, ms) => {
		const job = { task, ms, stopped: false };
		jobs.push(job);
		return () => {
			job.stopped = true;
		};
	};
	return {
		schedule,
		jobs,
		/** One period goes by: every job still scheduled runs, and the test waits for it. */
		async tick() {
			for (const job of jobs) if (!job.stopped) await job.task();
		}
	};
}

describe.each(engines)('the retention job run by the app on $name', (engine) => {
	const t0 = new Date('2026-11-23T09:00:00Z');
	const open: AppContext[] = [];

	async function start(env: Record<string, string>, now: () => Date, schedule?: Schedule) {
		const ctx = await createApp(
			readConfig({
				...env,
				DEMO: 'true',
				DEMO_CALENDAR: 'false',
				HOME_VISIT_RETENTION_DAYS: String(RETENTION_DAYS)
			}),
			now,
			schedule
		);
		open.push(ctx);
		return ctx;
	}
	async function stop(ctx: AppContext) {
		open.splice(open.indexOf(ctx), 1);
		await ctx.close();
	}
	afterEach(async () => {
		vi.useRealTimers();
		vi.restoreAllMocks();
		for (const ctx of open.splice(0)) await ctx.close();
	});

	/** A request the Dunes relay made and cancelled at `at`: closed from then on. */
	async function closedRequest(ctx: AppContext, personName: string, at: Date): Promise<string> {
		const dunes = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
		const made = await createHomeVisitRequest(ctx.db, dunes, { ...REQUEST, personName }, at);
		await transitionHomeVisit(ctx.db, dunes, made.id, { to: 'cancelled', reason: 'Plus besoin' }, at);
		return made.id;
	}
	async function identity(ctx: AppContext, id: string) {
		const row = await ctx.db
			.selectFrom('home_visit_requests')
			.select(['person_name', 'person_phone', 'anonymised_at'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		return { name: row.person_name, phone: row.person_phone, anonymisedAt: row.anonymised_at };
	}

	it('anonymises at start a request closed longer ago than the retention period', async () => {
		const env = engine.freshEnv();
		let clock = t0;
		const first = await start(env, () => clock, manualSchedule().schedule);
		const id = await closedRequest(first, 'Paule Ancienne', t0);
		await stop(first);

		// Restarted within the period: the person's data stay.
		clock = new Date(t0.getTime() + (RETENTION_DAYS - 1) * DAY);
		const early = await start(env, () => clock, manualSchedule().schedule);
		expect(await identity(early, id)).toEqual({
			name: 'Paule Ancienne',
			phone: '05 63 00 00 00',
			anonymisedAt: null
		});
		await stop(early);

		// Restarted past it: blanked by the start itself, before any period has gone by.
		clock = new Date(t0.getTime() + (RETENTION_DAYS + 1) * DAY);
		const restarted = await start(env, () => clock, manualSchedule().schedule);
		expect(await identity(restarted, id)).toEqual({ name: '', phone: '', anonymisedAt: clock.toISOString() });
	});

	it('anonymises at the next periodic run a request that passes the limit while the app is open', async () => {
		let clock = t0;
		const schedule = manualSchedule();
		const ctx = await start(engine.freshEnv(), () => clock, schedule.schedule);
		// The job is scheduled once, every six hours.
		expect(schedule.jobs.map((j) => j.ms)).toEqual([RETENTION_INTERVAL_MS]);
		expect(RETENTION_INTERVAL_MS).toBe(6 * 60 * 60 * 1000);

		const id = await closedRequest(ctx, 'Louis Récent', t0);
		const closedAt = t0.getTime();
		// Periodic runs before the limit leave it alone.
		for (const days of [1, RETENTION_DAYS - 1]) {
			clock = new Date(closedAt + days * DAY);
			await schedule.tick();
			expect((await identity(ctx, id)).name).toBe('Louis Récent');
		}
		// The limit passes between two runs: the next run blanks it, with the time of that run.
		clock = new Date(closedAt + RETENTION_DAYS * DAY + 60_000);
		expect((await identity(ctx, id)).name).toBe('Louis Récent');
		await schedule.tick();
		expect(await identity(ctx, id)).toEqual({ name: '', phone: '', anonymisedAt: clock.toISOString() });
	});

	it('stops the periodic run when the app closes, after the run under way', async () => {
		const errors = vi.spyOn(console, 'error');
		const schedule = manualSchedule();
		const ctx = await start(engine.freshEnv(), () => t0, schedule.schedule);
		expect(schedule.jobs.map((j) => j.stopped)).toEqual([false]);
		// A run is under way when the app closes: it completes first, then the timer is stopped.
		const run = schedule.jobs[0]?.task();
		await stop(ctx);
		await run;
		expect(schedule.jobs.map((j) => j.stopped)).toEqual([true]);
		expect(errors).not.toHaveBeenCalled();
	});

	it('with the real timer: runs every six hours while open, no timer left once closed', async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
		const errors = vi.spyOn(console, 'error');
		let clock = t0;
		const ctx = await start(engine.freshEnv(), () => clock);
		expect(vi.getTimerCount()).toBe(1);
		const id = await closedRequest(ctx, 'Jeanne Minuteur', t0);
		clock = new Date(t0.getTime() + (RETENTION_DAYS + 1) * DAY);

		// Not before six hours…
		vi.advanceTimersByTime(RETENTION_INTERVAL_MS - 1);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await identity(ctx, id)).name).toBe('Jeanne Minuteur');
		// …and at six hours.
		vi.advanceTimersByTime(1);
		await vi.waitFor(async () => expect((await identity(ctx, id)).name).toBe(''), { timeout: 10_000 });

		await stop(ctx);
		expect(vi.getTimerCount()).toBe(0);
		// Days go by: no run on the closed database.
		vi.advanceTimersByTime(10 * RETENTION_INTERVAL_MS);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(errors).not.toHaveBeenCalled();
	});
});
