import { type Request } from '@playwright/test';
import { ACCOUNTS, expect, login, test } from './helpers';

test.describe('page d’accueil publique', () => {
	test('liste les 24 communes desservies avec leur nom officiel', async ({ page }) => {
		await page.goto('/');
		await expect(
			page.getByRole('heading', { level: 1, name: 'Des conseillers France Services près de chez vous' })
		).toBeVisible();
		const communes = page.getByRole('region', { name: 'Les 24 communes desservies' });
		await expect(communes.getByRole('link')).toHaveCount(24);
		// The count in the introduction is the list's (it changes as sites close), not a fixed text.
		await expect(page.locator('.lead')).toContainText('dans 24 communes');
		// Home visits as the deliberation words them.
		await expect(page.getByRole('region', { name: 'Vous ne pouvez pas vous déplacer ?' })).toContainText(
			'réservées au public le moins mobile (âge, handicap…)'
		);
		for (const [name, insee] of [
			['Montaigu-de-Quercy', '82117'],
			['Lavit', '82097'],
			['Beaumont-de-Lomagne', '82013'],
			['La Ville-Dieu-du-Temple', '82096'],
			["L'Honor-de-Cos", '82076']
		] as const) {
			await expect(communes.getByRole('link', { name, exact: true })).toHaveAttribute(
				'href',
				`/communes/${insee}`
			);
		}
	});

	test('un lien de commune mène à sa page', async ({ page }) => {
		await page.goto('/');
		await page
			.getByRole('region', { name: 'Les 24 communes desservies' })
			.getByRole('link', { name: 'Lavit', exact: true })
			.click();
		await expect(page).toHaveURL('/communes/82097');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lavit (82120)');
	});
});

test.describe('recherche de commune sans JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('par nom partiel : « ville dieu »', async ({ page }) => {
		await page.goto('/');
		await page.getByLabel('Votre commune ou votre code postal').fill('ville dieu');
		await page.getByRole('button', { name: 'Rechercher' }).click();
		await page.waitForURL((url) => url.searchParams.get('q') === 'ville dieu');
		const search = page.getByRole('region', { name: 'Trouver une permanence' });
		await expect(search.getByText('1 commune trouvée')).toBeVisible();
		await expect(search.getByRole('link', { name: 'La Ville-Dieu-du-Temple' })).toHaveAttribute(
			'href',
			'/communes/82096'
		);
		await expect(page.getByLabel('Votre commune ou votre code postal')).toHaveValue('ville dieu');
	});

	test('par code postal : « 82500 »', async ({ page }) => {
		await page.goto('/');
		await page.getByLabel('Votre commune ou votre code postal').fill('82500');
		await page.getByRole('button', { name: 'Rechercher' }).click();
		await page.waitForURL((url) => url.searchParams.get('q') === '82500');
		const search = page.getByRole('region', { name: 'Trouver une permanence' });
		await expect(search.getByRole('link', { name: 'Beaumont-de-Lomagne', exact: true })).toHaveAttribute(
			'href',
			'/communes/82013'
		);
		// Every result carries the searched postcode.
		await expect(search.getByRole('listitem').filter({ hasNotText: '82500' })).toHaveCount(0);
	});
});

test.describe('pages des communes', () => {
	test('une commune avec lieu de permanence affiche le lieu et la tournée', async ({ page }) => {
		const response = await page.goto('/communes/82097');
		expect(response?.status()).toBe(200);
		await expect(page).toHaveTitle(/Lavit/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lavit (82120)');
		await expect(page.getByRole('heading', { level: 2, name: 'Lieu de permanence' })).toBeVisible();
		const card = page.getByRole('listitem').filter({
			has: page.getByRole('heading', { level: 3, name: 'Mairie de Lavit' })
		});
		await expect(card).toBeVisible();
		await expect(card).toContainText('Tournée 1');
		await expect(card).toContainText('Lomagne et Garonne');
		await expect(page.getByText('Lieux les plus proches')).toHaveCount(0);
		// No hours the département did not give: each published permanence shows its own.
		await expect(page.getByText(/Horaires possibles|lundi au vendredi/i)).toHaveCount(0);
		const dates = card.locator('ul.dates > li');
		expect(await dates.count()).toBeGreaterThan(0);
		for (const line of await dates.allInnerTexts())
			expect(line).toMatch(/, (matin|après-midi), de \d+ h.* à \d+ h/);
	});

	test('une commune sans lieu affiche les lieux les plus proches', async ({ page }) => {
		const response = await page.goto('/communes/82001');
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Albefeuille-Lagarde (82290)');
		await expect(page.getByRole('heading', { level: 2, name: 'Lieux les plus proches' })).toBeVisible();
		const nearest = page.getByRole('heading', { level: 3 });
		expect(await nearest.count()).toBeGreaterThan(0);
		await expect(nearest.first()).toContainText(/à \d+ km/);
	});

	test('une commune inconnue donne une page 404', async ({ page }) => {
		const response = await page.goto('/communes/99999');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
		await expect(page.getByRole('link', { name: "Retour à l'accueil" })).toBeVisible();
	});
});

test.describe('PWA', () => {
	test('le manifeste est servi avec un nom et des icônes', async ({ request }) => {
		const response = await request.get('/manifest.webmanifest');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toMatch(/manifest\+json|application\/json/);
		const manifest = (await response.json()) as {
			name?: unknown;
			start_url?: unknown;
			icons?: { src: string; sizes: string; type: string }[];
		};
		expect(manifest.name).toEqual(expect.stringContaining('Tournées France Services'));
		expect(manifest.start_url).toBe('/');
		const icons = manifest.icons ?? [];
		expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
		for (const icon of icons) {
			const res = await request.get(icon.src);
			expect(res.status(), icon.src).toBe(200);
			expect(res.headers()['content-type'], icon.src).toContain(icon.type);
		}
	});

	test('le service worker est servi en JavaScript', async ({ request }) => {
		const response = await request.get('/service-worker.js');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toMatch(/javascript/);
	});

	test('les pages publiques référencent le manifeste', async ({ page }) => {
		await page.goto('/');
		await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', /manifest\.webmanifest$/);
	});
});

test.describe('pages publiques sans JavaScript de framework', () => {
	for (const path of ['/', '/communes/82097']) {
		test(`${path} ne charge que /register-sw.js`, async ({ page }) => {
			const scripts: string[] = [];
			page.on('request', (request: Request) => {
				if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
			});
			await page.goto(path, { waitUntil: 'load' });
			await expect(page.locator('script[src*="/_app/"]')).toHaveCount(0);
			await expect(page.locator('link[rel="modulepreload"]')).toHaveCount(0);
			const srcs = await page.locator('script').evaluateAll((els) =>
				els.map((el) => {
					const src = (el as HTMLScriptElement).src;
					return src ? new URL(src).pathname : '(inline script)';
				})
			);
			expect(srcs).toEqual(['/register-sw.js']);
			expect(scripts).toEqual(['/register-sw.js']);
		});
	}
});

test.describe('arrêts annoncés par la délibération', () => {
	test('Lamagistère : la permanence s’arrêtera à l’ouverture de sa France Services', async ({ page }) => {
		await page.goto('/communes/82089');
		await expect(page.getByTestId('announced-end')).toHaveText(
			"Cette permanence s'arrêtera lorsque la France Services de Lamagistère (La Poste) ouvrira."
		);
	});

	test('la date d’ouverture connue, la page publique donne la dernière permanence et où aller ensuite', async ({
		page
	}) => {
		test.skip(test.info().project.name === 'phone', 'changes a shared site: one desktop run covers it');
		await login(page, ACCOUNTS.coordinator, '/coordination');
		await page.goto('/coordination/lieux/mairie-villebrumier');
		const announced = page.getByRole('region', { name: 'Arrêt annoncé' });
		await expect(announced).toContainText('France Services de Villebrumier (La Poste)');
		// A date far ahead: the site stays open until then, and the test puts it back afterwards.
		await announced.getByLabel(/Date d'ouverture de la France Services/).fill('2027-12-01');
		await announced.getByRole('button', { name: "Enregistrer la date d'ouverture" }).click();
		await expect(page.getByRole('status')).toContainText('Dernière permanence le mardi 30 novembre 2027');
		try {
			const publicPage = await page.context().newPage();
			await publicPage.goto('/communes/82194');
			await expect(publicPage.getByText('Dernière permanence le mardi 30 novembre 2027.')).toBeVisible();
			await expect(
				publicPage.getByText(/Ensuite : France Services de Villebrumier \(La Poste\), 82370 Villebrumier/)
			).toBeVisible();
			await expect(publicPage.getByTestId('announced-end')).toHaveCount(0);
		} finally {
			// Back to active: the announcement stands again for the other tests.
			await page.goto('/coordination/lieux/mairie-villebrumier');
			await page.getByLabel('Nouvel état').selectOption('active');
			await page.getByLabel(/Dernier jour de permanence/).fill('');
			await page.getByLabel('Nom', { exact: true }).fill('');
			await page.getByRole('button', { name: "Changer l'état" }).click();
			await expect(page.getByRole('status')).toContainText('mis à jour');
		}
	});
});
