import type { BrowserContext, Page } from '@playwright/test';
import { OFFLINE_APPS } from '../../src/lib/offline-apps';
import { expect, login, newContext, test } from './helpers';

/**
 * Every offline page opens and reloads with no network after one sign-in, whichever page the
 * person landed on first: the service worker stores all their shells when it installs (issue 17,
 * item 1). Each account here is one no other spec uses for this.
 */
const ROLES = [
	{
		email: 'conseiller4@demo.tournees.fr',
		home: '/aujourdhui',
		pages: {
			'/aujourdhui': /^Aujourd'hui, /,
			'/aujourdhui/fiche': "Fiche d'accompagnement",
			'/aujourdhui/dossiers': 'Dossiers de niveau 2',
			'/aujourdhui/diagnostic': 'Diagnostic des compétences numériques',
			'/aujourdhui/orientation': 'Orienter vers un lieu proche'
		}
	},
	{
		email: 'coordination@demo.tournees.fr',
		home: '/coordination',
		pages: { '/coordination/hors-ligne': 'Calendrier sur cet appareil' }
	},
	{
		email: 'relais.mds-valence@demo.tournees.fr',
		home: '/relais',
		pages: { '/relais': 'Espace relais', '/relais/visites/nouvelle': /Demander une visite/ }
	}
] as const;

/** Signs in, opens the role's first page online and waits until the service worker controls it. */
async function signedInDevice(context: BrowserContext, email: string, home: string): Promise<Page> {
	const page = await context.newPage();
	await login(page, email, home);
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.reload();
	await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
	// An offline home opens locked after the reload: unlocked (`autoUnlock`), it syncs once more.
	if (home !== '/coordination') await expect(page.getByTestId('sync-bar')).toContainText('À jour');
	return page;
}

/** Waits until the worker has stored the shells of `paths` (it does so as it takes over). */
async function shellsStored(page: Page, paths: string[]): Promise<void> {
	await expect
		.poll(
			() =>
				page.evaluate(async (wanted) => {
					const keys = await (await caches.open('pages')).keys();
					const stored = new Set(keys.map((r) => new URL(r.url).pathname));
					return wanted.filter((p) => !stored.has(p));
				}, paths),
			{ timeout: 15_000, message: 'shells not stored by the service worker' }
		)
		.toEqual([]);
}

/**
 * The page runs from the device's database: its sync bar says it is offline, or (the relay's
 * request form, which has none) its list of communes comes from the device.
 */
async function expectRunningFromDevice(page: Page, path: string): Promise<void> {
	if (path === '/relais/visites/nouvelle') {
		await expect
			.poll(() => page.getByLabel('Commune').locator('option').count(), { timeout: 15_000 })
			.toBeGreaterThan(100);
		return;
	}
	await expect(page.getByTestId('sync-bar'), path).toContainText('Hors ligne', { timeout: 15_000 });
}

test.describe('pages hors ligne', () => {
	test.skip(
		({ isMobile }) => isMobile,
		'device-level behaviour (network, storage): one desktop run covers it'
	);
	test.describe.configure({ timeout: 90_000 });

	test('la liste couvre toutes les pages hors ligne de l’application', () => {
		expect(ROLES.flatMap((r) => Object.keys(r.pages)).sort()).toEqual([...OFFLINE_APPS].sort());
	});

	for (const role of ROLES) {
		test(`${role.email} : chaque page hors ligne s’ouvre et se recharge sans réseau, sans avoir été ouverte avant`, async ({
			browser
		}) => {
			const context = await newContext(browser);
			const page = await signedInDevice(context, role.email, role.home);
			await shellsStored(page, Object.keys(role.pages));
			await context.setOffline(true);
			for (const [path, title] of Object.entries(role.pages)) {
				await page.goto(path);
				const heading = page.getByRole('heading', { level: 1, name: title });
				await expect(heading, `${path} hors ligne`).toBeVisible({ timeout: 15_000 });
				await expectRunningFromDevice(page, path);
				await page.reload();
				await expect(heading, `${path} rechargée hors ligne`).toBeVisible({ timeout: 15_000 });
				await expectRunningFromDevice(page, path);
			}
			await context.close();
		});
	}
});
