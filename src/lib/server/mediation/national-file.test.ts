import { describe, expect, it } from 'vitest';
import { NATIONAL_COLUMNS, readNationalFile, type DirectoryArea } from './national-file';

const AREA: DirectoryArea = {
	departement: { code: '82', name: 'Tarn-et-Garonne' },
	communes: [
		{ insee: '82121', name: 'Montauban', postcodes: ['82000'], lat: 44.0223, lon: 1.36402 },
		{ insee: '82112', name: 'Moissac', postcodes: ['82200'], lat: 44.12599, lon: 1.09815 },
		{ insee: '82125', name: 'Montech', postcodes: ['82700'], lat: 43.95241, lon: 1.23773 },
		{ insee: '82062', name: 'Finhan', postcodes: ['82700'], lat: 43.91264, lon: 1.21951 }
	]
};

const HEADER =
	'id;pivot;nom;commune;code_postal;code_insee;adresse;latitude;longitude;typologie;telephone;courriels;horaires;date_maj;services';
const GOOD =
	'lieu-1;00000000000001;Médiathèque de Moissac;Moissac;82200;82112;2 place Roger Delthil;44,10571;1,08533;BIB;+33536490001;contact@mediatheque-moissac.exemple.fr;Tu-Sa 10:00-12:30,14:00-18:00;2026-09-01;Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique';
const bytes = (s: string) => new TextEncoder().encode(s);
const read = (text: string, name = 'lieux.csv') => readNationalFile(name, bytes(text), AREA);

describe('reading a file of the national schema', () => {
	it('reads a good CSV row into the wire shape, with the hours in French', () => {
		const result = read(`\uFEFF${HEADER}\r\n${GOOD}\r\n`);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.check.problems).toEqual([]);
		expect(result.check.places).toEqual([
			{
				line: 2,
				id: 'lieu-1',
				kind: 'mediation',
				name: 'Médiathèque de Moissac',
				address: '2 place Roger Delthil',
				addressDetail: null,
				postcode: '82200',
				communeName: 'Moissac',
				communeInsee: '82112',
				lat: 44.10571,
				lon: 1.08533,
				approximatePosition: false,
				openingHours: 'Tu-Sa 10:00-12:30,14:00-18:00',
				openingHoursText: 'Du mardi au samedi : 10\u00a0h – 12\u00a0h\u00a030 et 14\u00a0h – 18\u00a0h',
				phone: '+33536490001',
				emails: ['contact@mediatheque-moissac.exemple.fr'],
				websites: [],
				appointmentUrl: null,
				services: ['Maîtrise des outils numériques du quotidien', 'Accès internet et matériel informatique'],
				typologies: ['BIB'],
				publics: [],
				accessModes: [],
				fees: [],
				summary: null,
				source: null,
				updatedOn: '2026-09-01',
				pivot: '00000000000001'
			}
		]);
	});

	it('reports every bad row with its line and reasons', () => {
		const rows = [
			GOOD,
			GOOD.replace('lieu-1;', 'lieu-2;').replace('Médiathèque de Moissac', ''),
			GOOD.replace('lieu-1;', 'lieu-3;').replace('44,10571;1,08533', 'abc;1,08533'),
			GOOD.replace('lieu-1;', 'lieu-4;').replace('82200;82112', '8220;'),
			GOOD.replace('lieu-1;', 'lieu-5;').replace('Tu-Sa 10:00-12:30,14:00-18:00', 'du mardi au samedi'),
			GOOD.replace('lieu-1;', 'lieu-6;').replace('2026-09-01', '01/09/2026'),
			GOOD.replace('lieu-1;', 'lieu-7;').replace('44,10571;1,08533', '1,08533;44,10571'),
			GOOD.replace('lieu-1;', 'lieu-8;').replace(
				'Accès internet et matériel informatique',
				'Cours de cuisine'
			),
			GOOD.replace('lieu-1;', 'lieu-9;').replace('82112', '82999'),
			GOOD,
			'lieu-10;00000000000001;trop court'
		];
		const result = read([HEADER, ...rows].join('\n'));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const problems = result.check.problems.map((p) => [p.line, p.reasons.join(' | ')]);
		expect(problems).toEqual([
			[3, 'nom manquant'],
			[4, 'latitude « abc » : un nombre en degrés est attendu'],
			[5, 'code postal « 8220 » invalide (5 chiffres attendus)'],
			[6, expect.stringMatching(/^horaires : « du » n’est pas au format OpenStreetMap/)],
			[7, 'date de mise à jour « 01/09/2026 » invalide (AAAA-MM-JJ attendu, ex. 2024-06-02)'],
			[8, expect.stringMatching(/à \d+ km de Moissac : latitude et longitude inversées \?$/)],
			[9, "Le service 'Cours de cuisine' n'est pas une valeur admise"],
			[10, 'code INSEE « 82999 » inconnu dans le Tarn-et-Garonne'],
			[11, 'identifiant « lieu-1 » déjà donné ligne 2'],
			[12, expect.stringMatching(/^3 cellules pour 15 colonnes/)]
		]);
		expect(result.check.places.map((p) => p.id)).toEqual(['lieu-1']);
	});

	it('gives every reason of a row, its place included', () => {
		const both = GOOD.replace('2026-09-01', '2026-13-01').replace('44,10571;1,08533', '1,08533;44,10571');
		const result = read([HEADER, both].join('\n'));
		expect(result.ok && result.check.problems[0]?.reasons).toEqual([
			'date de mise à jour « 2026-13-01 » invalide (AAAA-MM-JJ attendu, ex. 2024-06-02)',
			expect.stringMatching(/latitude et longitude inversées/)
		]);
	});

	it('skips the places of other départements, counted, and places a row without coordinates at its commune', () => {
		const outside = GOOD.replace('lieu-1;', 'ailleurs;').replace(
			'Moissac;82200;82112',
			'Toulouse;31000;31555'
		);
		const noCoordinates = GOOD.replace('lieu-1;', 'lieu-2;')
			.replace('Moissac;82200;82112', 'Finhan;82700;')
			.replace('44,10571;1,08533', ';');
		const result = read([HEADER, GOOD, outside, noCoordinates].join('\n'));
		expect(result.ok && result.check.outside).toEqual({ count: 1, lines: [3] });
		expect(result.ok && result.check.places[1]).toMatchObject({
			id: 'lieu-2',
			communeInsee: '82062',
			lat: 43.91264,
			lon: 1.21951,
			approximatePosition: true
		});
	});

	it('refuses a wrong set of columns, another encoding, a quote never closed', () => {
		expect(read('name;address;city\nMémo;2 rue;Montauban')).toEqual({
			ok: false,
			problem: expect.stringContaining('colonnes obligatoires du schéma national absentes : id, pivot, nom')
		});
		expect(readNationalFile('lieux.csv', new Uint8Array([0x6e, 0x6f, 0x6d, 0x0a, 0xe9, 0x0a]), AREA)).toEqual(
			{
				ok: false,
				problem: expect.stringContaining('pas encodé en UTF-8')
			}
		);
		expect(read(`${HEADER}\n"lieu-1;x`)).toEqual({ ok: false, problem: expect.stringContaining('ligne 2') });
		expect(read(`${HEADER}\n`)).toEqual({ ok: false, problem: expect.stringContaining('aucun lieu') });
		const withExtra = read(`${HEADER};remarque\n${GOOD};x`);
		expect(withExtra.ok && withExtra.check.warnings).toEqual([
			'Colonnes hors du schéma national, ignorées : remarque.'
		]);
	});

	it('reads the JSON of the national schema, numbering places from 1', () => {
		const values = GOOD.split(';');
		const columns = HEADER.split(';');
		const place = Object.fromEntries(columns.map((c, i) => [c, values[i]]));
		const json = JSON.stringify([
			{ ...place, latitude: 44.10571, longitude: 1.08533, mediateurs: 2 },
			{ ...place, id: 'lieu-2', nom: '' },
			'pas un lieu'
		]);
		const result = read(json, 'lieux.json');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.check.format).toBe('json');
		expect(result.check.places.map((p) => [p.line, p.id, p.lat])).toEqual([[1, 'lieu-1', 44.10571]]);
		expect(result.check.problems.map((p) => [p.line, p.reasons])).toEqual([
			[2, ['nom manquant']],
			[3, ['un lieu doit être un objet { "id": …, "nom": … }']]
		]);
		expect(result.check.warnings).toEqual(['Champs hors du schéma national, ignorés : mediateurs.']);
		expect(read('{ "id": ', 'lieux.json')).toMatchObject({ ok: false, problem: /pas du JSON lisible/ });
		expect(read('{ "lieux": [] }', 'lieux.json')).toMatchObject({ ok: false, problem: /liste de lieux/ });
	});

	it('knows every column of the schema', () => {
		expect(NATIONAL_COLUMNS).toHaveLength(32);
	});
});
