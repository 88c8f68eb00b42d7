// npm run test:dates — the date-sensitive suites on fixed days, whatever today's date is: the
// unit tests, the integration tests and the browser specs that compute dates, each run with
// TEST_CLOCK_NOW set to one of the days below (tests/clock.ts hands it to the servers as
// CLOCK_NOW and to the browser's pages as Playwright's clock).
//
//   npm run test:dates                        every day, every suite
//   npm run test:dates -- 2028-02-29          the days whose instant starts with this
//   npm run test:dates -- --suite=e2e         one suite (unit, integration, e2e)
//
// Run `npm run build` first (`npm run test:dates` does).
import { spawnSync } from 'node:child_process';

/**
 * The days, each at an hour far from midnight so that a run of minutes stays on it.
 * @type {[string, string][]}
 */
const DAYS = [
	['un lundi en milieu de mois', '2027-03-15T09:30:00+01:00'],
	['le 31 décembre', '2027-12-31T10:00:00+01:00'],
	['le passage à l’heure d’été (dernier dimanche de mars)', '2027-03-28T10:00:00+02:00'],
	['le passage à l’heure d’hiver (dernier dimanche d’octobre)', '2027-10-31T10:00:00+01:00'],
	['le 29 février', '2028-02-29T10:00:00+01:00'],
	['le 1er mai', '2027-05-01T10:00:00+02:00']
];

/** The browser specs that compute dates: the agenda, visit slots, "today", the calendar, the indicators. */
const DATED_SPECS = [
	'tests/e2e/activity.spec.ts',
	'tests/e2e/coordination-offline.spec.ts',
	'tests/e2e/diagnostic.spec.ts',
	'tests/e2e/home-visits.spec.ts',
	'tests/e2e/indicators.spec.ts',
	'tests/e2e/level2.spec.ts',
	'tests/e2e/planning.spec.ts',
	'tests/e2e/public.spec.ts',
	'tests/e2e/relay-offline.spec.ts'
];

/**
 * Each suite's command. The unit and integration tests also run under libfaketime (Debian's
 * `faketime`): the machine's clock itself shows the day, so a test that read the real date by
 * mistake would read that one and fail on some day. Chromium runs on the real clock: its pages
 * get the day from Playwright's clock.
 * @type {Record<string, { command: string[]; faketime: boolean }>}
 */
const SUITES = {
	unit: { command: ['npx', 'vitest', 'run', '--project', 'unit'], faketime: true },
	integration: { command: ['npx', 'vitest', 'run', '--project', 'integration'], faketime: true },
	e2e: { command: ['npx', 'playwright', 'test', '--project=desktop', ...DATED_SPECS], faketime: false }
};

const hasFaketime = spawnSync('faketime', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasFaketime) {
	console.error('Il manque faketime (paquet Debian « faketime ») : apt-get install -y faketime.');
	process.exit(2);
}

/** faketime's form of an instant: "2027-12-31 09:00:00" (its clock then runs on), in UTC (its TZ is set to UTC). */
function faketimeStart(/** @type {string} */ at) {
	return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')}`;
}

const args = process.argv.slice(2);
const suiteArg = args.find((a) => a.startsWith('--suite='))?.slice('--suite='.length);
if (suiteArg && !(suiteArg in SUITES)) {
	console.error(`Suite inconnue : ${suiteArg} (unit, integration ou e2e).`);
	process.exit(2);
}
const dayArgs = args.filter((a) => !a.startsWith('--'));
const days = DAYS.filter(([, at]) => dayArgs.length === 0 || dayArgs.some((d) => at.startsWith(d)));
if (days.length === 0) {
	console.error(`Aucun des jours connus ne commence par ${dayArgs.join(', ')}.`);
	process.exit(2);
}

const failures = [];
for (const [label, at] of days) {
	for (const [suite, { command, faketime }] of Object.entries(SUITES)) {
		if (suiteArg && suite !== suiteArg) continue;
		console.log(`\n=== ${suite}, ${label} : TEST_CLOCK_NOW=${at}${faketime ? ', sous faketime' : ''}`);
		const started = Date.now();
		const [program = '', ...programArgs] = faketime ? ['faketime', faketimeStart(at), ...command] : command;
		const run = spawnSync(program, programArgs, {
			stdio: 'inherit',
			// faketime reads its start in the local time zone: UTC, like the instant it is given.
			env: { ...process.env, TEST_CLOCK_NOW: at, ...(faketime ? { TZ: 'UTC' } : {}) }
		});
		const seconds = ((Date.now() - started) / 1000).toFixed(0);
		console.log(`=== ${suite}, ${at} : ${run.status === 0 ? 'réussi' : 'ÉCHEC'} en ${seconds} s`);
		if (run.status !== 0) failures.push(`${suite} @ ${at}`);
	}
}
if (failures.length > 0) {
	console.error(`\nÉchecs : ${failures.join(' ; ')}`);
	process.exit(1);
}
console.log(`\nToutes les suites passent aux ${days.length} dates.`);
