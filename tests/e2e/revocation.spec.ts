import type { Page } from '@playwright/test';
import { ACCOUNTS, expect, login, newContext, test } from './helpers';

/** Everything the page's origin keeps in IndexedDB, as text: every database, every store, every row. */
async function indexedDbText(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const out: unknown[] = [];
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(info.name as string);
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const rows = await new Promise<unknown[]>((resolve, reject) => {
					const req = db.transaction(store, 'readonly').objectStore(store).getAll();
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
				out.push({ db: info.name, store, rows });
			}
			db.close();
		}
		return JSON.stringify(out);
	});
}

/** A home visit in Montech (tour 1), accepted by the coordination: tour 1's devices hold it. */
async function acceptedVisitInMontech(coordPage: Page, origin: string, person: string): Promise<void> {
	const created = await coordPage.request.post('/api/home-visits', {
		headers: { origin },
		data: {
			personName: person,
			personPhone: '05 63 77 88 99',
			communeInsee: '82125',
			street: '9 impasse des Peupliers',
			accessNotes: 'Code portail 4711',
			reasons: ['age'],
			operatorId: null,
			subject: 'Déclaration de revenus',
			availability: { weekdays: [1, 2, 3, 4, 5], periods: ['morning'], from: null, to: null, note: '' },
			consent: true
		}
	});
	expect(created.status(), await created.text()).toBe(201);
	const visit = ((await created.json()) as { homeVisit: { id: string; tourId: string } }).homeVisit;
	expect(visit.tourId).toBe('tournee-1');
	const accepted = await coordPage.request.post(`/api/home-visits/${visit.id}/transitions`, {
		headers: { origin },
		data: { to: 'accepted' }
	});
	expect(accepted.status()).toBe(200);
}

/** What the service worker's caches hold: `cache path` per entry. */
async function cachedPaths(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) out.push(`${name} ${new URL(request.url).pathname}`);
		}
		return out;
	});
}

/**
 * A lost phone: the coordination closes the adviser's sessions; the device, back on the network,
 * is told so by its next sync and forgets the personal data it held, keeping the calendar.
 */
test.describe('appareil perdu', () => {
	test.describe.configure({ timeout: 90_000 });

	test('après « Déconnecter ses appareils », l’appareil efface les données personnelles qu’il détient', async ({
		page,
		browser,
		baseURL
	}) => {
		const origin = baseURL ?? 'http://localhost:4173';
		const person = `Gaston Perdu ${Date.now()}`;

		// Montech is served by tour 1: adviser 2 holds its visits to plan.
		await login(page, ACCOUNTS.adviser2, '/aujourdhui');
		const coordination = await newContext(browser);
		const coordPage = await coordination.newPage();
		await login(coordPage, ACCOUNTS.coordinator, '/coordination');
		await acceptedVisitInMontech(coordPage, origin, person);

		// The adviser's device syncs and holds the visit, the person's name and door code included.
		const syncNow = page.getByRole('button', { name: 'Synchroniser' });
		await expect(async () => {
			await syncNow.click();
			expect(await indexedDbText(page)).toContain(person);
		}).toPass({ timeout: 20_000 });
		expect(await indexedDbText(page)).toContain('Code portail 4711');

		// The phone is lost: the coordination closes the adviser's sessions from the team page.
		await coordPage.goto('/coordination/equipe');
		const card = coordPage.getByRole('listitem').filter({ hasText: 'conseiller2@demo.tournees.fr' });
		await card.getByRole('button', { name: /Déconnecter ses appareils/ }).click();
		await expect(coordPage.getByRole('status').or(coordPage.locator('.notice.success'))).toContainText(
			/effacera ses données personnelles/
		);
		await coordination.close();

		// Back on the network, the device's next sync is told, and the personal data go.
		await page.reload();
		await expect(async () => {
			if (await syncNow.isEnabled()) await syncNow.click();
			const text = await indexedDbText(page);
			expect(text).not.toContain(person);
			expect(text).not.toContain('Code portail 4711');
			expect(text).not.toContain('05 63 77 88 99');
		}).toPass({ timeout: 20_000 });
		await expect(page.getByText(/Session fermée par la coordination/)).toBeVisible();
		// The calendar and the referential stay: the tour's sites are still on the device.
		expect(await indexedDbText(page)).toContain('mairie-montech');
	});
});

test.describe('se déconnecter', () => {
	test.describe.configure({ timeout: 90_000 });

	test('envoie les modifications, puis efface la base de l’appareil et les données de session en cache', async ({
		page,
		browser,
		baseURL
	}) => {
		const origin = baseURL ?? 'http://localhost:4173';
		const person = `Lucienne Départ ${Date.now()}`;
		await login(page, ACCOUNTS.adviser2, '/aujourdhui');
		const coordination = await newContext(browser);
		const coordPage = await coordination.newPage();
		await login(coordPage, ACCOUNTS.coordinator, '/coordination');
		await acceptedVisitInMontech(coordPage, origin, person);
		await coordination.close();

		const syncNow = page.getByRole('button', { name: 'Synchroniser' });
		await expect(async () => {
			await syncNow.click();
			expect(await indexedDbText(page)).toContain(person);
		}).toPass({ timeout: 20_000 });
		const me = (await (await page.request.get('/api/me')).json()) as { user: { id: string } };
		await page.goto('/compte');
		await expect(async () => {
			expect(await cachedPaths(page)).toContain('pages /aujourdhui/__data.json');
		}).toPass({ timeout: 20_000 });

		await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
		await page.waitForURL((url) => url.pathname === '/connexion');
		const text = await indexedDbText(page);
		expect(text).not.toContain(person);
		expect(text).not.toContain('Code portail 4711');
		const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
		expect(databases).not.toContain(`tfs-${me.user.id}`);
		expect((await cachedPaths(page)).filter((p) => p.endsWith('/__data.json'))).toEqual([]);
	});
});
