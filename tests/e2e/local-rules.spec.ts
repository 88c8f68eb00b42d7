import { addDaysIso, testToday } from './clock';
import { ACCOUNTS, expect, expectNoAxeViolations, login, newContext, test } from './helpers';

/**
 * Issue 18, item 3: the département's rules are settings, said to be its own choices; a refused
 * value changes nothing; a saved one reaches the advisers' devices (the level-2 answer delay the
 * handover proposes, offline).
 */
test('la coordination règle les choix du département, les appareils les appliquent', async ({
	page,
	browser,
	isMobile
}) => {
	test.skip(isMobile, 'changes shared data: one desktop run covers it');
	test.setTimeout(90_000);
	await login(page, ACCOUNTS.coordinator, '/coordination');
	await page.goto('/coordination/regles');
	await expect(page.getByRole('heading', { level: 1, name: 'Règles du département' })).toBeVisible();
	await expect(page.getByText('choix du département', { exact: false }).first()).toBeVisible();
	const delay = page.getByLabel(/Délai de réponse proposé/);
	await expect(delay).toHaveValue('15');
	await expect(page.getByLabel(/Écart minimum/)).toHaveValue('10');
	await expect(page.getByLabel('Un conseiller numérique dans chaque équipe')).toBeChecked();
	await expectNoAxeViolations(page);

	// Out of bounds, past the browser's own check: refused, focused and named; nothing saved.
	await delay.evaluate((input: HTMLInputElement) => input.removeAttribute('max'));
	await delay.fill('91');
	await page.getByRole('button', { name: 'Enregistrer les règles' }).click();
	await expect(page.getByLabel(/Délai de réponse proposé/)).toBeFocused();
	await expect(page.getByRole('alert')).toContainText('au plus 90 jours');
	await page.goto('/coordination/regles');
	await expect(delay).toHaveValue('15');

	await delay.fill('20');
	await page.getByRole('button', { name: 'Enregistrer les règles' }).click();
	await expect(page.getByRole('status')).toContainText('Règles enregistrées');
	await expect(page.getByTestId('rules-updated')).toContainText('Dernière modification');
	await expect(delay).toHaveValue('20');

	try {
		// An adviser's device receives the delay at its sync and proposes it in a handover.
		const device = await newContext(browser);
		const adviser = await device.newPage();
		await login(adviser, ACCOUNTS.adviser2, '/aujourdhui');
		await expect(adviser.getByRole('heading', { name: 'Agenda de la tournée' })).toBeVisible({
			timeout: 15_000
		});
		await adviser.goto('/aujourdhui/fiche');
		await adviser
			.getByRole('group', { name: /Organisme concerné/ })
			.getByLabel('CAF', { exact: true })
			.check();
		await adviser
			.getByRole('group', { name: 'Niveau' })
			.getByLabel(/Niveau 2/)
			.check();
		const handover = adviser.getByTestId('level2-handover');
		await expect(handover.getByText('20 jours par défaut, délai choisi par le département')).toBeVisible();
		await expect(handover.getByLabel(/Réponse attendue avant le/)).toHaveValue(addDaysIso(testToday(), 20));
		await device.close();
	} finally {
		// Back to the default for the other tests.
		await page.goto('/coordination/regles');
		await page.getByLabel(/Délai de réponse proposé/).fill('15');
		await page.getByRole('button', { name: 'Enregistrer les règles' }).click();
		await expect(page.getByRole('status')).toContainText('Règles enregistrées');
	}
});
