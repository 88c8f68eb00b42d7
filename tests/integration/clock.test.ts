import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysIso, parisDateAt, TEST_CLOCK_NOW } from '../clock';
import { startServer, type RunningServer } from './server';

/** Runs the built server with `env` until it exits on its own (or 30 s pass); its output and code. */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['build/index.js'], {
			env: { PATH: process.env.PATH ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (d) => (output += String(d)));
		child.stderr.on('data', (d) => (output += String(d)));
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

describe('the server clock (CLOCK_NOW)', () => {
	let server: RunningServer;
	const database = () => join(mkdtempSync(join(tmpdir(), 'tfs-clock-')), 'test.sqlite');

	beforeAll(async () => {
		server = await startServer({ DATABASE_PATH: database() });
	});
	afterAll(() => server.stop());

	it('refuses to start with CLOCK_NOW outside a demo or a test, and says why', async () => {
		const { code, output } = await runUntilExit({
			CLOCK_NOW: '2027-03-30T09:00:00+02:00',
			NODE_ENV: 'production',
			PORT: '0',
			DATABASE_PATH: database()
		});
		expect(code).not.toBe(0);
		expect(output).toContain('CLOCK_NOW fixe la date du serveur');
		expect(output).toContain('DEMO=true');
	});

	it('refuses a CLOCK_NOW that is not an instant, naming the value', async () => {
		const { code, output } = await runUntilExit({
			CLOCK_NOW: '30/03/2027',
			DEMO: 'true',
			PORT: '0',
			DATABASE_PATH: database()
		});
		expect(code).not.toBe(0);
		expect(output).toContain('« 30/03/2027 » n’est pas un instant ISO 8601');
	});

	it('plans the demo calendar from the clock’s month and publishes it through the next', async () => {
		const today = parisDateAt(new Date(TEST_CLOCK_NOW));
		const feed = await fetch(`${server.url}/tournees/1/calendrier.ics`);
		expect(feed.status).toBe(200);
		const dates = Object.values(ical.sync.parseICS(await feed.text()))
			.filter((c): c is ical.VEvent => c?.type === 'VEVENT')
			.map((e) => parisDateAt(e.start))
			.sort();
		expect(dates.length).toBeGreaterThan(0);
		// Planned from the clock's month, published through the next: no other month in the feed.
		const month = today.slice(0, 7);
		const next = addDaysIso(`${month}-01`, 32).slice(0, 7);
		expect(dates.every((d) => d.startsWith(month) || d.startsWith(next))).toBe(true);
		expect(dates.some((d) => d.startsWith(next))).toBe(true);
		expect(dates.some((d) => d >= today)).toBe(true);
	});
});
