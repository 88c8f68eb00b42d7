import { adviserHoldingAVisit, cachedPaths, indexedDbText } from './device-data';
import { ACCOUNTS, expect, login, newContext, test } from './helpers';

/**
 * A lost phone: the coordination closes the adviser's sessions; the device, back on the network,
 * is told so by its next sync and forgets the personal data it held, keeping the calendar.
 */
test.describe('appareil perdu', () => {
	test.describe.configure({ timeout: 90_000 });

	test('après « Déconnecter ses appareils », l’appareil efface les données personnelles qu’il détient', async ({
		page,
		browser,
		baseURL
	}) => {
		const person = `Gaston Perdu ${Date.now()}`;
		// Montech is served by tour 1: adviser 2's device holds its visits to plan (the person's data sealed).
		const visitId = await adviserHoldingAVisit(page, browser, baseURL ?? 'http://localhost:4173', person);

		const coordination = await newContext(browser);
		const coordPage = await coordination.newPage();
		await login(coordPage, ACCOUNTS.coordinator, '/coordination');
		// The phone is lost: the coordination closes the adviser's sessions from the team page.
		await coordPage.goto('/coordination/equipe');
		const card = coordPage.getByRole('listitem').filter({ hasText: 'conseiller2@demo.tournees.fr' });
		await card.getByRole('button', { name: /Déconnecter ses appareils/ }).click();
		await expect(coordPage.getByRole('status').or(coordPage.locator('.notice.success'))).toContainText(
			/effacera ses données personnelles/
		);
		await coordination.close();

		// Back on the network, the device is told as soon as a page opens (before any unlock), and
		// the personal data go; unlocked, its sync says why.
		await page.reload();
		await expect(async () => {
			const text = await indexedDbText(page);
			expect(text).not.toContain(visitId);
			expect(text).not.toContain(person);
			expect(text).not.toContain('05 63 77 88 99');
		}).toPass({ timeout: 20_000 });
		await expect(page.getByText(/Session fermée par la coordination/)).toBeVisible();
		// The calendar and the referential stay: the tour's sites are still on the device.
		expect(await indexedDbText(page)).toContain('mairie-montech');
	});
});

test.describe('se déconnecter', () => {
	test.describe.configure({ timeout: 90_000 });

	test('envoie les modifications, puis efface la base de l’appareil et les données de session en cache', async ({
		page,
		browser,
		baseURL
	}) => {
		const person = `Lucienne Départ ${Date.now()}`;
		const visitId = await adviserHoldingAVisit(page, browser, baseURL ?? 'http://localhost:4173', person);
		const me = (await (await page.request.get('/api/me')).json()) as { user: { id: string } };
		await page.goto('/compte');
		await expect(async () => {
			expect(await cachedPaths(page)).toContain('pages /aujourdhui/__data.json');
		}).toPass({ timeout: 20_000 });

		await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
		await page.waitForURL((url) => url.pathname === '/connexion');
		const text = await indexedDbText(page);
		expect(text).not.toContain(visitId);
		expect(text).not.toContain('tfs-aes-gcm-1:');
		const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
		expect(databases).not.toContain(`tfs-${me.user.id}`);
		expect((await cachedPaths(page)).filter((p) => p.endsWith('/__data.json'))).toEqual([]);
	});
});
