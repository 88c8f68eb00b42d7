import { type Locator } from '@playwright/test';
import { parisInstant } from '../clock';
import { testToday } from './clock';
import {
	ACCOUNTS,
	autoUnlock,
	expect,
	expectNoAxeViolations,
	login,
	moveAccepted,
	movePermanence,
	newContext,
	test
} from './helpers';

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
		const bar = page.getByTestId('sync-bar');
		await expect(bar).toContainText('Hors ligne');
		// One status line (and a folded « Détails »), not a block above every page.
		expect((await bar.boundingBox())?.height ?? 0).toBeLessThan(100);
		await expect(bar.getByText(/Stockage/)).toBeHidden();
		// « Synchroniser » with no network says why nothing happens.
		await page.getByRole('button', { name: 'Synchroniser' }).click();
		await expect(bar).toContainText('Pas de réseau : rien n’est perdu');
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
		// Seen where the person is: the first field in error scrolls into view and takes the focus,
		// its group named by its legend and described by the error.
		const firstTheme = page.getByRole('group', { name: 'Thème de la demande' }).getByRole('checkbox').first();
		await expect(firstTheme).toBeFocused();
		await expect(firstTheme).toBeInViewport();
		await expect(page.getByRole('group', { name: 'Thème de la demande' })).toHaveAccessibleDescription(
			/Choisissez au moins un thème/
		);
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
		// (A record not corrected yet: the same adviser's other device may have synced a corrected one.)
		const records = page.getByTestId('todays-records');
		await records
			.getByRole('button', { name: /^Corriger la fiche : Argent – impôts ·/ })
			.first()
			.click();
		await expect(page.getByRole('heading', { name: 'Corriger la fiche' })).toBeFocused();
		const themes = page.getByRole('group', { name: 'Thème de la demande' });
		await expect(themes.getByLabel('Argent – impôts')).toBeChecked();
		await themes.getByLabel('Logement').check();
		// An Aidants Connect mandate: its domains are Aidants Connect's ten, its duration one of four.
		await page.getByText('Plus de détails (autonomie, personne, équipement, orientations…)').click();
		const mandate = page.getByRole('group', { name: /Mandat Aidants Connect/ });
		await expect(mandate.getByRole('checkbox')).toHaveCount(10);
		await expect(mandate.getByRole('radio')).toHaveCount(4);
		for (const name of ['1 jour', '1 mois', '6 mois', '12 mois'])
			await expect(mandate.getByRole('radio', { name, exact: true })).toBeVisible();
		await mandate.getByLabel('Logement').check();
		await page.getByRole('button', { name: 'Enregistrer la correction' }).click();
		await expect(page.getByRole('alert')).toContainText('Choisissez la durée du mandat.');
		await expect(mandate.getByRole('checkbox').first()).toBeFocused();
		await mandate.getByLabel('6 mois').check();
		await page.getByRole('button', { name: 'Enregistrer la correction' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Fiche corrigée' })).toBeVisible();
		await expect(records).toContainText('Logement, Argent – impôts');
		await expect(page.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });
		const again = await page.request.post('/api/sync/pull', {
			headers: { origin: new URL(page.url()).origin },
			data: { clientId: `e2e-activity-${Date.now()}-b`, schemaVersion: 1, cursor: null }
		});
		const after = (await again.json()) as {
			changes: {
				activityRecords?: {
					adminThemes: string[];
					aidantsConnect: { scope: string[]; duration?: string; until: string } | null;
				}[];
			};
		};
		const corrected = after.changes.activityRecords?.find(
			(r) => r.adminThemes.join() === 'housing,moneyTaxes'
		);
		expect(corrected?.aidantsConnect).toMatchObject({ scope: ['housing'], duration: 'sixMonths' });
	});
});

/**
 * Issue 17, item 2: the record's place follows the clock. On a day of tour 3 with a morning and an
 * afternoon permanence, the record opened at 10:00 proposes the morning's, at 15:10 the afternoon's.
 * Adviser 6 (tour 3) only reads here; the day is made if the plan has none.
 */
test('le lieu de la fiche suit l’heure : la permanence du matin à 10 h, celle de l’après-midi à 15 h 10', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	const origin = baseURL ?? 'http://localhost:4173';
	type Row = { id: string; date: string; period: string; status: string; tourId: string; siteId: string };
	const office = await newContext(browser);
	const desk = await office.newPage();
	await login(desk, ACCOUNTS.coordinator, '/coordination');
	const pull = async () =>
		(
			(await (
				await desk.request.post('/api/sync/pull', {
					headers: { origin },
					data: { clientId: 'e2e-fiche-heure', schemaVersion: 1, cursor: null }
				})
			).json()) as { changes: { permanences?: Row[]; sites?: { id: string; name: string }[] } }
		).changes;
	const today = testToday();
	let changes = await pull();
	const tour3 = () =>
		(changes.permanences ?? []).filter(
			(p) => p.tourId === 'tournee-3' && p.status === 'planned' && p.date > today
		);
	const bothHalves = () =>
		[...new Set(tour3().map((p) => p.date))]
			.sort()
			.find((date) => tour3().filter((p) => p.date === date).length === 2);
	if (!bothHalves()) {
		// None in the plan: move a later permanence to the other half of a day that has one.
		const single = [...new Set(tour3().map((p) => p.date))].sort();
		search: for (const date of single) {
			const there = tour3().find((p) => p.date === date);
			const period = there?.period === 'morning' ? 'afternoon' : 'morning';
			for (const p of tour3().filter((q) => q.date > date)) {
				if (!(await moveAccepted(desk.request, p.id, date, period))) continue;
				await movePermanence(desk.request, origin, p, { date, period }, 'Test du lieu par l’heure');
				break search;
			}
		}
		changes = await pull();
	}
	const day = bothHalves();
	expect(day, 'a day of tour 3 with a morning and an afternoon permanence').toBeTruthy();
	const siteName = (period: string) => {
		const p = tour3().find((q) => q.date === day && q.period === period);
		return changes.sites?.find((s) => s.id === p?.siteId)?.name ?? '';
	};
	await office.close();

	// The adviser's device, on that day: the clock at 10:00, then at 15:10.
	const context = await browser.newContext();
	await context.clock.install({ time: parisInstant(day ?? '', '10:00') });
	const page = await context.newPage();
	await autoUnlock(page);
	await login(page, 'conseiller6@demo.tournees.fr', '/aujourdhui');
	await page.goto('/aujourdhui/fiche');
	const place = page.getByRole('group', { name: 'Où' });
	await expect(place.getByRole('radio', { checked: true })).toHaveAccessibleName(
		`Permanence : ${siteName('morning')}, matin`,
		{ timeout: 15_000 }
	);
	await page.clock.setSystemTime(parisInstant(day ?? '', '15:10'));
	await page.reload();
	await expect(place.getByRole('radio', { checked: true })).toHaveAccessibleName(
		`Permanence : ${siteName('afternoon')}, après-midi`,
		{ timeout: 15_000 }
	);
	// From the agenda, a tap on the morning's permanence opens the record for it, whatever the time.
	await page.goto('/aujourdhui');
	await page
		.getByTestId('agenda')
		.getByRole('listitem')
		.filter({ hasText: 'Permanence' })
		.first()
		.getByRole('link', { name: 'Fiche pour cette permanence' })
		.click();
	await expect(place.getByRole('radio', { checked: true })).toHaveAccessibleName(
		`Permanence : ${siteName('morning')}, matin`,
		{ timeout: 15_000 }
	);
	await context.close();
});
