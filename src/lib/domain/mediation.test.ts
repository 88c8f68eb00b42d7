import { describe, expect, it } from 'vitest';
import {
	formatDistance,
	formatPhone,
	kindOfTypologies,
	matchingCommunes,
	nearestPlaces,
	type MediationPlace
} from './mediation';

const MONTAUBAN = { lat: 44.0176, lon: 1.355 };
const place = (name: string, lat: number, lon: number, active = true) => ({ name, lat, lon, active });

describe('nearestPlaces', () => {
	const places = [
		place('Médiathèque de Castelsarrasin', 44.0398, 1.107),
		place('Mémo Montauban', 44.0166, 1.3536),
		place('Centre social de Moissac', 44.1049, 1.0853),
		place('MDS Valence', 44.1108, 0.8901),
		place('Retiré', 44.0176, 1.355, false)
	];

	it('sorts by distance, never proposes a withdrawn place, and keeps to the limit', () => {
		const found = nearestPlaces(places, MONTAUBAN, 3);
		expect(found.map((f) => f.place.name)).toEqual([
			'Mémo Montauban',
			'Médiathèque de Castelsarrasin',
			'Centre social de Moissac'
		]);
		expect(found[0]?.km).toBeLessThan(1);
		expect(found[1]?.km).toBeGreaterThan(19);
		expect(found[1]?.km).toBeLessThan(21);
		expect(nearestPlaces(places, MONTAUBAN, 0)).toEqual([]);
		expect(nearestPlaces(places, MONTAUBAN, 99)).toHaveLength(4);
	});

	it('breaks ties by name, in French order', () => {
		const here = [place('Élan', 44, 1), place('Abri', 44, 1), place('eau', 44, 1)];
		expect(nearestPlaces(here, { lat: 44, lon: 1 }, 3).map((f) => f.place.name)).toEqual([
			'Abri',
			'eau',
			'Élan'
		]);
	});

	it('refuses a starting point that is not one', () => {
		expect(() => nearestPlaces(places, { lat: Number.NaN, lon: 1 }, 3)).toThrow(/Point de départ invalide/);
	});

	it('takes the wire rows the devices hold', () => {
		const row: MediationPlace = {
			id: 'x',
			kind: 'mediation',
			name: 'Lieu',
			address: '1 rue',
			addressDetail: null,
			postcode: '82000',
			communeName: 'Montauban',
			communeInsee: '82121',
			lat: 44,
			lon: 1.3,
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
			updatedOn: '2026-01-01',
			active: true
		};
		expect(nearestPlaces([row], MONTAUBAN, 1)[0]?.place).toBe(row);
	});
});

describe('directory helpers', () => {
	it('tells social structures from digital-mediation places by typology', () => {
		expect(kindOfTypologies(['MDS'])).toBe('social');
		expect(kindOfTypologies(['BIB', 'CCAS'])).toBe('social');
		expect(kindOfTypologies(['BIB'])).toBe('mediation');
		expect(kindOfTypologies([])).toBe('mediation');
	});

	it('says distances as an adviser does', () => {
		expect(formatDistance(0.03)).toBe('à moins de 100 m');
		expect(formatDistance(0.42)).toBe('à 400 m');
		expect(formatDistance(0.99)).toBe('à 1,0 km');
		expect(formatDistance(4.24)).toBe('à 4,2 km');
		expect(formatDistance(37.4)).toBe('à 37 km');
	});

	it('writes phone numbers as people read them', () => {
		const plain = (s: string) => formatPhone(s).replaceAll('\u00a0', ' ');
		expect(plain('+33536490001')).toBe('05 36 49 00 01');
		expect(plain('05.63.91.00.00')).toBe('05 63 91 00 00');
		expect(plain('+590590123456')).toBe('+590590123456');
	});

	it('finds communes by name, postcode or INSEE code', () => {
		const communes = [
			{ insee: '82097', name: 'Lavit', postcodes: ['82120'] },
			{ insee: '82195', name: 'La Ville-Dieu-du-Temple', postcodes: ['82290'] },
			{ insee: '82121', name: 'Montauban', postcodes: ['82000'] }
		];
		expect(matchingCommunes(communes, 'ville dieu').map((c) => c.insee)).toEqual(['82195']);
		expect(matchingCommunes(communes, '820').map((c) => c.insee)).toEqual(['82121']);
		expect(matchingCommunes(communes, '82097').map((c) => c.insee)).toEqual(['82097']);
		expect(matchingCommunes(communes, '')).toEqual([]);
		expect(matchingCommunes(communes, 'a', 2)).toHaveLength(2);
	});
});
