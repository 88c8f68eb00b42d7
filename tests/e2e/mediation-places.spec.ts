import { ACCOUNTS, expect, expectNoAxeViolations, login, test } from './helpers';

/**
 * Issue 6, item 4: the referral directory. The coordination imports the national file (a file
 * with a bad row imports nothing and names the line); advisers, offline, find the places nearest
 * to a person's commune.
 */
const HEADER =
	'id;pivot;nom;commune;code_postal;code_insee;adresse;latitude;longitude;typologie;telephone;horaires;date_maj;services';
function row(id: string, name: string, extra: { nom?: string; cp?: string } = {}) {
	return [
		id,
		'00000000000077',
		extra.nom ?? name,
		'Montech',
		extra.cp ?? '82700',
		'82125',
		'1 place de la Mairie',
		'43,9524',
		'1,2377',
		'EPN',
		'+33536490077',
		'Mo,We 14:00-17:00',
		'2026-10-01',
		'Maîtrise des outils numériques du quotidien'
	].join(';');
}
const file = (rows: string[]) => ({
	name: 'lieux-82.csv',
	mimeType: 'text/csv',
	buffer: Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`)
});

/** « à 4,2 km », « à 400 m », « à moins de 100 m » → km. */
function km(text: string): number {
	if (/moins de 100 m/.test(text)) return 0;
	const m = /à ([\d,]+) (km|m)/.exec(text);
	if (!m) throw new Error(`distance illisible : ${text}`);
	const n = Number(m[1]?.replace(',', '.'));
	return m[2] === 'm' ? n / 1000 : n;
}

test.describe('annuaire des lieux de médiation numérique', () => {
	test('la coordination importe : une ligne en erreur, rien n’est importé ; un bon fichier, les lieux apparaissent', async ({
		page
	}, testInfo) => {
		const suffix = `${testInfo.project.name}-${Date.now()}`;
		const name = `Espace numérique de Montech ${suffix}`;
		await login(page, ACCOUNTS.coordinator, '/coordination');
		await page
			.getByRole('navigation', { name: 'Navigation principale' })
			.getByRole('link', { name: 'Données' })
			.click();
		await page
			.getByRole('navigation', { name: 'Données' })
			.getByRole('link', { name: 'Lieux de médiation' })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Lieux de médiation numérique et structures sociales'
		);
		const counts = await page.getByTestId('directory-counts').textContent();

		// One bad row (no name, line 3): the report names it, nothing is imported.
		await page
			.getByLabel(/Fichier des lieux/)
			.setInputFiles(file([row(`e2e-${suffix}-1`, name), row(`e2e-${suffix}-2`, name, { nom: '' })]));
		await page.getByRole('button', { name: 'Vérifier et importer' }).click();
		await expect(page.getByRole('alert')).toContainText('rien n’a été importé');
		const problems = page.getByTestId('import-problems');
		await expect(problems.getByRole('row')).toHaveCount(2);
		await expect(problems.getByRole('row').nth(1)).toContainText('3');
		await expect(problems.getByRole('row').nth(1)).toContainText('nom manquant');
		await expect(page.getByTestId('directory-counts')).toHaveText(counts ?? '');
		await expect(page.getByText(name)).toHaveCount(0);
		await expectNoAxeViolations(page);

		// The corrected file: imported, listed under its commune.
		await page
			.getByLabel(/Fichier des lieux/)
			.setInputFiles(file([row(`e2e-${suffix}-1`, name), row(`e2e-${suffix}-2`, `${name} (annexe)`)]));
		await page.getByRole('button', { name: 'Vérifier et importer' }).click();
		await expect(page.getByRole('status')).toContainText('2 lieux ajoutés');
		const montech = page.getByRole('region', { name: 'Montech', exact: true });
		await expect(montech.getByText(name, { exact: true })).toBeVisible();
		await expect(montech).toContainText(/Lundi et mercredi : 14\s+h – 17\s+h/);
	});

	test('un conseiller, hors ligne, choisit une commune et voit les lieux les plus proches, triés par distance', async ({
		page,
		context
	}) => {
		test.setTimeout(60_000);
		await login(page, ACCOUNTS.adviser1, '/aujourdhui');
		await expect(page.getByRole('heading', { name: 'Agenda de la tournée' })).toBeVisible({
			timeout: 15_000
		});
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
		await context.setOffline(true);

		await page
			.getByRole('link', { name: 'Orienter vers un lieu de médiation ou une structure sociale' })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orienter vers un lieu proche');
		await page.getByLabel(/Commune de la personne/).fill('castel');
		await page
			.getByTestId('commune-choices')
			.getByRole('button', { name: /^Castelsarrasin/ })
			.click();
		await expect(page.getByRole('heading', { name: 'Les plus proches de Castelsarrasin' })).toBeVisible();

		const list = page.getByTestId('nearest-places');
		const items = list.locator(':scope > li');
		await expect(items).toHaveCount(8);
		// The places of Castelsarrasin first, then by distance.
		await expect(items.first()).toContainText('Castelsarrasin');
		await expect(items.first()).toContainText('Horaires :');
		const distances = (await list.getByTestId('distance').allTextContents()).map(km);
		expect(distances).toEqual([...distances].sort((a, b) => a - b));
		expect(distances[0]).toBeLessThan(1);
		await expect(items.first().getByRole('link', { name: /^05\s36\s49\s00/ })).toBeVisible();

		// Social structures only: the MDS of Castelsarrasin first.
		await page
			.getByRole('group', { name: 'Type de lieu' })
			.getByLabel(/Structures sociales/)
			.check();
		await expect(items.first()).toContainText('Maison départementale des solidarités de Castelsarrasin');
		for (const badge of await list.locator('.badge').allTextContents())
			expect(badge).toBe('Structure sociale');
		await expectNoAxeViolations(page);
		await context.setOffline(false);
	});
});
