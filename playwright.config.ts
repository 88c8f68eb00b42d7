import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { TEST_CLOCK_NOW } from './tests/e2e/clock';

// E2E_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://localhost:${PORT}`;
const CI = Boolean(process.env.CI);
// Playwright cannot download browsers here: use the system Chromium.
const launchOptions = { executablePath: '/usr/bin/chromium' };

export default defineConfig({
	testDir: './tests/e2e',
	// One server, one database, two cores: run the tests one after another.
	fullyParallel: false,
	workers: 1,
	retries: CI ? 1 : 0,
	forbidOnly: CI,
	reporter: CI ? 'line' : 'list',
	timeout: 30_000,
	expect: { timeout: 5_000 },
	use: {
		baseURL: BASE_URL,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		trace: 'retain-on-failure'
	},
	projects: [
		{
			name: 'desktop',
			use: { ...devices['Desktop Chrome'], launchOptions }
		},
		{
			name: 'phone',
			use: {
				browserName: 'chromium',
				viewport: { width: 390, height: 844 },
				deviceScaleFactor: 3,
				isMobile: true,
				hasTouch: true,
				launchOptions
			}
		}
	],
	webServer: {
		command: 'node scripts/demo.js',
		url: `${BASE_URL}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN: BASE_URL,
			// A fresh database per run: the demo data is seeded at start.
			DATABASE_PATH: join(tmpdir(), `tfs-e2e-${Date.now()}.sqlite`),
			DEMO: 'true',
			// The server's day; every page's clock starts there too (tests/e2e/helpers.ts).
			CLOCK_NOW: TEST_CLOCK_NOW
		}
	}
});
