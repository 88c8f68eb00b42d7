import { adviserHoldingAVisit, cachedText, indexedDbText, webStorageText } from './device-data';
import { DEMO_PASSWORD, expect, test, unlockForm } from './helpers';

/** What identifies the person of the visit `acceptedVisitInMontech` creates, besides their name. */
const PHONE = '05 63 77 88 99';
const STREET = '9 impasse des Peupliers';
const DOOR_CODE = 'Code portail 4711';

test.describe('données personnelles chiffrées sur l’appareil', () => {
	test.describe.configure({ timeout: 90_000 });

	test('après une synchronisation, le nom, le téléphone et la rue de la personne ne sont stockés que chiffrés', async ({
		page,
		browser,
		baseURL
	}) => {
		const person = `Odette Chiffrée ${Date.now()}`;
		const visitId = await adviserHoldingAVisit(page, browser, baseURL ?? 'http://localhost:4173', person);
		// The service worker has stored the offline apps by now (their shells and layout data).
		await expect(async () => expect(await cachedText(page)).toContain('/aujourdhui/__data.json')).toPass({
			timeout: 20_000
		});

		const stored = [await indexedDbText(page), await cachedText(page), await webStorageText(page)].join('\n');
		// (Booleans, not the text: the scan holds the whole app's code from the precache.)
		expect(stored.includes(visitId), 'the visit is on the device').toBe(true);
		expect(stored.includes('tfs-aes-gcm-1:'), 'sealed boxes are on the device').toBe(true);
		for (const personal of [person, PHONE, STREET, DOOR_CODE, 'Pension de réversion'])
			expect(stored.includes(personal), `${personal} is stored in clear`).toBe(false);
		// The service worker keeps the offline apps' shells and data: they name nobody, not even the adviser.
		const me = (await (await page.request.get('/api/me')).json()) as { user: { displayName: string } };
		const cached = await cachedText(page);
		expect(cached.includes('/aujourdhui/__data.json'), 'the shells are cached').toBe(true);
		expect(cached.includes(me.user.displayName), 'the adviser’s name is cached').toBe(false);
		// The header still says who is signed in, from the device.
		await expect(page.getByText(`Connecté : ${me.user.displayName}`)).toBeAttached();
	});

	test('hors ligne, le mot de passe rouvre l’application ; un mauvais est refusé', async ({
		page,
		context,
		browser,
		baseURL
	}) => {
		const person = `Raymond Verrou ${Date.now()}`;
		await adviserHoldingAVisit(page, browser, baseURL ?? 'http://localhost:4173', person);
		await page.removeLocatorHandler(unlockForm(page));

		// The van has no network; the browser was closed: the page opens locked, showing nothing of the person.
		await context.setOffline(true);
		await page.reload();
		const form = unlockForm(page);
		await expect(form).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Application verrouillée' })).toBeVisible();
		expect(await page.locator('body').innerText()).not.toContain(person);

		await form.getByLabel('Mot de passe').fill('pas le bon mot de passe');
		await form.getByRole('button', { name: 'Déverrouiller' }).click();
		await expect(page.getByRole('alert')).toContainText('Mot de passe incorrect');
		await expect(form).toBeVisible();
		expect(await page.locator('body').innerText()).not.toContain(person);

		await form.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await form.getByRole('button', { name: 'Déverrouiller' }).click();
		await expect(form).toBeHidden();
		await expect(page.getByRole('heading', { name: new RegExp(person) })).toBeVisible();
	});

	test('verrouillée après 15 minutes sans utilisation, elle ne montre rien de personnel', async ({
		page,
		browser,
		baseURL
	}) => {
		const person = `Simone Veille ${Date.now()}`;
		await adviserHoldingAVisit(page, browser, baseURL ?? 'http://localhost:4173', person);
		await page.removeLocatorHandler(unlockForm(page));

		await page.clock.fastForward('16:00');
		const form = unlockForm(page);
		await expect(form).toBeVisible();
		await expect(page.getByText(/après un moment sans utilisation/)).toBeVisible();
		expect(await page.locator('body').innerText()).not.toContain(person);
		await expect(page.getByRole('heading', { name: new RegExp(person) })).toBeHidden();

		await form.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await form.getByRole('button', { name: 'Déverrouiller' }).click();
		await expect(form).toBeHidden();
		await expect(page.getByRole('heading', { name: new RegExp(person) })).toBeVisible();
	});
});
