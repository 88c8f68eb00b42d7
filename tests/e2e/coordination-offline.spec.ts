import { type Browser, type Page } from '@playwright/test';
import { testToday } from './clock';
import { ACCOUNTS, expect, expectNoAxeViolations, login, moveAccepted, newContext, test } from './helpers';

/**
 * Issue 4: the coordinator's calendar edits are sync mutations. On the device's calendar
 * (/coordination/hors-ligne), offline, the coordinator moves or cancels a permanence; the change
 * reaches the server when the network returns; an edit overtaken by another one comes back
 * under "À revoir" with the server's reason.
 */
/** The next 25 December after the test clock's today: a public holiday still to come. */
function nextChristmas(): string {
	const today = testToday();
	const year = Number(today.slice(0, 4));
	return today < `${year}-12-25` ? `${year}-12-25` : `${year + 1}-12-25`;
}

test.describe('calendrier de la coordination hors ligne', () => {
	test.skip(
		({ isMobile }) => isMobile,
		'device-level behaviour (network, storage): one desktop run covers it'
	);
	// Each test edits the shared demo calendar: one after the other.
	test.describe.configure({ mode: 'serial', timeout: 60_000 });

	/** Signs in, opens the device calendar and waits for the sync and the service worker. */
	async function openOffline(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
		const context = await newContext(browser);
		const page = await context.newPage();
		await login(page, ACCOUNTS.coordinator, '/coordination');
		await page.goto('/coordination/hors-ligne');
		await expect(page.getByRole('heading', { level: 1, name: 'Calendrier sur cet appareil' })).toBeVisible();
		await expect(page.locator('[data-testid^="permanence-"]').first()).toBeVisible({ timeout: 15_000 });
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await page.reload();
		await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
		await context.setOffline(true);
		await page.reload();
		await expect(page.locator('[data-testid^="permanence-"]').first()).toBeVisible({ timeout: 15_000 });
		await expect(page.getByTestId('sync-bar')).toContainText('Hors ligne');
		return { page, close: () => context.close() };
	}

	/** A permanence of next month on the device, and a half-day the server accepts for it. */
	async function movableOnServer(page: Page): Promise<{ id: string; date: string; period: string }> {
		const rows = await page.locator('[data-testid^="permanence-"]').evaluateAll((nodes) =>
			nodes.map((n) => ({
				id: n.getAttribute('data-testid')?.slice('permanence-'.length) ?? '',
				place: n.getAttribute('data-place') ?? ''
			}))
		);
		// Mairie de Lavit's dates belong to the planning test, which counts its notices.
		for (const { id, place } of rows.slice(3).filter((r) => !r.id.startsWith('mairie-lavit:'))) {
			const month = id.split(':')[1] ?? '';
			for (let day = 1; day <= 28; day++) {
				const date = `${month}-${String(day).padStart(2, '0')}`;
				for (const period of ['morning', 'afternoon']) {
					if (`${date}|${period}` === place) continue;
					if (await moveAccepted(page.request, id, date, period)) return { id, date, period };
				}
			}
		}
		throw new Error('no permanence that may move');
	}

	test('déplacer une permanence sans réseau : le changement part au serveur au retour du réseau', async ({
		browser
	}) => {
		const { page, close } = await openOffline(browser);
		const context = page.context();
		await context.setOffline(false);
		const target = await movableOnServer(page);
		await context.setOffline(true);

		const month = target.id.split(':')[1] ?? '';
		await page.getByLabel('Mois').selectOption(month);
		const item = page.getByTestId(`permanence-${target.id}`);
		await item.getByRole('button', { name: /^Modifier/ }).click();
		// The device checks what it can: a public holiday is refused at once, with the reason.
		await item.getByLabel('Nouvelle date').fill(nextChristmas());
		await expect(item.getByTestId('move-issues')).toContainText(/férié|Noël/);
		await expect(item.getByRole('button', { name: 'Déplacer' })).toBeDisabled();
		await expectNoAxeViolations(page);

		await item.getByLabel('Nouvelle date').fill(target.date);
		await item.getByLabel('Demi-journée').selectOption(target.period);
		await item.getByLabel(/^Raison/).fill('Salle des fêtes indisponible');
		await expect(item.getByTestId('move-issues')).toHaveCount(0);
		await item.getByRole('button', { name: 'Déplacer' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'déplacée' })).toBeVisible();
		await expect(page.getByTestId('pending')).toHaveText('1');

		// The network returns: sent without a click; the server has the new date.
		await context.setOffline(false);
		await expect(page.getByTestId('pending')).toHaveText('0', { timeout: 20_000 });
		const detail = await (
			await page.request.get(`/coordination/calendrier/${encodeURIComponent(target.id)}`)
		).text();
		expect(detail).toContain('Salle des fêtes indisponible');
		await close();
	});

	test('une modification dépassée par une autre revient sous « À revoir » avec la raison du serveur', async ({
		browser
	}) => {
		const { page, close } = await openOffline(browser);
		const item = page
			.locator('[data-testid^="permanence-"]:not([data-testid^="permanence-mairie-lavit:"])')
			.filter({ has: page.getByRole('button', { name: /^Modifier/ }) });
		const id = ((await item.nth(2).getAttribute('data-testid')) ?? '').slice('permanence-'.length);
		const place = (await item.nth(2).getAttribute('data-place')) ?? '';
		const row = page.getByTestId(`permanence-${id}`);
		await row.getByRole('button', { name: /^Modifier/ }).click();
		await row.getByLabel(/^Raison/).fill('Véhicule au garage');
		await row.getByRole('button', { name: 'Annuler la permanence' }).click();
		await expect(page.getByTestId('pending')).toHaveText('1');
		await expect(row).toContainText('Annulée');

		// Meanwhile, from the office, the same permanence is moved on the online calendar.
		const office = await newContext(browser);
		const desk = await office.newPage();
		await login(desk, ACCOUNTS.coordinator, '/coordination');
		const check = async (date: string, period: string) =>
			(
				(await (
					await desk.request.get(
						`/api/permanences/${encodeURIComponent(id)}/check?date=${date}&period=${period}`
					)
				).json()) as { issues: unknown[] }
			).issues.length === 0;
		const month = id.split(':')[1] ?? '';
		let moved: { date: string; period: string } | null = null;
		for (let day = 1; day <= 28 && !moved; day++) {
			const date = `${month}-${String(day).padStart(2, '0')}`;
			for (const period of ['morning', 'afternoon'])
				if (!moved && `${date}|${period}` !== place && (await check(date, period))) moved = { date, period };
		}
		if (!moved) throw new Error('no free half-day for the office move');
		await desk.goto(`/coordination/calendrier/${encodeURIComponent(id)}`);
		await desk.getByLabel('Nouvelle date').fill(moved.date);
		await desk.getByLabel('Demi-journée').selectOption(moved.period);
		await desk
			.getByLabel(/^Raison/)
			.first()
			.fill('Réunion en mairie');
		await desk.getByRole('button', { name: 'Déplacer', exact: true }).click();
		await expect(desk.getByText(/Permanence déplacée/)).toBeVisible();
		await office.close();

		// The device comes back online: its cancellation is refused, shown with the reason, not lost.
		await page.context().setOffline(false);
		await expect(page.getByRole('heading', { name: /À revoir \(1\)/ })).toBeVisible({ timeout: 20_000 });
		await expect(page.locator('#a-revoir + ul')).toContainText('Annulation de la permanence');
		await expect(page.locator('#a-revoir + ul')).toContainText(/déplacée entre-temps/);
		// The server's state wins on the device too: the permanence is at its new date, not cancelled.
		await page.getByLabel('Mois').selectOption(moved.date.slice(0, 7));
		await expect(page.getByTestId(`permanence-${id}`)).not.toContainText('Annulée');
		await expect(page.getByTestId(`day-${moved.date}`)).toContainText('Réunion en mairie');
		await page.getByRole('button', { name: "J'ai vu, retirer de la liste" }).click();
		await expect(page.getByRole('heading', { name: /À revoir/ })).toHaveCount(0);
		await close();
	});
});
