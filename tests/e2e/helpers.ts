import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import {
	expect,
	test as base,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { testNow } from './clock';

export { expect };

/** Password of every demo account (see scripts/demo.js). */
export const DEMO_PASSWORD = 'demo-tournees-82';

/** The device lock's form (`DeviceLockForm.svelte`), shown when an offline page opens without the key in memory. */
export const unlockForm = (page: Page) => page.getByRole('form', { name: 'Déverrouiller l’application' });

const unlocking = new WeakSet<Page>();

/**
 * Opens the device lock whenever it shows, as the person would with their password: an offline
 * page opened by a new page load (every `goto`) has no data key in memory. The tests of the lock
 * itself remove this handler (`page.removeLocatorHandler(unlockForm(page))`).
 */
export async function autoUnlock(page: Page): Promise<void> {
	if (unlocking.has(page)) return;
	unlocking.add(page);
	const form = unlockForm(page);
	await page.addLocatorHandler(form, async () => {
		await form.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await form.getByRole('button', { name: 'Déverrouiller' }).click();
	});
}

/**
 * Playwright's `test`, with every page on the test clock (`clock.ts`): the device computes
 * "today", the agenda and the visit slots from the same day as the server, whatever the real date.
 * Every page opens the device lock by itself (`autoUnlock`).
 */
export const test = base.extend({
	context: async ({ context }, use) => {
		await context.clock.install({ time: testNow() });
		context.on('page', (p) => void autoUnlock(p));
		await use(context);
	},
	page: async ({ page }, use) => {
		await autoUnlock(page).catch(() => undefined);
		await use(page);
	}
});

/** A second browser (another person's device), on the test clock like the test's own page. */
export async function newContext(browser: Browser, options?: BrowserContextOptions): Promise<BrowserContext> {
	const context = await browser.newContext(options);
	await context.clock.install({ time: testNow() });
	context.on('page', (p) => void autoUnlock(p));
	return context;
}

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

/** A permanence as the sync sends it to a device. */
export interface PulledPermanence {
	id: string;
	date: string;
	period: string;
}

/** Whether the calendar's rules accept `id` on that half-day (the API the move form uses too). */
export async function moveAccepted(
	request: APIRequestContext,
	id: string,
	date: string,
	period: string
): Promise<boolean> {
	const res = await request.get(
		`/api/permanences/${encodeURIComponent(id)}/check?date=${date}&period=${period}`
	);
	return res.ok() && ((await res.json()) as { issues: unknown[] }).issues.length === 0;
}

/**
 * Moves a permanence as the coordination's device does (a `movePermanence` mutation), for a test
 * that makes the day it needs; fails the test unless the server applies it.
 */
export async function movePermanence(
	request: APIRequestContext,
	origin: string,
	from: PulledPermanence,
	to: { date: string; period: string },
	reason: string
): Promise<void> {
	const res = await request.post('/api/sync/push', {
		headers: { origin },
		data: {
			clientId: `e2e-move-${randomUUID()}`,
			schemaVersion: 1,
			mutations: [
				{
					id: 1,
					name: 'movePermanence@1',
					args: {
						permanenceId: from.id,
						base: { date: from.date, period: from.period },
						date: to.date,
						period: to.period,
						reason
					}
				}
			]
		}
	});
	expect(res.status()).toBe(200);
	expect(((await res.json()) as { results: { status: string }[] }).results[0]?.status).toBe('applied');
}
