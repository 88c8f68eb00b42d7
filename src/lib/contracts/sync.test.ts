import { describe, expect, it } from 'vitest';
import { MUTATION_ARGS, MUTATION_PERSONAL_ARGS, withoutPersonalArgs } from './sync';
import { homeVisitRequestArgs } from './synced.fixtures';

const request = homeVisitRequestArgs();

describe('withoutPersonalArgs', () => {
	it('removes the person’s data from a home-visit request, keeping the commune and the subject', () => {
		expect(withoutPersonalArgs('requestHomeVisit@1', request)).toEqual({
			requestId: request.requestId,
			request: { communeInsee: '82050', operatorId: null, subject: 'Carte grise', consent: true }
		});
		// The arguments given are not changed.
		expect(request.request.personName).toBe('Jean Martin');
	});

	it('leaves other mutations, and arguments of an unexpected shape, as they are', () => {
		const notes = { siteId: 'mairie-lavit', base: '', value: 'Sonner à droite' };
		expect(withoutPersonalArgs('updateSiteAccessNotes@1', notes)).toBe(notes);
		expect(withoutPersonalArgs('requestHomeVisit@1', null)).toBeNull();
		expect(withoutPersonalArgs('requestHomeVisit@1', { requestId: 'x' })).toEqual({ requestId: 'x' });
	});

	it('names only mutations and fields that exist', () => {
		for (const [name, paths] of Object.entries(MUTATION_PERSONAL_ARGS)) {
			expect(Object.keys(MUTATION_ARGS)).toContain(name);
			const parsed = MUTATION_ARGS[name as keyof typeof MUTATION_ARGS].safeParse(request);
			expect(parsed.success, name).toBe(true);
			for (const path of paths ?? []) {
				const value = path.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)[k], request);
				expect(value, path).toBeDefined();
			}
		}
	});
});
