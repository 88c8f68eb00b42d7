import { describe, expect, it } from 'vitest';
import { permanenceState, type PermanenceStateInput } from './permanence-state';

const planned: PermanenceStateInput = {
	date: '2027-01-11',
	period: 'morning',
	start: '09:00',
	status: 'planned',
	patternDate: null,
	public: null
};
const published = { status: 'published' as const, date: '2027-01-11', period: 'morning', start: '09:00' };

describe('permanenceState', () => {
	it('reads a draft, a published date and a published date moved off its usual day', () => {
		expect(permanenceState(planned)).toMatchObject({ kind: 'draft', label: 'Brouillon' });
		expect(permanenceState({ ...planned, public: published })).toMatchObject({
			kind: 'published',
			label: 'Publiée',
			publicDateDiffers: false
		});
		expect(permanenceState({ ...planned, patternDate: '2027-01-12', public: published }).label).toBe(
			'Publiée, déplacée'
		);
	});

	it('tells a move not yet published from a change of hours', () => {
		const moved = permanenceState({ ...planned, date: '2027-01-13', public: published });
		expect(moved).toEqual({ kind: 'pending', label: 'Déplacée, à publier', publicDateDiffers: true });
		expect(permanenceState({ ...planned, period: 'afternoon', public: published }).label).toBe(
			'Déplacée, à publier'
		);
		expect(permanenceState({ ...planned, start: '09:30', public: published }).label).toBe(
			'Modifiée, à publier'
		);
	});

	it('reads cancellations, published or not', () => {
		expect(permanenceState({ ...planned, status: 'cancelled' }).label).toBe('Annulée');
		expect(permanenceState({ ...planned, status: 'cancelled', public: published }).label).toBe(
			'Annulation à publier'
		);
		expect(
			permanenceState({
				...planned,
				status: 'cancelled',
				public: { ...published, status: 'cancelled' }
			})
		).toMatchObject({ kind: 'cancelled', label: 'Annulée (publiée)' });
	});
});
