import { ACCOUNTS, expect, expectNoAxeViolations, login, newContext, test } from './helpers';

/**
 * Issue 3: a relay's space works offline. A mairie secretary whose connection drops enters a
 * home-visit request; it waits on the device and reaches the coordination when the network returns.
 */
test.describe('espace relais hors ligne', () => {
	test.skip(
		({ isMobile }) => isMobile,
		'device-level behaviour (network, storage): one desktop run covers it'
	);

	test('une demande saisie sans réseau part à la coordination au retour du réseau', async ({ browser }) => {
		const person = `Odette Sans-Réseau ${Date.now()}`;
		// Two sign-ins, a service-worker install, an offline reload and a sync: more than the default 30 s.
		test.setTimeout(90_000);
		const context = await newContext(browser);
		const page = await context.newPage();
		await login(page, ACCOUNTS.relay, '/relais');
		await expect(page.getByRole('heading', { name: 'Demandes de visite à domicile' })).toBeVisible({
			timeout: 15_000
		});
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await page.reload();
		await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);

		await context.setOffline(true);
		await page.reload();
		await expect(page.getByTestId('sync-bar')).toContainText('Hors ligne', { timeout: 15_000 });
		// The page starts with its action.
		await expect(page.getByRole('link', { name: 'Demander une visite à domicile' })).toBeInViewport();
		await page.getByRole('link', { name: 'Demander une visite à domicile' }).click();
		await page.getByLabel('Nom et prénom').fill(person);
		await page.getByLabel('Téléphone').fill('05 63 00 00 00');
		// The relay's own commune comes first, already chosen (Dunes: INSEE 82050).
		await expect(page.getByLabel('Commune')).toHaveValue('82050');
		await page.getByLabel(/^Adresse/).fill('3 rue du Moulin');
		await page.getByLabel('Maladie').check();
		await page.getByLabel(/^Démarche/).fill('Renouvellement de carte d’identité');
		await page.getByLabel('mardi', { exact: true }).check();
		await page.getByLabel('le matin').check();
		await page.getByLabel(/La personne a accepté/).check();
		// A bad phone number is refused on the device, with the field named, before anything is recorded.
		await page.getByLabel('Téléphone').fill('12');
		await page.getByRole('button', { name: 'Envoyer la demande' }).click();
		await expect(page.getByRole('alert')).toContainText('corrigez les champs signalés');
		await expect(page.locator('#personPhone[aria-invalid="true"]')).toBeVisible();
		// The field in error takes the focus, in view, and names the problem to a screen reader.
		await expect(page.getByLabel('Téléphone')).toBeFocused();
		await expect(page.getByLabel('Téléphone')).toBeInViewport();
		await expect(page.getByLabel('Téléphone')).toHaveAccessibleDescription(/.+/);
		await expectNoAxeViolations(page);
		await page.getByLabel('Téléphone').fill('05 63 00 00 00');
		await page.getByRole('button', { name: 'Envoyer la demande' }).click();

		// The confirmation is at the top, in view, and says the request waits for the network.
		const confirmation = page.getByRole('status').filter({ hasText: 'Demande enregistrée' });
		await expect(confirmation).toBeInViewport();
		await expect(confirmation).toContainText('en attente d’envoi');
		const row = page
			.getByTestId('relay-requests')
			.getByRole('listitem')
			.filter({ hasText: /carte d’identité/ });
		await expect(row).toContainText(/en attente d’envoi/i);
		await expect(page.getByTestId('pending')).toHaveText('1');

		await context.setOffline(false);
		await expect(page.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });
		await expect(row).not.toContainText(/en attente d’envoi/i);
		await expect(row).toContainText('Demandée');
		await context.close();

		// The coordination has it, with the person's details.
		const office = await newContext(browser);
		const desk = await office.newPage();
		await login(desk, ACCOUNTS.coordinator, '/coordination');
		await desk.goto('/coordination/visites');
		await expect(desk.getByRole('row', { name: /carte d’identité/ }).first()).toBeVisible();
		await office.close();
	});
});
