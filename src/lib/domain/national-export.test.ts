import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	ACTIVITY_PLACES,
	ADMIN_THEMES,
	AGE_BRACKETS,
	AUTONOMY_LEVELS,
	DIGITAL_THEMES,
	EQUIPMENT,
	ORIENTATIONS,
	PERSON_STATUSES,
	WORKSHOP_LEVELS
} from './activity';
import { COOP_ACTIVITY_HEADERS, coopActivityRows, type CoopRecord, type CoopHeader } from './national-export';

const base: CoopRecord = {
	id: 'cra-1',
	date: '2026-11-23',
	createdAt: '2026-11-23T09:15:00.000Z',
	updatedAt: null,
	place: 'permanence',
	format: 'individual',
	workshop: null,
	person: { ageBracket: '70plus', status: 'retired' },
	adminThemes: ['moneyTaxes'],
	digitalThemes: ['onlineAccounts', 'information'],
	level: 1,
	autonomy: 'autonomousWithHelp',
	equipment: ['computer', 'vanSelfService'],
	orientations: [],
	durationMinutes: 30,
	location: {
		name: 'Mairie de Lavit',
		address: 'Mairie, 82120 Lavit',
		commune: 'Lavit',
		postcode: '82120',
		insee: '82097'
	},
	operatorName: 'Direction générale des finances publiques',
	personCommune: { name: 'Lavit', postcode: '82120', insee: '82097' }
};
const column = (row: (string | number)[] | undefined, header: CoopHeader) =>
	row?.[COOP_ACTIVITY_HEADERS.indexOf(header)];

describe('the national activity report, as La Coop exports it', () => {
	it('has La Coop’s columns, in its order', () => {
		expect(COOP_ACTIVITY_HEADERS).toHaveLength(29);
		expect(COOP_ACTIVITY_HEADERS.slice(0, 6)).toEqual([
			'Date',
			'Enregistré le',
			'Dernière modification le',
			'Type',
			'Participants',
			'Bénéficiaire'
		]);
		expect(COOP_ACTIVITY_HEADERS.at(-1)).toBe('ID CRA');
	});

	it('writes an administrative procedure as an individual activity with the theme « Aide aux démarches administratives »', () => {
		const rows = coopActivityRows(base);
		expect(rows).toHaveLength(1);
		const [row] = rows;
		expect(row).toHaveLength(COOP_ACTIVITY_HEADERS.length);
		expect(column(row, 'Date')).toBe('2026-11-23');
		// 09:15 UTC is 10:15 in Paris in November.
		expect(column(row, 'Enregistré le')).toBe('23/11/2026 à 10:15');
		expect(column(row, 'Dernière modification le')).toBe('');
		expect(column(row, 'Type')).toBe('Accompagnement individuel');
		expect(column(row, 'Participants')).toBe(1);
		expect(column(row, 'Canaux d’accompagnement')).toBe('Lieu d’activité');
		expect(column(row, 'Code Insee')).toBe('82097');
		expect(column(row, 'Durée (min)')).toBe(30);
		expect(column(row, 'Matériel numérique utilisé')).toBe('Ordinateur');
		expect(column(row, 'Thématique(s) d’accompagnement')).toBe(
			'Navigation sur internet\nAide aux démarches administratives\nArgent - Impôts'
		);
		expect(column(row, 'Nom de la démarche administrative')).toBe(
			'Direction générale des finances publiques'
		);
		expect(column(row, 'Niveau d’autonomie (ou de l’atelier)')).toBe('2/3');
		expect(column(row, 'Bénéficiaire réorienté')).toBe('Non');
		expect(column(row, 'Tranche d’âge du bénéficiaire')).toBe('70 ans et plus');
		expect(column(row, 'Statut du bénéficiaire')).toBe('Retraité');
		expect(column(row, 'Genre du bénéficiaire')).toBe('Non communiqué');
		expect(column(row, 'Bénéficiaire')).toBe('Bénéficiaire anonyme');
		expect(column(row, 'ID CRA')).toBe('cra-1');
	});

	it('writes a correction time, a level-2 handover and an MDS orientation as redirections', () => {
		const [row] = coopActivityRows({
			...base,
			updatedAt: '2026-11-24T16:05:00.000Z',
			level: 2,
			orientations: ['mds'],
			place: 'homeVisit'
		});
		expect(column(row, 'Dernière modification le')).toBe('24/11/2026 à 17:05');
		expect(column(row, 'Bénéficiaire réorienté')).toBe('Oui');
		expect(column(row, 'Structure de redirection')).toBe(
			'Opérateur ou organisme en charge de la démarche administrative\nStructure d’aide sociale (maison des solidarités, centre social…)'
		);
		expect(column(row, 'Canaux d’accompagnement')).toBe('À domicile');
	});

	it('writes a workshop as one row per participant, with its level', () => {
		const rows = coopActivityRows({
			...base,
			format: 'collective',
			place: 'other',
			adminThemes: [],
			digitalThemes: ['security'],
			workshop: { title: 'Déjouer les arnaques', level: 'beginner', participants: 3 },
			durationMinutes: 90
		});
		expect(rows.map((r) => column(r, 'Participants'))).toEqual(['1/3', '2/3', '3/3']);
		expect(rows.every((r) => column(r, 'Type') === 'Atelier collectif')).toBe(true);
		expect(column(rows[0], 'Niveau d’autonomie (ou de l’atelier)')).toBe('1/3');
		expect(column(rows[0], 'Nom de l’atelier')).toBe('Déjouer les arnaques');
		expect(column(rows[0], 'Bénéficiaire réorienté')).toBe('');
		expect(column(rows[0], 'Canaux d’accompagnement')).toBe('Autre lieu');
		expect(column(rows[0], 'Thématique(s) d’accompagnement')).toBe('Prévention en sécurité numérique');
	});

	it('exports old records: version-1 age brackets that straddle national ones are « Non communiqué »', () => {
		const bracket = (ageBracket: CoopRecord['person']['ageBracket']) =>
			column(
				coopActivityRows({ ...base, person: { ageBracket, status: null } })[0],
				'Tranche d’âge du bénéficiaire'
			);
		expect(bracket('under12')).toBe('Moins de 12 ans');
		expect(bracket('12to17')).toBe('12 - 17 ans');
		expect(bracket('26to44')).toBe('Non communiqué');
		expect(bracket('80plus')).toBe('70 ans et plus');
		expect(bracket('minor')).toBe('Non communiqué');
		expect(bracket(null)).toBe('Non communiqué');
	});

	it('maps every value of every list, whatever the record (property)', () => {
		const record = fc.record({
			id: fc.uuid(),
			date: fc.constant('2026-11-23'),
			createdAt: fc.constant('2026-11-23T09:15:00.000Z'),
			updatedAt: fc.option(fc.constant('2026-11-24T09:15:00.000Z'), { nil: null }),
			place: fc.constantFrom(...ACTIVITY_PLACES),
			format: fc.constantFrom('individual' as const, 'collective' as const),
			workshop: fc.option(
				fc.record({
					title: fc.string(),
					level: fc.constantFrom(...WORKSHOP_LEVELS),
					participants: fc.integer({ min: 1, max: 12 })
				}),
				{ nil: null }
			),
			person: fc.record({
				ageBracket: fc.option(fc.constantFrom(...AGE_BRACKETS), { nil: null }),
				status: fc.option(fc.constantFrom(...PERSON_STATUSES), { nil: null })
			}),
			adminThemes: fc.uniqueArray(fc.constantFrom(...ADMIN_THEMES)),
			digitalThemes: fc.uniqueArray(fc.constantFrom(...DIGITAL_THEMES)),
			level: fc.constantFrom(1 as const, 2 as const),
			autonomy: fc.option(fc.constantFrom(...AUTONOMY_LEVELS), { nil: null }),
			equipment: fc.uniqueArray(fc.constantFrom(...EQUIPMENT)),
			orientations: fc.uniqueArray(fc.constantFrom(...ORIENTATIONS)),
			durationMinutes: fc.integer({ min: 5, max: 480 }),
			location: fc.constant(null),
			operatorName: fc.option(fc.string(), { nil: null }),
			personCommune: fc.constant(null)
		});
		fc.assert(
			fc.property(record, (r) => {
				const rows = coopActivityRows(r);
				expect(rows).toHaveLength(r.format === 'collective' ? (r.workshop?.participants ?? 1) : 1);
				expect(rows.every((row) => row.length === COOP_ACTIVITY_HEADERS.length)).toBe(true);
				expect(rows.flat().join('|')).not.toContain('undefined');
				// Administrative themes never come without « Aide aux démarches administratives ».
				const themes = String(column(rows[0], 'Thématique(s) d’accompagnement'));
				if (r.adminThemes.length > 0) expect(themes).toContain('Aide aux démarches administratives');
			}),
			{ numRuns: 300 }
		);
	});
});
