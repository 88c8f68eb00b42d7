import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import joursFeries from '@socialgouv/jours-feries';
import { easterSunday, frenchPublicHolidays, isPublicHoliday, publicHolidayName } from './holidays';

/**
 * The library's local-midnight Dates, read as civil dates. Its Easter-based ones are computed
 * by adding 24-hour multiples, so across a DST change they land at 23:00 or 01:00: reading the
 * local date of "that instant + 12 h" gives the intended day in any time zone.
 */
function civilDate(d: Date): string {
	const s = new Date(d.getTime() + 12 * 3600 * 1000);
	return `${s.getFullYear()}-${String(s.getMonth() + 1).padStart(2, '0')}-${String(s.getDate()).padStart(2, '0')}`;
}

describe('French public holidays', () => {
	it('knows the Easter-based ones of known years', () => {
		expect(publicHolidayName('2024-04-01')).toBe('Lundi de Pâques');
		expect(publicHolidayName('2025-04-21')).toBe('Lundi de Pâques');
		expect(publicHolidayName('2026-04-06')).toBe('Lundi de Pâques');
		expect(publicHolidayName('2026-05-14')).toBe('Ascension');
		expect(publicHolidayName('2026-05-25')).toBe('Lundi de Pentecôte');
		expect(publicHolidayName('2025-05-29')).toBe('Ascension');
		expect(publicHolidayName('2025-06-09')).toBe('Lundi de Pentecôte');
	});

	it('lets Ascension coincide with 1 May (2008)', () => {
		expect(
			frenchPublicHolidays(2008)
				.filter((h) => h.date === '2008-05-01')
				.map((h) => h.name)
		).toEqual(['Fête du Travail', 'Ascension']);
	});

	it('knows the fixed ones', () => {
		const fixed = frenchPublicHolidays(2027).filter((h) => !/Pâques|Ascension|Pentecôte/.test(h.name));
		expect(fixed).toEqual([
			{ date: '2027-01-01', name: "Jour de l'an" },
			{ date: '2027-05-01', name: 'Fête du Travail' },
			{ date: '2027-05-08', name: 'Victoire 1945' },
			{ date: '2027-07-14', name: 'Fête nationale' },
			{ date: '2027-08-15', name: 'Assomption' },
			{ date: '2027-11-01', name: 'Toussaint' },
			{ date: '2027-11-11', name: 'Armistice 1918' },
			{ date: '2027-12-25', name: 'Noël' }
		]);
	});

	it('has the 11 metropolitan holidays, without Good Friday nor 26 December', () => {
		expect(frenchPublicHolidays(2026)).toHaveLength(11);
		expect(isPublicHoliday('2026-04-03')).toBe(false);
		expect(isPublicHoliday('2026-12-26')).toBe(false);
		expect(isPublicHoliday('2026-11-12')).toBe(false);
	});

	it('knows Easter Sunday of known years, including beyond 2099', () => {
		expect(easterSunday(2024)).toBe('2024-03-31');
		expect(easterSunday(2025)).toBe('2025-04-20');
		expect(easterSunday(2026)).toBe('2026-04-05');
		expect(easterSunday(2000)).toBe('2000-04-23');
		expect(easterSunday(2106)).toBe('2106-04-18');
		expect(easterSunday(1818)).toBe('1818-03-22');
	});

	it('agrees with @socialgouv/jours-feries over its valid range (1900–2099)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1900, max: 2099 }), (year) => {
				const ours = frenchPublicHolidays(year).map((h) => h.date);
				const theirs = Object.values(joursFeries(year, { alsace: false }))
					.map(civilDate)
					.sort();
				expect(ours).toEqual(theirs);
			}),
			{ numRuns: 200 }
		);
	});

	it('gives 11 holidays in any year (Ascension may fall on 1 or 8 May, as in 2008), Easter Monday a Monday, Ascension a Thursday', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1583, max: 4099 }), (year) => {
				const list = frenchPublicHolidays(year);
				expect(list).toHaveLength(11);
				const byName = new Map(list.map((h) => [h.name, h.date]));
				const weekday = (iso: string | undefined) => new Date(`${iso}T12:00:00Z`).getUTCDay();
				expect(weekday(byName.get('Lundi de Pâques'))).toBe(1);
				expect(weekday(byName.get('Ascension'))).toBe(4);
				expect(weekday(byName.get('Lundi de Pentecôte'))).toBe(1);
			}),
			{ numRuns: 200 }
		);
	});
});
