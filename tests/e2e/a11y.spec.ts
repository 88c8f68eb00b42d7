import { ACCOUNTS, expect, expectNoAxeViolations, login, test } from './helpers';

// WCAG 2.1 A and AA rules of axe-core on the public pages and on each staff area.

test.describe('accessibilité des pages publiques', () => {
	for (const path of ['/', '/communes/82097', '/communes/82001', '/communes/82097/affiche', '/connexion']) {
		test(`axe : ${path}`, async ({ page }) => {
			const response = await page.goto(path);
			expect(response?.status()).toBe(200);
			await expectNoAxeViolations(page);
		});
	}

	test('axe : page 404', async ({ page }) => {
		const response = await page.goto('/communes/99999');
		expect(response?.status()).toBe(404);
		await expectNoAxeViolations(page);
	});
});

const STAFF_PAGES: { email: string; home: string; paths: string[] }[] = [
	{
		email: ACCOUNTS.coordinator,
		home: '/coordination',
		paths: [
			'/coordination',
			'/coordination/lieux',
			'/coordination/lieux/mairie-lavit',
			'/coordination/tournees',
			'/coordination/equipe',
			'/coordination/correspondants',
			'/coordination/lieux-mediation',
			'/coordination/relais',
			'/coordination/calendrier',
			'/coordination/hors-ligne',
			'/coordination/calendrier?publier=2099-12-31',
			'/coordination/calendrier?lieu=mairie-lavit',
			'/coordination/absences',
			'/coordination/regles',
			'/coordination/carte',
			'/coordination/import',
			'/coordination/visites',
			'/coordination/visites/nouvelle',
			'/coordination/visites/journal',
			'/coordination/indicateurs',
			'/compte'
		]
	},
	{
		email: ACCOUNTS.adviser1,
		home: '/aujourdhui',
		paths: [
			'/aujourdhui',
			'/aujourdhui/fiche',
			'/aujourdhui/dossiers',
			'/aujourdhui/diagnostic',
			'/aujourdhui/orientation?commune=82033',
			'/compte'
		]
	},
	{ email: ACCOUNTS.relay, home: '/relais', paths: ['/relais', '/relais/visites/nouvelle'] },
	{ email: ACCOUNTS.admin, home: '/admin', paths: ['/admin'] }
];

for (const { email, home, paths } of STAFF_PAGES) {
	test.describe(`accessibilité de l’espace ${home}`, () => {
		test.beforeEach(async ({ page }) => {
			await login(page, email, home);
		});

		for (const path of paths) {
			test(`axe : ${path} (${email})`, async ({ page }) => {
				const response = await page.goto(path);
				expect(response?.status()).toBe(200);
				await expectNoAxeViolations(page);
			});
		}
	});
}

test('axe : page d’erreur 403', async ({ page }) => {
	await login(page, ACCOUNTS.adviser3, '/aujourdhui');
	const response = await page.goto('/coordination');
	expect(response?.status()).toBe(403);
	await expectNoAxeViolations(page);
});
