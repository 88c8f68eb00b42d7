import { ACCOUNTS, expect, expectNoAxeViolations, login, test } from './helpers';

/**
 * Issue 6, item 2: a level-2 handover, recorded offline with its record, becomes a case the
 * adviser follows from the van — chased, answered, closed — and the server holds the same.
 */
test.describe('dossiers de niveau 2', () => {
	test('ouvert hors ligne avec la fiche, relancé puis clos, il arrive au serveur', async ({
		page,
		context
	}, testInfo) => {
		test.setTimeout(90_000);
		const subject = `Dossier de prime d'activité bloqué (${testInfo.project.name} ${Date.now()})`;
		await login(page, ACCOUNTS.adviser2, '/aujourdhui');
		await expect(page.getByRole('heading', { name: 'Agenda de la tournée' })).toBeVisible({
			timeout: 15_000
		});
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
		await context.setOffline(true);

		await page.getByRole('link', { name: "Nouvelle fiche d'accompagnement" }).click();
		await page.getByRole('group', { name: 'Thème de la demande' }).getByLabel('Argent – impôts').check();
		await page
			.getByRole('group', { name: /Organisme concerné/ })
			.getByLabel('CAF', { exact: true })
			.check();
		await page
			.getByRole('group', { name: 'Niveau' })
			.getByLabel(/Niveau 2/)
			.check();
		const handover = page.getByTestId('level2-handover');
		await expect(handover).toBeVisible();
		// The operator's correspondents, from the device: the demo's CAF correspondent is offered.
		await expect(handover.getByLabel(/Correspondant/)).toContainText('Claire Fabre');
		// Without saying what is handed over: refused on the device, nothing recorded.
		await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
		await expect(page.getByRole('alert')).toContainText('transmission au correspondant est incomplète');
		await expect(page.getByTestId('pending')).toHaveText('0');
		await handover.getByLabel(/Ce qui est transmis/).fill(subject);
		await handover.getByLabel(/Pour rappeler la personne/).fill('Mme T., 06 11 22 33 44');
		await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'dossier de niveau 2 ouvert' })).toBeVisible();
		await expect(page.getByTestId('pending')).toHaveText('2');

		// The home page lists it among the cases waiting for an answer, offline.
		await page.getByRole('link', { name: "← Aujourd'hui" }).click();
		await expect(page.getByTestId('level2-waiting')).toContainText(subject);
		await page.getByRole('link', { name: 'Suivre les dossiers de niveau 2' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Dossiers de niveau 2' })).toBeVisible();
		const item = page.getByTestId('waiting-cases').getByRole('listitem').filter({ hasText: subject });
		await expect(item).toContainText('Transmis');
		await expect(item).toContainText('Claire Fabre');
		await item.getByRole('button', { name: "Relancé aujourd'hui" }).click();
		await expect(item).toContainText('Relancé');
		await expect(page.getByTestId('pending')).toHaveText('3');
		await expectNoAxeViolations(page);

		// Back in coverage: everything reaches the server without a click.
		await context.setOffline(false);
		await expect(page.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });

		await item.getByLabel(/Réponse ou mot de clôture/).fill('Droits rétablis par la CAF');
		await item.getByRole('button', { name: 'Réponse reçue' }).click();
		const done = page.getByTestId('other-cases').getByRole('listitem').filter({ hasText: subject });
		await expect(done).toContainText('Réponse reçue');
		await done.getByRole('button', { name: /Clore le dossier/ }).click();
		await expect(done).toContainText('Clos');
		await expect(done).not.toContainText('Pour rappeler la personne');
		await expect(page.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });

		const pulled = await page.request.post('/api/sync/pull', {
			headers: { origin: new URL(page.url()).origin },
			data: { clientId: `e2e-level2-${Date.now()}`, schemaVersion: 1, cursor: null }
		});
		const body = (await pulled.json()) as {
			changes: {
				level2Cases?: { subject: string; state: string; contact: string | null; chaseCount: number }[];
			};
		};
		expect(body.changes.level2Cases?.find((c) => c.subject === subject)).toMatchObject({
			state: 'closed',
			contact: null,
			chaseCount: 1
		});
	});

	test('la coordination tient la liste des correspondants par organisme', async ({ page }, testInfo) => {
		const name = `Lucie Testeuse ${testInfo.project.name} ${Date.now()}`;
		await login(page, ACCOUNTS.coordinator, '/coordination');
		await page
			.getByRole('navigation', { name: 'Navigation principale' })
			.getByRole('link', { name: 'Personnes' })
			.click();
		await page
			.getByRole('navigation', { name: 'Personnes' })
			.getByRole('link', { name: 'Correspondants' })
			.click();
		await expect(
			page.getByRole('heading', { level: 1, name: 'Correspondants des organismes' })
		).toBeVisible();
		const form = page.getByTestId('correspondent-form');
		await form.getByLabel('Organisme').selectOption({ label: 'Mutualité sociale agricole' });
		await form.getByLabel('Nom').fill(name);
		await form.getByLabel('Fonction').fill('Conseillère référente');
		await form.getByLabel('Téléphone').fill('12345');
		await form.getByRole('button', { name: 'Ajouter le correspondant' }).click();
		await expect(page.getByRole('alert')).toContainText('Numéro de téléphone français attendu');
		// What was typed comes back with the reason: only the phone number needs correcting.
		await expect(form.getByLabel('Nom')).toHaveValue(name);
		await expect(form.getByLabel('Organisme')).toHaveValue('msa');
		await form.getByLabel('Téléphone').fill('05 63 00 00 01');
		await form.getByRole('button', { name: 'Ajouter le correspondant' }).click();
		await expect(page.getByRole('status')).toContainText(`${name} ajouté(e)`);
		const section = page.getByRole('region', { name: 'Mutualité sociale agricole' });
		await expect(section).toContainText(name);
		await expectNoAxeViolations(page);
	});
});
