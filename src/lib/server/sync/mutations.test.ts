import { describe, expect, it } from 'vitest';
import { MUTATION_ARGS, mutationEnvelope, type MutationName } from '$lib/contracts/sync';
import { CLIENT_MUTATORS } from '$lib/sync/mutators';
import { mergeNotes, SERVER_MUTATIONS } from './mutations';

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

describe('the mutation set', () => {
	it('names every mutation so that a push envelope accepts it, and the server and the devices know each', () => {
		for (const name of Object.keys(MUTATION_ARGS)) {
			expect(
				mutationEnvelope.safeParse({ id: 1, name, args: {} }).success,
				`${name} refused by the push contract`
			).toBe(true);
			expect(SERVER_MUTATIONS[name as MutationName], name).toBeDefined();
			expect(CLIENT_MUTATORS[name as MutationName], name).toBeDefined();
		}
		expect(mutationEnvelope.safeParse({ id: 1, name: '2fast@1', args: {} }).success).toBe(false);
	});
});
