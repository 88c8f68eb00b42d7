import { ACCOUNTS, expect, expectNoAxeViolations, login, newContext, test } from './helpers';

/**
 * Issue 18, item 9: the coordination imports the département's sector table of the MDS (a bad
 * file is refused line by line, nothing imported); the commune page and the adviser's record then
 * name the MDS of the sector with its address.
 */
const csv = (lines: string[]) => ({
	name: 'secteurs.csv',
	mimeType: 'text/csv',
	buffer: Buffer.from(lines.join('\n'))
});

test('la table des secteurs des MDS, importée, nomme la MDS de la commune', async ({
	page,
	browser,
	isMobile
}) => {
	test.skip(isMobile, 'changes shared data: one desktop run covers it');
	test.setTimeout(90_000);
	await login(page, ACCOUNTS.coordinator, '/coordination');
	await page.goto('/coordination/secteurs');
	await expect(
		page.getByRole('heading', { level: 1, name: /Secteurs des maisons départementales/ })
	).toBeVisible();
	const counts = await page.getByTestId('sector-counts').textContent();

	await page
		.getByLabel('Fichier des secteurs (.csv)')
		.setInputFiles(csv(['code_insee;mds', '82050;mds-valence', '99999;mds-valence', '82050;mds-montech']));
	await page.getByRole('button', { name: 'Importer' }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('contient 2 erreurs : rien n’a été importé');
	await expect(alert).toContainText('Ligne 3 : la commune 99999 n’est pas une commune du département.');
	await expect(alert).toContainText('Ligne 4 : Dunes (82050) figure déjà ligne 2');
	await expect(page.getByTestId('sector-counts')).toHaveText(counts ?? '');

	try {
		await page
			.getByLabel('Fichier des secteurs (.csv)')
			.setInputFiles(
				csv(['code_insee;commune;mds', '82050;Dunes;mds-valence', '82121;Montauban;mds-montauban-labat'])
			);
		await page.getByRole('button', { name: 'Importer' }).click();
		await expect(page.getByRole('status')).toContainText('Table des secteurs importée : 2 communes');
		await expect(page.getByTestId('sector-mds-valence')).toContainText('Dunes');
		await expectNoAxeViolations(page);

		// The public page of Dunes names its MDS, with its address.
		await page.goto('/communes/82050');
		await expect(page.getByTestId('sector-mds')).toContainText(
			"Maison départementale des solidarités Valence d'Agen"
		);
		await expect(page.getByTestId('sector-mds')).toContainText('82400 Valence');

		// The adviser's record names it once the person's commune is chosen, from the device.
		const device = await newContext(browser);
		const adviser = await device.newPage();
		await login(adviser, ACCOUNTS.adviser3, '/aujourdhui');
		await expect(adviser.getByRole('heading', { name: 'Agenda de la tournée' })).toBeVisible({
			timeout: 15_000
		});
		await adviser.goto('/aujourdhui/fiche');
		await adviser.getByText('Plus de détails').click();
		const line = adviser.getByTestId('record-sector-mds');
		await expect(line).toContainText('Indiquez la commune de la personne');
		await adviser.getByLabel('Commune', { exact: true }).selectOption('82050');
		await expect(line).toContainText(
			"MDS du secteur de la personne : Maison départementale des solidarités Valence d'Agen"
		);
		await adviser.getByLabel('Commune', { exact: true }).selectOption('82097');
		await expect(line).toContainText('Pas de MDS de secteur connue pour cette commune');
		await device.close();
	} finally {
		// Back to no sector for the other tests: a table naming no MDS.
		await page.goto('/coordination/secteurs');
		await page.getByLabel('Fichier des secteurs (.csv)').setInputFiles(csv(['code_insee;mds', '82050;']));
		await page.getByRole('button', { name: 'Importer' }).click();
		await expect(page.getByRole('status')).toContainText('Table des secteurs importée : 0 communes');
	}
});
