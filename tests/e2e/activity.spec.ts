import { type Locator } from '@playwright/test';
import { ACCOUNTS, expect, expectNoAxeViolations, login, test } from './helpers';

/**
 * Issue 6: the activity record, filled offline on a phone in a few taps (the common case:
 * anonymous, one theme, level 1), reaches the server when the network returns.
 */
test.describe('fiche d’accompagnement', () => {
	test('remplie hors ligne en quelques gestes, elle arrive au serveur au retour du réseau', async ({
		page,
		context,
		isMobile
	}) => {
		test.setTimeout(60_000);
		let taps = 0;
		const tap = async (target: Locator) => {
			taps++;
			if (isMobile) await target.tap();
			else await target.click();
		};

		await login(page, ACCOUNTS.adviser1, '/aujourdhui');
		await expect(page.getByRole('heading', { name: 'Agenda de la tournée' })).toBeVisible({
			timeout: 15_000
		});
		// Offline, the app's code comes from the service worker: wait until it controls the page.
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
		await context.setOffline(true);

		// The common case, counted: open the record, one theme, the operator, save.
		await tap(page.getByRole('link', { name: "Nouvelle fiche d'accompagnement" }));
		await expect(page.getByRole('heading', { level: 1, name: "Fiche d'accompagnement" })).toBeVisible();
		await expect(page.getByTestId('sync-bar')).toContainText('Hors ligne');
		await tap(page.getByRole('group', { name: 'Thème de la demande' }).getByLabel('Argent – impôts'));
		await tap(
			page
				.getByRole('group', { name: /Organisme concerné/ })
				.getByRole('radio')
				.first()
		);
		await tap(page.getByRole('button', { name: 'Enregistrer la fiche' }));
		await expect(page.getByRole('status').filter({ hasText: 'Fiche enregistrée' })).toBeVisible();
		expect(taps).toBeLessThanOrEqual(8);
		await expect(page.getByTestId('pending')).toHaveText('1');
		await expectNoAxeViolations(page);

		// Nothing chosen: refused on the device, the missing field named, nothing recorded.
		await tap(page.getByRole('button', { name: 'Enregistrer la fiche' }));
		await expect(page.getByRole('alert')).toContainText('Choisissez au moins un thème');
		await expect(page.getByTestId('pending')).toHaveText('1');

		// Back in coverage: sent without a click; the server gives it back to this adviser's devices.
		await context.setOffline(false);
		await expect(page.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });
		const pulled = await page.request.post('/api/sync/pull', {
			headers: { origin: new URL(page.url()).origin },
			data: { clientId: `e2e-activity-${Date.now()}`, schemaVersion: 1, cursor: null }
		});
		const body = (await pulled.json()) as { changes: { activityRecords?: { adminThemes: string[] }[] } };
		expect(body.changes.activityRecords?.some((r) => r.adminThemes.includes('moneyTaxes'))).toBe(true);

		// Corrected afterwards: the form comes back filled in; the correction reaches the server too.
		const records = page.getByTestId('todays-records');
		await records
			.getByRole('button', { name: /^Corriger/ })
			.first()
			.click();
		await expect(page.getByRole('heading', { name: 'Corriger la fiche' })).toBeFocused();
		const themes = page.getByRole('group', { name: 'Thème de la demande' });
		await expect(themes.getByLabel('Argent – impôts')).toBeChecked();
		await themes.getByLabel('Logement').check();
		await page.getByRole('button', { name: 'Enregistrer la correction' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Fiche corrigée' })).toBeVisible();
		await expect(records).toContainText('Logement, Argent – impôts');
		await expect(page.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });
		const again = await page.request.post('/api/sync/pull', {
			headers: { origin: new URL(page.url()).origin },
			data: { clientId: `e2e-activity-${Date.now()}-b`, schemaVersion: 1, cursor: null }
		});
		const after = (await again.json()) as { changes: { activityRecords?: { adminThemes: string[] }[] } };
		expect(after.changes.activityRecords?.some((r) => r.adminThemes.join() === 'housing,moneyTaxes')).toBe(
			true
		);
	});
});
