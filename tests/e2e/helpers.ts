import AxeBuilder from '@axe-core/playwright';
import {
	expect,
	test as base,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { testNow } from './clock';

export { expect };

/**
 * Playwright's `test`, with every page on the test clock (`clock.ts`): the device computes
 * "today", the agenda and the visit slots from the same day as the server, whatever the real date.
 */
export const test = base.extend({
	context: async ({ context }, use) => {
		await context.clock.install({ time: testNow() });
		await use(context);
	}
});

/** A second browser (another person's device), on the test clock like the test's own page. */
export async function newContext(browser: Browser, options?: BrowserContextOptions): Promise<BrowserContext> {
	const context = await browser.newContext(options);
	await context.clock.install({ time: testNow() });
	return context;
}

/** Password of every demo account (see scripts/demo.js). */
export const DEMO_PASSWORD = 'demo-tournees-82';

export const ACCOUNTS = {
	coordinator: 'coordination@demo.tournees.fr',
	adviser1: 'conseiller1@demo.tournees.fr',
	adviser2: 'conseiller2@demo.tournees.fr',
	adviser3: 'conseiller3@demo.tournees.fr',
	adviser5: 'conseiller5@demo.tournees.fr',
	relay: 'relais.dunes@demo.tournees.fr',
	admin: 'admin@demo.tournees.fr'
} as const;

export type AccountKey = keyof typeof ACCOUNTS;

/** Signs in through the form of /connexion and waits for the redirect to `expectedPath`. */
export async function login(page: Page, email: string, expectedPath: string): Promise<void> {
	await page.goto('/connexion');
	await page.getByLabel('Adresse électronique').fill(email);
	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await page.waitForURL((url) => url.pathname === expectedPath);
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the current page and fails with the rule ids and targets of every violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	const summary = results.violations.map((v) => ({
		id: v.id,
		impact: v.impact ?? null,
		help: v.help,
		targets: v.nodes.map((n) => n.target.join(' ')),
		html: v.nodes.map((n) => n.html.slice(0, 200))
	}));
	expect(
		summary,
		`axe violations on ${new URL(page.url()).pathname}:\n${JSON.stringify(summary, null, 2)}`
	).toEqual([]);
}
