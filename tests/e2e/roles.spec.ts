import { ACCOUNTS, DEMO_PASSWORD, expect, login, test } from './helpers';

test.describe('connexion de chaque profil', () => {
	test('la coordination arrive sur /coordination', async ({ page, isMobile }) => {
		await login(page, ACCOUNTS.coordinator, '/coordination');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coordination des tournées');
		// The coordinator's pages in four groups: the main menu holds on one line on a desktop.
		const menu = page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link');
		await expect(menu).toHaveText([
			'Permanences',
			'À traiter',
			'Planning',
			'Visites',
			'Personnes',
			'Données',
			'Mon compte'
		]);
		if (!isMobile) {
			const tops = await menu.evaluateAll((links) => links.map((a) => a.getBoundingClientRect().top));
			expect(new Set(tops).size).toBe(1);
		}
		// A group's entry opens its first page and shows the group's pages.
		await menu.filter({ hasText: 'Planning' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Calendrier des tournées');
		const planning = page.getByRole('navigation', { name: 'Planning' });
		await expect(menu.filter({ hasText: 'Planning' })).toHaveAttribute('aria-current', 'page');
		await planning.getByRole('link', { name: 'Lieux' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Lieux de permanence/);
		await expect(menu.filter({ hasText: 'Planning' })).toHaveAttribute('aria-current', 'true');
		await expect(planning.getByRole('link', { name: 'Lieux' })).toHaveAttribute('aria-current', 'page');
	});

	for (const { email, tour, name } of [
		{ email: ACCOUNTS.adviser1, tour: 1, name: 'Lomagne et Garonne' },
		{ email: ACCOUNTS.adviser3, tour: 2, name: 'Deux-Rives' },
		{ email: ACCOUNTS.adviser5, tour: 3, name: 'Quercy et Aveyron' }
	]) {
		test(`${email} arrive sur /aujourdhui, tournée ${tour}`, async ({ page }) => {
			await login(page, email, '/aujourdhui');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Aujourd'hui/);
			const tourHeading = page.getByRole('heading', { level: 2, name: `Tournée ${tour} ${name}` });
			await expect(tourHeading).toBeVisible();
			// Only the adviser's own tour is shown.
			for (const other of [1, 2, 3].filter((n) => n !== tour)) {
				await expect(page.getByText(`Tournée ${other}`, { exact: true })).toHaveCount(0);
			}
		});
	}

	test('le relais arrive sur /relais', async ({ page }) => {
		await login(page, ACCOUNTS.relay, '/relais');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Espace relais');
		await expect(page.getByRole('main')).toContainText('Mairie de Dunes');
	});

	test('l’administration arrive sur /admin', async ({ page }) => {
		await login(page, ACCOUNTS.admin, '/admin');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administration');
	});

	test('après connexion, retour vers la page demandée', async ({ page }) => {
		await page.goto('/coordination/lieux');
		await expect(page).toHaveURL('/connexion?retour=%2Fcoordination%2Flieux');
		await page.getByLabel('Adresse électronique').fill(ACCOUNTS.coordinator);
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await page.waitForURL((url) => url.pathname === '/coordination/lieux');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Lieux de permanence/);
	});
});

test.describe('déconnexion', () => {
	test('« Se déconnecter » ramène à la connexion et ferme l’accès', async ({ page }) => {
		await login(page, ACCOUNTS.coordinator, '/coordination');
		await page.goto('/compte');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
		await expect(page.getByRole('button', { name: 'Se déconnecter de tous les appareils' })).toBeVisible();
		await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
		await page.waitForURL((url) => url.pathname === '/connexion');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');

		await page.goto('/coordination');
		await expect(page).toHaveURL('/connexion?retour=%2Fcoordination');
	});
});

test.describe('contrôle d’accès', () => {
	test('un conseiller ne peut pas ouvrir /coordination (403)', async ({ page }) => {
		await login(page, ACCOUNTS.adviser1, '/aujourdhui');
		const response = await page.goto('/coordination');
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accès refusé');
		await expect(page.getByRole('heading', { name: 'Coordination des tournées' })).toHaveCount(0);
	});

	test('un visiteur anonyme est renvoyé vers la connexion', async ({ page }) => {
		await page.goto('/coordination');
		await expect(page).toHaveURL('/connexion?retour=%2Fcoordination');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
	});

	test('un relais ne peut pas ouvrir /admin (403)', async ({ page }) => {
		await login(page, ACCOUNTS.relay, '/relais');
		const response = await page.goto('/admin');
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accès refusé');
	});
});

test.describe('échec de connexion', () => {
	// The only deliberate failed login of the suite (login throttling: 5 per account, 20 per
	// address in 15 minutes), on an account that does not exist, in one project only.
	test('un mauvais identifiant affiche une alerte', async ({ page }, testInfo) => {
		test.skip(testInfo.project.name !== 'desktop', 'one failed login per run is enough');
		await page.goto('/connexion');
		await page.getByLabel('Adresse électronique').fill('personne@demo.tournees.fr');
		await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('incorrect');
		await expect(page).toHaveURL(/\/connexion/);
		await expect(page.getByLabel('Adresse électronique')).toHaveValue('personne@demo.tournees.fr');
		await expect(page.getByLabel('Mot de passe')).toHaveAttribute('aria-invalid', 'true');
	});
});

test.describe('édition d’un lieu par la coordination', () => {
	test('les notes d’accès de la mairie de Lavit apparaissent sur la page publique', async ({
		page
	}, testInfo) => {
		const note = `Parking derrière l'église, rampe d'accès — e2e ${testInfo.project.name} ${Date.now()}`;
		await login(page, ACCOUNTS.coordinator, '/coordination');

		await page.goto('/coordination/lieux');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lieux de permanence (27)');
		const siteLinks = page.getByRole('table').getByRole('link');
		await expect(siteLinks).toHaveCount(27);
		await page.getByRole('table').getByRole('link', { name: 'Mairie de Lavit' }).click();
		await page.waitForURL((url) => url.pathname === '/coordination/lieux/mairie-lavit');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mairie de Lavit');

		const access = page.getByRole('textbox', { name: /^Accès/ });
		await access.fill(note);
		await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText('Les modifications du lieu sont enregistrées.');

		// Saved: the edit page shows it again after a fresh load.
		await page.goto('/coordination/lieux/mairie-lavit');
		await expect(page.getByRole('textbox', { name: /^Accès/ })).toHaveValue(note);

		// The public page, seen by an anonymous visitor.
		await page.context().clearCookies();
		const response = await page.goto('/communes/82097');
		expect(response?.status()).toBe(200);
		const card = page.getByRole('listitem').filter({
			has: page.getByRole('heading', { level: 3, name: 'Mairie de Lavit' })
		});
		await expect(card).toContainText(note);
	});
});
