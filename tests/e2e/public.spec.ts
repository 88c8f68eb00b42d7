import { type Request } from '@playwright/test';
import { expect, test } from './helpers';

test.describe('page d’accueil publique', () => {
	test('liste les 24 communes desservies avec leur nom officiel', async ({ page }) => {
		await page.goto('/');
		await expect(
			page.getByRole('heading', { level: 1, name: 'Des conseillers France Services près de chez vous' })
		).toBeVisible();
		const communes = page.getByRole('region', { name: 'Les 24 communes desservies' });
		await expect(communes.getByRole('link')).toHaveCount(24);
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
