import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildCommunes } from '../../../../scripts/referential-sources';
import communes from './data/communes-82.json';
import { TARN_ET_GARONNE as data } from './tarn-et-garonne';

describe('Tarn-et-Garonne referential', () => {
	it('has the 195 communes of the département', () => {
		expect(communes).toHaveLength(195);
		expect(new Set(communes.map((c) => c.insee)).size).toBe(195);
		for (const c of communes) {
			// Inside the département's bounding box.
			expect(c.lat).toBeGreaterThan(43.7);
			expect(c.lat).toBeLessThan(44.4);
			expect(c.lon).toBeGreaterThan(0.7);
			expect(c.lon).toBeLessThan(2.0);
		}
	});

	it('is current with its sources (code officiel géographique and IGN outlines)', () => {
		const require = createRequire(import.meta.url);
		const cog = JSON.parse(
			readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8')
		);
		const outlines = JSON.parse(
			readFileSync(
				new URL('../../../../static/geo/communes-82-tarn-et-garonne.geojson', import.meta.url),
				'utf8'
			)
		);
		expect(buildCommunes(cog, outlines, '82')).toEqual(communes);
	});

	it('has 27 sites in 24 communes, of the three kinds', () => {
		expect(data.sites).toHaveLength(27);
		expect(new Set(data.sites.map((s) => s.insee)).size).toBe(24);
		expect(data.sites.filter((s) => s.kind === 'townHall')).toHaveLength(21);
		expect(data.sites.filter((s) => s.kind === 'solidarityHouse')).toHaveLength(5);
		expect(data.sites.filter((s) => s.kind === 'departmentHeadquarters')).toHaveLength(1);
		expect(new Set(data.sites.map((s) => s.id)).size).toBe(27);
	});

	it('gives each site its own name and address, the three MDS of Montauban included', () => {
		expect(new Set(data.sites.map((s) => s.name)).size).toBe(27);
		expect(new Set(data.sites.map((s) => s.address)).size).toBe(27);
		const montauban = data.sites.filter((s) => s.kind === 'solidarityHouse' && s.insee === '82121');
		expect(montauban.map((s) => s.address).sort()).toEqual([
			'Maison départementale des solidarités « Labat », 82000 Montauban',
			'Maison départementale des solidarités « Les Chênes », 82000 Montauban',
			'Maison départementale des solidarités « Marcel Unal », 82000 Montauban'
		]);
		expect(montauban.every((s) => s.addressToConfirm)).toBe(true);
	});

	it('maps the deliberation spellings to official names', () => {
		const byInsee = new Map(communes.map((c) => [c.insee, c.name]));
		const spelled = Object.fromEntries(
			data.sites.filter((s) => s.sourceName).map((s) => [s.sourceName, byInsee.get(s.insee)])
		);
		expect(spelled).toMatchObject({
			'Montaigne-de-Quercy': 'Montaigu-de-Quercy',
			'Lavit-de-Lomagne': 'Lavit',
			"Valence d'Agen": 'Valence'
		});
	});

	it('splits the 27 sites into three tours of nine, each with a vehicle', () => {
		expect(data.tours).toHaveLength(3);
		expect(data.vehicles).toHaveLength(3);
		for (const tour of data.tours) {
			expect(data.sites.filter((s) => s.tour === tour.number)).toHaveLength(9);
			expect(data.vehicles.some((v) => v.id === tour.vehicleId)).toBe(true);
		}
	});

	it('lists the 9 partner operators', () => {
		expect(data.operators.map((o) => o.id)).toEqual([
			'caf',
			'assurance-maladie',
			'dgfip',
			'justice',
			'la-poste',
			'msa',
			'france-travail',
			'interieur',
			'assurance-retraite'
		]);
	});

	it('has the relay organisations: 24 mairies, 5 MDS and the announced France Services', () => {
		const kinds = data.relayOrganisations.map((r) => r.kind);
		expect(kinds.filter((k) => k === 'townHall')).toHaveLength(24);
		expect(kinds.filter((k) => k === 'solidarityHouse')).toHaveLength(5);
		expect(kinds.filter((k) => k === 'franceServices')).toHaveLength(7);
		expect(new Set(data.relayOrganisations.map((r) => r.id)).size).toBe(data.relayOrganisations.length);
	});
});
