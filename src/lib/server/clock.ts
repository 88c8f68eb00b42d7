import { parisDate } from '$lib/domain/dates';

/**
 * The server's one clock. Every part of the server that needs the time (sessions, the demo
 * calendar, retention, the planner's "today", the agenda, the indicators) reads it from the
 * `AppContext`, never from `new Date()`, so that a demo or a test can set the day.
 */
export interface Clock {
	/** The current instant. */
	now(): Date;
	/** Today's civil date in Paris (YYYY-MM-DD), the service's time zone. */
	today(): string;
}

/** A clock over a function that gives the instant. */
export function clockOf(now: () => Date): Clock {
	return { now, today: () => parisDate(now()) };
}

/** The machine's clock. */
export const systemClock: Clock = clockOf(() => new Date());

/**
 * A clock set to `start` when it is made, that then runs at the real pace (`CLOCK_NOW`): time
 * still passes, so sessions age and records keep their order, but the day is the one asked for.
 */
export function clockFrom(start: Date, real: () => Date = () => new Date()): Clock {
	const offset = start.getTime() - real().getTime();
	return clockOf(() => new Date(real().getTime() + offset));
}
