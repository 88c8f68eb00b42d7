import { describe, expect, it } from 'vitest';
import { matchesPlaceName, normaliseForSearch, slugify } from './text';

describe('normaliseForSearch', () => {
	it('drops accents, case, hyphens and apostrophes', () => {
		expect(normaliseForSearch("L'Honor-de-Cos")).toBe('l honor de cos');
		expect(normaliseForSearch('  Sérignac ')).toBe('serignac');
		expect(normaliseForSearch('Laguépie')).toBe('laguepie');
	});
});

describe('matchesPlaceName', () => {
	it.each([
		['La Ville-Dieu-du-Temple', 'ville dieu'],
		['La Ville-Dieu-du-Temple', 'VILLE-DIEU'],
		['Lavit', 'lavit'],
		['Lamagistère', 'lamagistere'],
		["L'Honor-de-Cos", 'honor'],
		['Beaumont-de-Lomagne', 'beaumont lom']
	])('%s matches %s', (name, query) => {
		expect(matchesPlaceName(name, query)).toBe(true);
	});
	it('rejects unrelated or empty queries', () => {
		expect(matchesPlaceName('Lavit', 'montech')).toBe(false);
		expect(matchesPlaceName('Lavit', '  ')).toBe(false);
	});
});

describe('slugify', () => {
	it('makes ids from French names', () => {
		expect(slugify("Valence d'Agen")).toBe('valence-d-agen');
		expect(slugify('La Ville-Dieu-du-Temple')).toBe('la-ville-dieu-du-temple');
		expect(slugify('  Lamagistère (La Poste) ')).toBe('lamagistere-la-poste');
	});
});
