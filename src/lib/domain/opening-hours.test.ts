import { describe, expect, it } from 'vitest';
import { checkOpeningHours, openingHoursInFrench } from './opening-hours';

/** The rendering with plain spaces (it uses no-break spaces inside times). */
const fr = (value: string) => openingHoursInFrench(value)?.replaceAll('\u00a0', ' ');

describe('opening hours (OSM opening_hours)', () => {
	it('never splits a time across lines', () => {
		expect(openingHoursInFrench('Mo 08:30-12:00')).toBe('Lundi : 8\u00a0h\u00a030 – 12\u00a0h');
	});

	it('says the common subset in French', () => {
		expect(fr('Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00')).toBe(
			'Du lundi au vendredi : 9 h – 12 h et 14 h – 18 h 30 ; Samedi : 8 h 30 – 12 h'
		);
		expect(fr('Mo,We,Fr 14:00-17:00')).toBe('Lundi, mercredi et vendredi : 14 h – 17 h');
		expect(fr('Tu-Th 09:00-12:00, 13:30-17:00; PH off')).toBe(
			'Du mardi au jeudi : 9 h – 12 h et 13 h 30 – 17 h ; Les jours fériés : fermé'
		);
		expect(fr('24/7')).toBe('Ouvert 24 h/24, 7 j/7');
		expect(fr('10:00-18:00')).toBe('Tous les jours : 10 h – 18 h');
		expect(fr('Mo-Sa 09:00-19:00; We off')).toBe('Du lundi au samedi : 9 h – 19 h ; Mercredi : fermé');
		expect(fr('Fr 20:00-02:00')).toBe('Vendredi : 20 h – 2 h');
	});

	it('accepts the rest of the OSM syntax as given, without a rendering', () => {
		for (const value of [
			'Mo[1] 09:00-12:00',
			'Jan-Jun Mo-Fr 09:00-12:00',
			'Mo-Fr 09:00-12:00 "sur rendez-vous"',
			'week 01-53/2 Tu 14:00-17:00',
			'Mo-Fr 08:00-12:00 || "sur rendez-vous"'
		]) {
			expect(checkOpeningHours(value), value).toEqual({ ok: true, text: null });
		}
	});

	it('refuses free text and impossible times, naming the fragment', () => {
		expect(checkOpeningHours('lundi matin')).toEqual({
			ok: false,
			reason: expect.stringContaining('« lundi » n’est pas au format OpenStreetMap')
		});
		expect(checkOpeningHours('Mo-Fr 9h-12h')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('« 9h-12h »')
		});
		expect(checkOpeningHours('Mo-Fr 09:00-25:00')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('« 25:00 »')
		});
		expect(checkOpeningHours('Mo 09:00-09:00')).toMatchObject({ ok: false, reason: /plage horaire vide/ });
		expect(checkOpeningHours('   ')).toMatchObject({ ok: false });
		expect(checkOpeningHours('Mon-Fri 09:00-12:00')).toMatchObject({ ok: false, reason: /« Mon-Fri »/ });
	});
});
