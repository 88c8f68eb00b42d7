import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import { communeRow, relayRow } from '$lib/contracts/synced.fixtures';
import { RelayRequest } from './relay-request.svelte';

function filled(fields: Record<string, string | string[]> = {}): FormData {
	const form = new FormData();
	const all: Record<string, string | string[]> = {
		personName: 'Marcelle Dupuy',
		personPhone: '05 63 00 00 00',
		communeInsee: '82050',
		street: '12 chemin de la Garenne',
		subject: 'Dossier de retraite',
		reasons: 'age',
		weekdays: ['1', '2'],
		periods: 'morning',
		consent: 'yes',
		...fields
	};
	for (const [name, value] of Object.entries(all))
		for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
	return form;
}

describe('RelayRequest', () => {
	it('lists communes and operators, the relay’s own commune chosen first, and records a request', async () => {
		const found = testDevice({ role: 'relay', tourId: null, relayOrganisationId: 'dunes' });
		await seed(found.device, {
			communes: [
				communeRow('82050', 'Dunes', { postcodes: ['82340'], population: 1100, lat: 44.08, lon: 0.77 }),
				communeRow('82004', 'Auvillar', { postcodes: ['82340'], lat: 44.07, lon: 0.9 })
			],
			operators: [
				{ id: 'msa', name: 'MSA', shortName: 'MSA', description: '', sortOrder: 2 },
				{ id: 'caf', name: 'CAF', shortName: 'CAF', description: '', sortOrder: 1 }
			],
			relayOrganisations: [relayRow()]
		});
		const app = new RelayRequest(() => '0f8fad5b-d9cb-469f-a165-70867728950e');
		const subscriptions = app.ready(found);
		await settled(
			() => app.communes.length === 2 && app.operators.length === 2 && 'communeInsee' in app.values
		);
		expect(app.communes.map((c) => c.name)).toEqual(['Auvillar', 'Dunes']);
		expect(app.operators.map((o) => o.id)).toEqual(['caf', 'msa']);
		expect(app.values.communeInsee).toBe('82050');

		expect(await app.submit(filled({ consent: [] }))).toBe(false);
		expect(app.result?.errors.consent).toMatch(/accord/);
		expect(app.values.personName).toBe('Marcelle Dupuy');
		expect(await found.device.store.outbox()).toHaveLength(0);

		expect(await app.submit(filled()), JSON.stringify(app.result)).toBe(true);
		const [sent] = await found.device.store.outbox();
		expect(sent).toMatchObject({
			name: 'requestHomeVisit@1',
			args: { requestId: '0f8fad5b-d9cb-469f-a165-70867728950e', request: { communeInsee: '82050' } }
		});
		closeAll(subscriptions);
	});
});
