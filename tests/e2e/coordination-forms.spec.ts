import { addDaysIso, testToday } from './clock';
import { ACCOUNTS, expect, login, test } from './helpers';

/**
 * A coordinator's form refused by the server (sent without the browser's own checks catching it):
 * the page comes back on the field in error, focused, its message read with it, and what was typed
 * is still there. Nothing is saved.
 */
test('une absence refusée revient sur le champ en erreur, avec ce qui avait été saisi', async ({ page }) => {
	await login(page, ACCOUNTS.coordinator, '/coordination');
	await page.goto('/coordination/absences');
	const rows = page.getByRole('row');
	const before = await rows.count();

	const from = addDaysIso(testToday(), 10);
	await page.getByLabel('Conseiller ou conseillère').selectOption({ index: 1 });
	await page.getByLabel('Du').fill(from);
	await page.getByLabel('Au (inclus)').fill(addDaysIso(from, -2));
	await page.getByLabel(/^Motif/).fill('Formation');
	// Sent from the keyboard, as a person typing would.
	await page.getByLabel(/^Motif/).press('Enter');

	const to = page.getByLabel('Au (inclus)');
	await expect(to).toBeFocused();
	await expect(to).toHaveAttribute('aria-invalid', 'true');
	await expect(to).toHaveAccessibleDescription('La fin doit être le même jour que le début ou après.');
	await expect(page.getByRole('alert')).toContainText('corrigez les champs signalés');
	// What was typed is there to correct, not to retype.
	await expect(page.getByLabel('Du')).toHaveValue(from);
	await expect(page.getByLabel(/^Motif/)).toHaveValue('Formation');
	await expect(rows).toHaveCount(before);
});
