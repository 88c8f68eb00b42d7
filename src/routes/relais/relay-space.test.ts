import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import { communeRow, homeVisitRequestArgs, relayRow } from '$lib/contracts/synced.fixtures';
import { RelaySpace } from './relay-space.svelte';

const request = (id: string, createdAt: string | null, status: 'requested' | 'scheduled' = 'requested') => ({
	id,
	createdAt,
	communeInsee: '82050',
	subject: `Démarche ${id}`,
	status,
	slotDate: status === 'scheduled' ? '2027-03-18' : null,
	slotPeriod: status === 'scheduled' ? ('morning' as const) : null,
	slotStart: status === 'scheduled' ? '10:00' : null
});

describe('RelaySpace', () => {
	it('shows the relay’s structure and its requests, those not sent yet first, then newest', async () => {
		const found = testDevice({ role: 'relay', tourId: null, relayOrganisationId: 'dunes' });
		await seed(found.device, {
			communes: [
				communeRow('82050', 'Dunes', { postcodes: ['82340'], population: 1100, lat: 44.08, lon: 0.77 })
			],
			relayOrganisations: [relayRow()],
			relayRequests: [
				request('old', '2027-03-01T09:00:00Z'),
				request('unsent', null),
				request('new', '2027-03-10T09:00:00Z', 'scheduled')
			]
		});
		const app = new RelaySpace();
		const subscriptions = app.ready(found);
		await settled(() => app.requests.length === 3 && app.organisation !== null && app.communes.size === 1);
		expect(app.requests.map((r) => r.id)).toEqual(['unsent', 'new', 'old']);
		expect(app.organisation?.name).toBe('Mairie de Dunes');
		expect(app.communeName('82050')).toBe('Dunes');
		expect(app.communeName('99999')).toBe('99999');
		expect(app.statusOf(app.requests[1]!)).toBe('Planifiée');

		// A request entered offline appears at once, on top.
		await found.device.engine.mutate('requestHomeVisit@1', {
			requestId: '0f8fad5b-d9cb-469f-a165-70867728950e',
			request: {
				personName: 'Marcelle Dupuy',
				personPhone: '05 63 00 00 00',
				communeInsee: '82050',
				street: '12 chemin de la Garenne',
				accessNotes: '',
				reasons: ['age'],
				operatorId: null,
				subject: 'Dossier de retraite',
				availability: { weekdays: [1], periods: ['morning'], from: null, to: null, note: '' },
				consent: true
			}
		});
		await settled(() => app.requests.length === 4);
		expect(app.requests[0]).toMatchObject({
			subject: 'Dossier de retraite',
			status: 'requested',
			createdAt: null
		});
		closeAll(subscriptions);
	});

	it('describes a refused request and drops it when the person decides so', async () => {
		const found = testDevice({ role: 'relay', tourId: null, relayOrganisationId: 'dunes' });
		await found.device.store.recordResults([]);
		const app = new RelaySpace();
		const subscriptions = app.ready(found);
		const id = await found.device.engine.mutate('requestHomeVisit@1', homeVisitRequestArgs());
		await found.device.store.recordResults([
			{ id, status: 'rejected', reason: 'Commune hors du département.' }
		]);
		await settled(() => app.reviews.length === 1);
		expect(app.describe(app.reviews[0]!)).toBe('Demande de visite à domicile à 82050 : « Carte grise »');
		// A relay's device keeps no personal data: the refused request is kept without the person's.
		// Opened with the key: what the device keeps, once readable, still has none of the person's data.
		const kept = JSON.stringify(await found.device.store.reviewItems());
		for (const personal of ['Jean Martin', '05 63 00 00 01', '3 rue Basse', 'afternoon', 'age'])
			expect(kept).not.toContain(personal);
		expect(kept).toContain('Commune hors du département.');
		await app.discard(app.reviews[0]!);
		await settled(() => app.reviews.length === 0);
		closeAll(subscriptions);
	});
});
