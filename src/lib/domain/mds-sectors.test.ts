import { describe, expect, it } from 'vitest';
import { checkSectorTable, sectorMdsFrom } from './mds-sectors';

const communes = new Map([
	['82121', 'Montauban'],
	['82125', 'Montech'],
	['82186', 'Valence']
]);
const mds = [
	{ id: 'mds-montech', name: 'Maison départementale des solidarités Montech' },
	{ id: 'mds-valence', name: "Maison départementale des solidarités Valence d'Agen" }
];

describe('checkSectorTable', () => {
	it('accepts MDS by id or by name, accents, case and hyphens aside', () => {
		const result = checkSectorTable(
			[
				{ line: 2, insee: '82125', mds: 'mds-montech' },
				{ line: 3, insee: ' 82186 ', mds: 'MAISON DEPARTEMENTALE DES SOLIDARITES VALENCE D’AGEN' }
			],
			communes,
			mds
		);
		expect(result).toEqual({
			ok: true,
			sectors: new Map([
				['82125', 'mds-montech'],
				['82186', 'mds-valence']
			])
		});
	});

	it('names every bad line with its reason, and refuses the whole table', () => {
		const result = checkSectorTable(
			[
				{ line: 2, insee: '82125', mds: 'mds-montech' },
				{ line: 3, insee: '8212', mds: 'mds-montech' },
				{ line: 4, insee: '31555', mds: 'mds-montech' },
				{ line: 5, insee: '82125', mds: 'mds-valence' },
				{ line: 6, insee: '82186', mds: 'MDS de Toulouse' },
				{ line: 7, insee: '82121', mds: '' }
			],
			communes,
			mds
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		// Line 7 leaves Montauban in no sector: not an error.
		expect(result.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
		expect(result.problems.map((p) => p.message)).toEqual([
			'code INSEE « 8212 » invalide (5 caractères, ex. 82121).',
			'la commune 31555 n’est pas une commune du département.',
			'Montech (82125) figure déjà ligne 2 : une commune appartient à un seul secteur.',
			'MDS « MDS de Toulouse » inconnue (attendu : l’identifiant ou le nom d’une maison départementale des solidarités).'
		]);
	});

	it('refuses an empty table', () => {
		expect(checkSectorTable([], communes, mds)).toEqual({
			ok: false,
			problems: [{ line: 1, message: 'le fichier ne contient aucune commune.' }]
		});
	});
});

describe('sectorMdsFrom', () => {
	const communes = [
		{ insee: '82121', name: 'Montauban', mdsId: 'mds-montauban-labat' },
		{ insee: '82125', name: 'Montech', mdsId: null },
		{ insee: '82186', name: 'Valence', mdsId: 'mds-fermee' }
	];
	const relays = [
		{
			id: 'mds-montauban-labat',
			name: 'MDS Labat',
			address: '1 rue X, 82000 Montauban',
			phone: '',
			active: true
		},
		{ id: 'mds-fermee', name: 'MDS fermée', address: '—', phone: null, active: false }
	];
	it('names the MDS of the commune’s sector from the device’s rows', () => {
		expect(sectorMdsFrom('82121', communes, relays)).toEqual({
			name: 'MDS Labat',
			address: '1 rue X, 82000 Montauban',
			phone: null
		});
	});
	it('has none for no commune, a commune without sector or a closed MDS', () => {
		expect(sectorMdsFrom(null, communes, relays)).toBeNull();
		expect(sectorMdsFrom('82125', communes, relays)).toBeNull();
		expect(sectorMdsFrom('82186', communes, relays)).toBeNull();
		expect(sectorMdsFrom('82999', communes, relays)).toBeNull();
	});
});
