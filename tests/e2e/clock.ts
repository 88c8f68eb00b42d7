import { parisDateAt, TEST_CLOCK_NOW } from '../clock';

export { addDaysIso, TEST_CLOCK_NOW } from '../clock';

// When the run started, set once by the runner (playwright.config.ts loads this module) and
// inherited by its workers.
const STARTED_AT = 'E2E_CLOCK_STARTED_AT';
process.env[STARTED_AT] ??= String(Date.now());

/**
 * The test clock's instant now: `TEST_CLOCK_NOW` plus the real time since the run started, as on
 * the demo server, whose clock runs on from `CLOCK_NOW`. Every page's clock starts there.
 */
export function testNow(): Date {
	return new Date(Date.parse(TEST_CLOCK_NOW) + (Date.now() - Number(process.env[STARTED_AT])));
}

/** The test clock's civil date in Paris (YYYY-MM-DD), as the device and the server see it. */
export function testToday(): string {
	return parisDateAt(testNow());
}
