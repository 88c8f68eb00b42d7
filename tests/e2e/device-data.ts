import type { Browser, Page } from '@playwright/test';
import { ACCOUNTS, expect, login, newContext } from './helpers';

/*
 * What a device keeps, read as whoever holds it could: every IndexedDB store, Cache Storage entry
 * and localStorage key of the origin (the tests of issue 20 scan them for a person's data).
 */

/** Everything the page's origin keeps in IndexedDB, as text: every database, every store, every row. */
export async function indexedDbText(page: Page): Promise<string> {
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
export async function acceptedVisitInMontech(
	coordPage: Page,
	origin: string,
	person: string
): Promise<string> {
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
			subject: 'Pension de réversion de son mari',
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
	return visit.id;
}

/** What the service worker's caches hold: `cache path` per entry. */
export async function cachedPaths(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) out.push(`${name} ${new URL(request.url).pathname}`);
		}
		return out;
	});
}

/** Every response the service worker's caches hold, as text (`cache path` then the body). */
export async function cachedText(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				const response = await cache.match(request);
				out.push(`${name} ${request.url}\n${response ? await response.text() : ''}`);
			}
		}
		return out.join('\n');
	});
}

/** Every localStorage and sessionStorage entry of the origin, as text. */
export async function webStorageText(page: Page): Promise<string> {
	return page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
}

/**
 * Adviser 2 (tour 1) signed in, with a home visit of `person` in Montech synced to the device and
 * shown in « À planifier ». Returns the visit's id.
 */
export async function adviserHoldingAVisit(page: Page, browser: Browser, origin: string, person: string) {
	await login(page, ACCOUNTS.adviser2, '/aujourdhui');
	const coordination = await newContext(browser);
	const coordPage = await coordination.newPage();
	await login(coordPage, ACCOUNTS.coordinator, '/coordination');
	const visitId = await acceptedVisitInMontech(coordPage, origin, person);
	await coordination.close();
	const syncNow = page.getByRole('button', { name: 'Synchroniser' });
	await expect(async () => {
		await syncNow.click();
		expect(await indexedDbText(page)).toContain(visitId);
	}).toPass({ timeout: 20_000 });
	await expect(page.getByRole('heading', { name: new RegExp(person) })).toBeVisible();
	return visitId;
}
