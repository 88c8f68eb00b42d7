import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request, type Page } from '@playwright/test';
import { testToday } from './clock';
import { ACCOUNTS, DEMO_PASSWORD, expect, expectNoAxeViolations, login, test } from './helpers';

/**
 * Issue 6, item 5: the coordinator's indicators count the records the advisers synced; a filter
 * changes them; each chart has its data table; the CSV holds the records; no axe violation.
 */
/** An adviser (tour 3) whose day no other spec reads: the records made here stay out of their way. */
const ADVISER = 'conseiller6@demo.tournees.fr';

async function figure(page: Page, id: string): Promise<number> {
	const text = await page.getByTestId(`chiffre-${id}`).locator('dd').innerText();
	return Number(text.replace(/\s/g, ''));
}

test('la coordination suit les indicateurs des fiches synchronisées', async ({ page, baseURL }) => {
	// Two axe runs over a page of many tables: slow on a busy machine.
	test.setTimeout(90_000);
	const today = testToday();
	const month = today.slice(0, 7);
	await login(page, ACCOUNTS.coordinator, '/coordination');
	await page
		.getByRole('navigation', { name: 'Navigation principale' })
		.getByRole('link', { name: 'Données' })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: "Indicateurs d'activité" })).toBeVisible();
	// The key figures come first, the period and scope to change them after.
	const top = async (name: string) =>
		(await page.getByRole('heading', { level: 2, name, exact: true }).boundingBox())?.y ?? Number.NaN;
	expect(await top('Chiffres clés')).toBeLessThan(await top('Période et périmètre'));

	// This month, one adviser: the figures before.
	const adviserId = await page
		.getByRole('combobox', { name: 'Conseiller' })
		.locator('option', { hasText: 'Thomas Vidal' })
		.getAttribute('value');
	expect(adviserId).toBeTruthy();
	const filtered = `/coordination/indicateurs?du=${month}&au=${month}&conseiller=${adviserId}`;
	await page.goto(filtered);
	const before = { records: await figure(page, 'records'), people: await figure(page, 'people') };

	// The adviser's device sends three records, one of them a workshop of 5 (and one twice).
	// Signed in through the form, as a device would be, without opening the app.
	const phone = await request.newContext({ baseURL });
	const signedIn = await phone.post('/connexion', {
		headers: { origin: baseURL ?? '', accept: 'text/html' },
		form: { email: ADVISER, password: DEMO_PASSWORD },
		maxRedirects: 0
	});
	expect(signedIn.status()).toBe(303);
	const ids = [randomUUID(), randomUUID(), randomUUID()];
	const record = (fields: Record<string, unknown>) => ({
		date: today,
		place: 'phone',
		permanenceId: null,
		homeVisitId: null,
		format: 'individual',
		workshop: null,
		person: { ageBracket: null, communeInsee: null, status: null },
		adminThemes: ['housing'],
		digitalThemes: [],
		operator: 'caf',
		level: 1,
		autonomy: null,
		equipment: [],
		aidantsConnect: null,
		orientations: [],
		durationMinutes: 30,
		outcome: 'resolved',
		note: '',
		...fields
	});
	const args = [
		{ recordId: ids[0], record: record({}) },
		{ recordId: ids[1], record: record({ level: 2 }) },
		{
			recordId: ids[2],
			record: record({
				place: 'other',
				format: 'collective',
				workshop: { title: 'Atelier courriels', level: 'beginner', participants: 5 },
				adminThemes: [],
				digitalThemes: ['email'],
				operator: null
			})
		},
		{ recordId: ids[0], record: record({}) }
	];
	const pushed = await phone.post('/api/sync/push', {
		headers: { origin: baseURL ?? '' },
		data: {
			clientId: `e2e-indicateurs-${randomUUID()}`,
			schemaVersion: 1,
			mutations: args.map((a, i) => ({ id: i + 1, name: 'recordActivity@1', args: a }))
		}
	});
	expect(pushed.status()).toBe(200);
	await phone.dispose();

	await page.reload();
	await expect(page.getByTestId('chiffre-records').locator('dd')).toHaveText(String(before.records + 3));
	expect(await figure(page, 'people')).toBe(before.people + 2 + 5);

	// Each chart has its data table.
	const chart = page.getByTestId('graphique-organismes');
	await chart.getByText('Tableau des données').click();
	const table = chart.getByRole('table');
	await expect(table).toBeVisible();
	await expect(table.getByRole('row', { name: /CAF/ })).toBeVisible();
	await expect(page.getByRole('table')).not.toHaveCount(0);
	expect(await page.locator('figure.chart').count()).toBe(
		await page.locator('figure.chart details table').count()
	);

	// The CSV of the filters: one row per record, the new ones among them.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: /une ligne par fiche/ }).click()
	]);
	const csv = readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, '');
	const lines = csv.split('\r\n').filter(Boolean);
	expect(lines[0]).toMatch(/^identifiant;date;mois;tournee;conseiller;/);
	expect(lines).toHaveLength(1 + before.records + 3);
	for (const id of ids) expect(lines.filter((l) => l.startsWith(`${id};`))).toHaveLength(1);

	await expectNoAxeViolations(page);

	// Another tour for the same adviser: nothing.
	await page.getByRole('combobox', { name: 'Tournée' }).selectOption({ label: 'Tournée 2 — Deux-Rives' });
	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(page).toHaveURL(/tournee=tournee-2/);
	await expect(page.getByTestId('periode')).toContainText('tournée 2');
	await expect(page.getByTestId('chiffre-records').locator('dd')).toHaveText('0');
	await expectNoAxeViolations(page);

	// A bad filter is refused in French.
	const bad = await page.goto('/coordination/indicateurs?du=2026-13');
	expect(bad?.status()).toBe(400);
	await expect(page.getByText(/mois de début/)).toBeVisible();
});
