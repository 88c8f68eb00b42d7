import { expect, test } from '@playwright/test';
import { ACCOUNTS, login } from './helpers';

/**
 * The booking protocol end to end: a relay asks, the coordination accepts and picks a suggested
 * slot, the tour's adviser sees the visit offline and records it there; back online, the relay
 * sees it done. Dunes is served by tour 2 here (advisers 3 and 4).
 */
test.describe('visite à domicile', () => {
	test.skip(({ isMobile }) => isMobile, 'changes shared data and the network: one desktop run covers it');
	test.describe.configure({ timeout: 120_000 });

	test('demandée par le relais de Dunes, planifiée, réalisée hors ligne, vue « réalisée » par le relais', async ({
		browser
	}) => {
		const person = `Marcelle Test ${Date.now()}`;

		// 1. The Dunes relay asks for a visit.
		const relay = await browser.newContext();
		const relayPage = await relay.newPage();
		await login(relayPage, ACCOUNTS.relay, '/relais');
		await relayPage.getByRole('link', { name: 'Demander une visite à domicile' }).click();
		await relayPage.getByLabel('Nom et prénom').fill(person);
		await relayPage.getByLabel('Téléphone').fill('05 63 00 00 00');
		await relayPage.getByLabel('Commune').selectOption({ label: 'Dunes' });
		await relayPage.getByLabel(/^Adresse/).fill('12 chemin de la Garenne');
		await relayPage.getByLabel('Âge').check();
		await relayPage.getByLabel(/^Démarche/).fill('Déclaration de revenus');
		for (const day of ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'])
			await relayPage.getByLabel(day, { exact: true }).check();
		await relayPage.getByLabel('le matin').check();
		await relayPage.getByLabel("l'après-midi").check();
		// No consent, no request: the browser and the server both refuse.
		await relayPage.getByRole('button', { name: 'Envoyer la demande' }).click();
		await expect(relayPage).toHaveURL(/nouvelle/);
		await relayPage.getByLabel(/La personne a accepté/).check();
		await relayPage.getByRole('button', { name: 'Envoyer la demande' }).click();
		await expect(relayPage.getByRole('status')).toContainText('Demande envoyée');
		await expect(relayPage.getByTestId('relay-requests')).toContainText('Demandée');

		// 2. The coordination accepts it and picks the first suggested slot.
		const coordination = await browser.newContext();
		const page = await coordination.newPage();
		await login(page, ACCOUNTS.coordinator, '/coordination');
		await page.goto('/coordination/visites');
		await page.getByRole('row', { name: /Dunes/ }).getByRole('link').first().click();
		await expect(page.getByText(person)).toBeVisible();
		await page.getByRole('button', { name: 'Accepter la demande' }).click();
		await expect(page.getByRole('status')).toContainText('Acceptée');
		await page.reload();
		const suggestions = page.getByRole('radio');
		await expect(suggestions.first()).toBeChecked();
		expect(await suggestions.count()).toBeGreaterThan(0);
		await page.getByRole('button', { name: 'Planifier ce créneau' }).click();
		await expect(page.getByRole('status')).toContainText('Planifiée');
		await expect(page.getByText(/a consulté la fiche|consultation/).first()).toBeVisible();
		await coordination.close();

		// 3. The tour's adviser gets it, goes offline, and records the visit.
		const adviser = await browser.newContext();
		const advPage = await adviser.newPage();
		await login(advPage, ACCOUNTS.adviser3, '/aujourdhui');
		const card = advPage.getByTestId('home-visits').locator('li', { hasText: person });
		await expect(card).toBeVisible({ timeout: 15_000 });
		await expect(card.getByRole('link', { name: /Appeler/ })).toHaveAttribute('href', 'tel:0563000000');
		await expect(card.getByRole('link', { name: 'Itinéraire' })).toHaveAttribute('href', /^geo:/);
		await advPage.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await adviser.setOffline(true);
		await card.getByLabel(/Ce qui a été fait/).fill('Déclaration faite ensemble');
		await card.getByRole('button', { name: 'Visite réalisée' }).click();
		await expect(advPage.getByTestId('pending')).toHaveText('1');
		await expect(card).toContainText('Réalisée');

		// 4. Back in coverage: the change goes out by itself, and the relay sees "Réalisée".
		await adviser.setOffline(false);
		await expect(advPage.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });
		await adviser.close();
		await relayPage.reload();
		await expect(
			relayPage
				.getByTestId('relay-requests')
				.getByRole('row', { name: /Déclaration de revenus/ })
				.first()
		).toContainText('Réalisée');
		await relay.close();
	});
});
