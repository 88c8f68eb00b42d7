import { describe, expect, it } from 'vitest';
import { mergeNotes } from './mutations';

describe('mergeNotes (free text edited on two devices)', () => {
	it('keeps both versions, the other one marked with its author', () => {
		expect(mergeNotes('Code 1234', 'Parking derrière', 'Camille')).toBe(
			'Code 1234\n\n[Autre version, Camille] Parking derrière'
		);
	});
	it('does not repeat a text already kept, nor mark an empty note', () => {
		expect(mergeNotes('Code 1234\n\nParking', 'Parking', 'Camille')).toBe('Code 1234\n\nParking');
		expect(mergeNotes('  ', 'Parking', 'Camille')).toBe('Parking');
	});
});
