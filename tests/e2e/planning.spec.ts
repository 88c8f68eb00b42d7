import { addDaysIso, testToday } from './clock';
import { ACCOUNTS, expect, login, moveAccepted, test } from './helpers';

// The demo server starts with a calendar planned from the current month and published through the
// end of the next one (src/lib/server/demo/calendar.ts).

/** The month after the test clock's, in Paris (the server's calendar is in Paris time). */
function nextMonth(): string {
	const [y = 0, m = 1] = testToday().split('-').map(Number);
	return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

test.describe('calendrier des tournées', () => {
	test.skip(({ isMobile }) => isMobile, 'changes the shared calendar: one desktop run covers it');

	test('la coordination déplace et annule des dates publiées ; le public voit les avis après « Publier »', async ({
		page
	}) => {
		test.setTimeout(90_000);
		await login(page, ACCOUNTS.coordinator, '/coordination');
		const month = nextMonth();
		await page.goto(`/coordination/calendrier?mois=${month}&tournee=tournee-1`);
		const lavit = page.locator('a.perm', { hasText: 'Mairie de Lavit' });
		await expect(lavit).toHaveCount(2);

		// 1. Move the first one: an impossible date is explained, not just refused.
		await lavit.first().click();
		await page.waitForURL(/\/coordination\/calendrier\/mairie-lavit/);
		const original = await page.getByLabel('Nouvelle date').inputValue();
		await page.getByLabel('Nouvelle date').fill('2020-01-06');
		// Checked live as the date changes…
		await expect(page.getByTestId('live-check')).toContainText('dans le passé');
		// …and by the server on request (works without JavaScript too).
		await page.getByRole('button', { name: 'Vérifier les règles' }).click();
		await expect(page.getByRole('alert')).toContainText('dans le passé');
		// A half-day the rules accept, within ten days either side (asked of the API, which the page
		// uses too), then checked through the page.
		const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
		let moved: { date: string; period: string } | null = null;
		search: for (let offset = 1; offset <= 10; offset++) {
			for (const date of [addDaysIso(original, offset), addDaysIso(original, -offset)]) {
				// Ahead, in the month, and within what « Publier » covers below (through the 28th).
				if (date <= testToday() || !date.startsWith(month) || date > `${month}-28`) continue;
				for (const period of ['morning', 'afternoon']) {
					if (await moveAccepted(page.request, id, date, period)) {
						moved = { date, period };
						break search;
					}
				}
			}
		}
		expect(moved, 'a valid half-day within ten days').not.toBeNull();
		await page.getByLabel('Nouvelle date').fill(moved?.date ?? '');
		await page.getByLabel('Demi-journée').selectOption(moved?.period ?? '');
		await page.getByRole('button', { name: 'Vérifier les règles' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'respecte toutes les règles' })).toBeVisible();
		await page
			.getByLabel(/^Raison/)
			.first()
			.fill('Salle indisponible (élections)');
		await page.getByRole('button', { name: 'Déplacer', exact: true }).click();
		await expect(page.getByRole('status')).toContainText('Permanence déplacée');
		// Its state says the move waits for « Publier », and which date the public still sees.
		await expect(page.getByTestId('permanence-state')).toContainText('Déplacée, à publier');
		await expect(page.getByText('Date que voit le public')).toBeVisible();

		// 2. Cancel the second one.
		await page.goto(`/coordination/calendrier?mois=${month}&tournee=tournee-1`);
		const hrefs = await lavit.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
		const other = hrefs.find((href) => decodeURIComponent(href.split('/').at(-1) ?? '') !== id);
		expect(other, 'the other Lavit permanence of the month').toBeTruthy();
		await page.goto(other ?? '');
		await page.waitForURL(/\/coordination\/calendrier\/mairie-lavit/);
		const cancelledDate = await page.getByLabel('Nouvelle date').inputValue();
		await page
			.getByLabel(/^Raison/)
			.nth(1)
			.fill('Véhicule en réparation');
		await page.getByRole('button', { name: 'Annuler cette permanence' }).click();
		await expect(page.getByRole('status')).toContainText('Permanence annulée');

		// Not public yet: the public page still shows the old dates, without notice.
		const publicPage = await page.context().newPage();
		await publicPage.goto('/communes/82097');
		await expect(publicPage.getByText('Changements de dates')).toHaveCount(0);

		// 3. Publish: the preview lists the two notices it will create.
		// From the cancelled permanence's page, straight to what « Publier » will announce…
		await page.getByRole('link', { name: 'Publier ce changement…' }).click();
		const preview = page.getByTestId('publication-preview');
		await expect(preview).toBeInViewport();
		// …or from the month's grid: jump to « Publier », choose the last date.
		await page.goto(`/coordination/calendrier?mois=${month}`);
		await page.getByRole('link', { name: 'Publier des dates' }).click();
		await page.getByLabel("Publier les dates jusqu'au").fill(`${month}-28`);
		await page.getByRole('button', { name: 'Voir ce qui sera publié' }).click();
		// The preview is where the person is, not below the month's grid.
		await expect(preview).toBeInViewport();
		// Other tests may have changed other sites' dates: this test's two notices are among those listed.
		await expect(preview).toContainText(/\d+ avis/);
		await expect(preview).toContainText('Salle indisponible (élections)');
		await expect(preview).toContainText('Véhicule en réparation');
		await preview.getByRole('button', { name: /^Publier jusqu/ }).click();
		// The page stays on the month being edited and says, in French, what it published.
		const [year, monthNumber] = month.split('-').map(Number);
		const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' }).format(
			new Date(Date.UTC(year ?? 0, (monthNumber ?? 1) - 1, 1))
		);
		const status = page.getByRole('status');
		await expect(status).toContainText(new RegExp(`publiée?s? jusqu'au 28 ${monthName} ${year}`));
		await expect(status).toContainText(/\d+ avis de changement/);
		await expect(page.getByRole('heading', { level: 2, name: `${monthName} ${year}` })).toBeVisible();
		expect(new URL(page.url()).searchParams.get('mois')).toBe(month);
		// In the month's grid, the moved date now reads as published, the cancelled one as cancelled.
		const cell = (href: string) => page.locator(`a.perm[href="${href}"]`);
		await expect(cell(`/coordination/calendrier/${encodeURIComponent(id)}`)).toContainText('Publiée');
		await expect(cell(other ?? '')).toContainText('Annulée (publiée)');

		// The public page shows both changes, the old dates struck through, with their reasons.
		await publicPage.reload();
		const notices = publicPage.getByRole('note').filter({ hasText: 'Changements de dates' });
		await expect(notices).toContainText('Salle indisponible (élections)');
		await expect(notices).toContainText('déplacée au');
		await expect(notices).toContainText('Véhicule en réparation');
		await expect(notices.locator('del')).toHaveCount(2);
		const feed = await (await publicPage.request.get('/communes/82097/calendrier.ics')).text();
		expect(feed).toContain('STATUS:CANCELLED');
		expect(feed).toContain(`DTSTART:${(moved?.date ?? '').replaceAll('-', '')}`);
		expect(cancelledDate).not.toBe('');
	});
});

test('un conseiller voit les prochaines permanences de sa tournée', async ({ page }) => {
	await login(page, ACCOUNTS.adviser3, '/aujourdhui');
	const permanences = page
		.getByTestId('agenda')
		.getByRole('listitem')
		.filter({ hasText: /Permanence/ });
	await expect(permanences.first()).toBeVisible({ timeout: 15_000 });
	expect(await permanences.count()).toBeGreaterThan(0);
});

test('la carte des tournées fonctionne hors ligne après une première visite', async ({ page, context }) => {
	await login(page, ACCOUNTS.coordinator, '/coordination');
	await page.goto('/coordination/carte');
	// One marker per site (white outline), over the 195 commune outlines of the base map.
	const markers = page.locator('path.leaflet-interactive[stroke="#fff"]');
	await expect(markers).toHaveCount(27, { timeout: 15_000 });
	expect(await page.locator('.leaflet-overlay-pane path').count()).toBeGreaterThanOrEqual(195 + 27);
	await expect(page.getByRole('heading', { name: /Tournée 1/ })).toBeVisible();
	// The outlines come from the app (cached by the service worker), not from a tile server.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.reload();
	await expect(markers).toHaveCount(27, { timeout: 15_000 });
	await context.setOffline(true);
	const outlines = await page.evaluate(async () => {
		const res = await fetch('/geo/communes-82-tarn-et-garonne.geojson');
		return ((await res.json()) as { features: unknown[] }).features.length;
	});
	expect(outlines).toBe(195);
	await context.setOffline(false);
});

test('l’affiche A4 de la commune donne les dates, les contacts et un code QR', async ({ page }) => {
	const response = await page.goto('/communes/82097/affiche');
	expect(response?.status()).toBe(200);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lavit');
	expect(await page.locator('.dates li').count()).toBeGreaterThan(0);
	await expect(page.getByRole('img', { name: /Code QR vers .*\/communes\/82097/ })).toBeVisible();
	await expect(page.getByText('Vous ne pouvez pas vous déplacer ?')).toBeVisible();
	// Only what the sources say: visits for the least mobile; nothing about appointments.
	await expect(page.getByText(/réservées au public le moins mobile \(âge, handicap…\)/)).toBeVisible();
	await expect(page.getByText(/rendez-vous/)).toHaveCount(0);
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.site-header')).toBeHidden();
	expect((await page.goto('/communes/82001/affiche'))?.status()).toBe(404);
});
