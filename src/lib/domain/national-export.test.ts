import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	ACTIVITY_OUTCOMES,
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
import {
	NATIONAL_CRA_HEADERS,
	nationalCraRow,
	nationalDuration,
	type NationalRecord
} from './national-export';

const base: NationalRecord = {
	date: '2026-11-23',
	place: 'permanence',
	format: 'individual',
	workshop: null,
	person: { ageBracket: '70plus', status: 'retired' },
	adminThemes: ['moneyTaxes'],
	digitalThemes: ['onlineAccounts', 'information'],
	level: 1,
	autonomy: 'autonomousWithHelp',
	equipment: ['computer'],
	orientations: [],
	durationMinutes: 30,
	outcome: 'resolved',
	note: '',
	placeName: 'Salle des fêtes, 82120 Lavit',
	operatorName: 'Direction générale des finances publiques',
	personCommune: '82120 Lavit'
};
const column = (row: string[], header: (typeof NATIONAL_CRA_HEADERS)[number]) =>
	row[NATIONAL_CRA_HEADERS.indexOf(header)];

describe('the national activity report export', () => {
	it('writes a procedure helped at a permanence in the national wording', () => {
		const row = nationalCraRow(base);
		expect(row).toHaveLength(NATIONAL_CRA_HEADERS.length);
		expect(column(row, 'Date')).toBe('23/11/2026');
		expect(column(row, 'Type')).toBe('Aide aux démarches administratives');
		expect(column(row, 'Canaux d’accompagnement')).toBe('Lieu d’activité');
		expect(column(row, 'Thématique(s) d’accompagnement')).toBe('Navigation sur internet\nArgent - Impôts');
		expect(column(row, 'Niveau d’autonomie du bénéficiaire')).toBe('2/3');
		expect(column(row, 'La démarche est-elle finalisée ?')).toBe('Oui');
		expect(column(row, 'Tranche d’âge du bénéficiaire')).toBe('70 ans et plus');
		expect(column(row, 'Statut du bénéficiaire')).toBe('Retraité(e)');
		expect(column(row, 'Bénéficiaire')).toBe('Anonyme');
	});

	it('writes a level-2 handover as a redirection to the operator, a workshop with its level and participants', () => {
		const handover = nationalCraRow({ ...base, level: 2, outcome: 'redirected', place: 'homeVisit' });
		expect(column(handover, 'Le bénéficiaire est-il orienté vers une autre structure ?')).toBe('Oui');
		expect(column(handover, 'Structure de redirection')).toBe(
			'Opérateur ou organisme en charge de la démarche administrative'
		);
		expect(column(handover, 'Canaux d’accompagnement')).toBe('À domicile');
		const workshop = nationalCraRow({
			...base,
			format: 'collective',
			place: 'other',
			adminThemes: [],
			digitalThemes: ['security'],
			workshop: { title: 'Déjouer les arnaques', level: 'beginner', participants: 7 },
			durationMinutes: 90
		});
		expect(column(workshop, 'Type')).toBe('Ateliers collectif');
		expect(column(workshop, 'Nombre de participants')).toBe('7');
		expect(column(workshop, 'Niveau de l’atelier')).toBe('1/3');
		expect(column(workshop, 'Durée')).toBe('1h30');
		expect(column(workshop, 'Canaux d’accompagnement')).toBe('Autre lieu');
	});

	it('writes durations the national way', () => {
		expect([15, 60, 90, 125].map(nationalDuration)).toEqual(['15min', '1h', '1h30', '2h05']);
	});

	it('maps every value of every list, whatever the record (property)', () => {
		const record = fc.record({
			date: fc.constant('2026-11-23'),
			place: fc.constantFrom(...ACTIVITY_PLACES),
			format: fc.constantFrom('individual' as const, 'collective' as const),
			workshop: fc.option(
				fc.record({
					title: fc.string(),
					level: fc.constantFrom(...WORKSHOP_LEVELS),
					participants: fc.integer({ min: 1, max: 60 })
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
			outcome: fc.constantFrom(...ACTIVITY_OUTCOMES),
			note: fc.string(),
			placeName: fc.string(),
			operatorName: fc.option(fc.string(), { nil: null }),
			personCommune: fc.option(fc.string(), { nil: null })
		});
		fc.assert(
			fc.property(record, (r) => {
				const row = nationalCraRow(r);
				expect(row).toHaveLength(NATIONAL_CRA_HEADERS.length);
				for (const cell of row) expect(cell).not.toContain('undefined');
			}),
			{ numRuns: 300 }
		);
	});
});
