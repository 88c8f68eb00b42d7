import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import type { EntityRowOf } from '$lib/contracts/synced';
import { Orientation, PLACES_STEP } from './orientation.svelte';

const commune = (insee: string, name: string, postcode: string, lat: number, lon: number) => ({
	insee,
	name,
	postcodes: [postcode],
	population: 1000,
	lat,
	lon,
	mdsId: null
});

const place = (
	id: string,
	kind: 'mediation' | 'social',
	lat: number,
	active = true
): EntityRowOf<'mediationPlaces'> => ({
	id,
	kind,
	name: `Lieu ${id}`,
	address: '1 rue Haute',
	addressDetail: null,
	postcode: '82000',
	communeName: 'Montauban',
	communeInsee: '82121',
	lat,
	lon: 1.35,
	approximatePosition: false,
	openingHours: null,
	openingHoursText: null,
	phone: null,
	emails: [],
	websites: [],
	appointmentUrl: null,
	services: [],
	typologies: [],
	publics: [],
	accessModes: [],
	fees: [],
	summary: null,
	source: null,
	updatedOn: '2027-01-01',
	active
});

async function opened(opening: string | null, places: EntityRowOf<'mediationPlaces'>[]) {
	const found = testDevice();
	await seed(found.device, {
		communes: [
			commune('82121', 'Montauban', '82000', 44.02, 1.35),
			commune('82033', 'Castelsarrasin', '82100', 44.04, 1.11)
		],
		mediationPlaces: places
	});
	const app = new Orientation(opening);
	const subscriptions = app.ready(found);
	await settled(() => app.communes.length === 2 && app.loaded);
	return { app, close: () => closeAll(subscriptions) };
}

describe('Orientation', () => {
	it('opens on the commune of the address, with its name typed and the nearest active places first', async () => {
		const places = Array.from({ length: 10 }, (_, i) => place(`m${i}`, 'mediation', 44.02 + i * 0.01));
		places.push(place('s0', 'social', 44.025), place('gone', 'mediation', 44.02, false));
		const { app, close } = await opened('82121', places);
		expect(app.query).toBe('Montauban');
		expect(app.matches).toEqual([]);
		expect(app.active).toHaveLength(11);
		expect(app.nearest).toHaveLength(PLACES_STEP);
		expect(app.nearest.map((n) => n.place.id).slice(0, 3)).toEqual(['m0', 's0', 'm1']);
		expect(app.countOf('social')).toBe(1);
		app.kind = 'social';
		expect(app.nearest.map((n) => n.place.id)).toEqual(['s0']);
		app.kind = 'all';
		app.showMore();
		expect(app.nearest).toHaveLength(11);
		close();
	});

	it('finds a commune by postcode and starts again from the first places once chosen', async () => {
		const { app, close } = await opened(null, [place('m0', 'mediation', 44.02)]);
		expect(app.selected).toBeNull();
		app.query = '82100';
		expect(app.matches.map((c) => c.name)).toEqual(['Castelsarrasin']);
		app.showMore();
		app.choose(app.matches[0]!);
		expect(app.selected?.insee).toBe('82033');
		expect(app.matches).toEqual([]);
		expect(app.shown).toBe(PLACES_STEP);
		close();
	});

	it('says when the directory has not reached the device yet', async () => {
		const { app, close } = await opened('82121', []);
		expect(app.loaded).toBe(true);
		expect(app.places).toEqual([]);
		close();
	});
});
