import { describe, expect, it } from 'vitest';
import { operatorKeys, operatorSummaryCsv, recordCsvRows, RECORDS_CSV_HEADER } from './indicators-page';
import type { ExportedRecord } from '../services/indicators';

const names = {
	operators: [
		{ id: 'caf', shortName: 'CAF' },
		{ id: 'dgfip', shortName: 'Impôts' }
	]
};

describe('indicator exports', () => {
	it('orders the operator columns: the partners, the Département, other bodies, none', () => {
		expect(operatorKeys(names)).toEqual(['caf', 'dgfip', 'department', 'other', '']);
		// A code no longer in the referential keeps its column.
		expect(operatorKeys(names, ['ancien', 'caf'])).toEqual([
			'caf',
			'dgfip',
			'department',
			'other',
			'ancien',
			''
		]);
	});

	it('writes the monthly summary with every month of the period and a row of totals', () => {
		const { header, rows } = operatorSummaryCsv(
			['2026-01', '2026-02'],
			{ '2026-02': { caf: 2, '': 1, department: 3 } },
			names
		);
		expect(header).toEqual([
			'mois',
			'CAF',
			'Impôts',
			'Services du Département',
			'Autre organisme',
			'Sans organisme',
			'total'
		]);
		expect(rows).toEqual([
			['2026-01', 0, 0, 0, 0, 0, 0],
			['2026-02', 2, 0, 3, 0, 1, 6],
			['total', 2, 0, 3, 0, 1, 6]
		]);
	});

	it('writes one row per record in French, people received counted', () => {
		const record: ExportedRecord = {
			id: 'r1',
			date: '2026-02-10',
			tourNumber: 2,
			adviserName: 'Sarah Cabrol',
			siteName: 'Mairie de Dunes',
			place: 'permanence',
			format: 'collective',
			workshop: { title: 'Smartphone', level: 'beginner', participants: 8 },
			ageBracket: null,
			personCommuneInsee: null,
			personCommuneName: null,
			personStatus: null,
			adminThemes: ['family', 'moneyTaxes'],
			digitalThemes: ['smartphone'],
			operator: 'department',
			level: 1,
			autonomy: 'autonomous',
			equipment: [],
			aidantsConnect: false,
			orientations: ['mediationPlace'],
			durationMinutes: 120,
			outcome: 'resolved',
			listsVersion: 1
		};
		const [row] = recordCsvRows([record], names);
		const cell = (name: string) => row?.[RECORDS_CSV_HEADER.indexOf(name)];
		expect(row).toHaveLength(RECORDS_CSV_HEADER.length);
		expect(cell('mois')).toBe('2026-02');
		expect(cell('personnes_recues')).toBe(8);
		expect(cell('themes_administratifs')).toBe('Famille – scolarité | Argent – impôts');
		expect(cell('organisme')).toBe('Services du Département');
		expect(cell('format')).toBe('Atelier collectif');
		expect(cell('orientations')).toBe('Lieu de médiation numérique');
	});
});
