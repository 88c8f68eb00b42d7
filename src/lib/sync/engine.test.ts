import { describe, expect, it } from 'vitest';
import { pushBatches, SyncEngine, TransportError, type Transport } from './engine';
import { MemoryStore } from './memory-store';
import type { PullResponse } from './protocol';
import { homeVisitRow, siteRow } from '$lib/contracts/synced.fixtures';

const site = siteRow({ communeInsee: '82096' });
const pullResponse = (lastMutationId: number, accessNotes = ''): PullResponse => ({
	cursor: `1|tour:tournee-1|${lastMutationId + 10}`,
	reset: true,
	lastMutationId,
	changes: { sites: [{ ...site, accessNotes }] },
	deletes: {}
});

function failingTransport(status: number | null, code?: string): Transport {
	return {
		push: async () => {
			throw new TransportError(status, 'échec', code);
		},
		pull: async () => {
			throw new TransportError(status, 'échec', code);
		}
	};
}

describe('SyncEngine', () => {
	it('applies a mutation locally at once and keeps it through every kind of failure', async () => {
		const store = new MemoryStore('device-1');
		await store.applyPull(pullResponse(0), () => undefined);
		const now = () => new Date('2026-11-23T10:00:00Z');
		const id = await new SyncEngine(store, failingTransport(null), now).mutate('updateSiteAccessNotes@1', {
			siteId: 'mairie-lavit',
			base: '',
			value: 'Sonner à droite'
		});
		expect(id).toBe(1);
		expect(store.view.sites.get('mairie-lavit')?.accessNotes).toBe('Sonner à droite');
		for (const [status, reason] of [
			[null, 'offline'],
			[401, 'unauthorised'],
			[426, 'outdated'],
			[503, 'server']
		] as const) {
			const outcome = await new SyncEngine(store, failingTransport(status), now).sync();
			expect(outcome).toMatchObject({ ok: false, reason });
			expect(store.pending.map((m) => m.id)).toEqual([1]);
		}
	});

	it('forgets the personal data when the session was revoked, and keeps the outbox for the next sign-in', async () => {
		const store = new MemoryStore('device-lost');
		const visit = homeVisitRow();
		await store.applyPull(
			{ ...pullResponse(0), changes: { sites: [site], homeVisits: [visit] } },
			() => undefined
		);
		const now = () => new Date('2026-11-23T10:00:00Z');
		await new SyncEngine(store, failingTransport(null), now).mutate('updateSiteAccessNotes@1', {
			siteId: site.id,
			base: '',
			value: 'Sonner à droite'
		});
		store.reviews.push({ mutation: { ...store.pending[0]! }, status: 'rejected', reason: 'refusée' });

		// Expired, not revoked: nothing is forgotten, the person signs in again.
		expect(await new SyncEngine(store, failingTransport(401), now).sync()).toMatchObject({
			reason: 'unauthorised'
		});
		expect(store.view.homeVisits.size).toBe(1);

		const outcome = await new SyncEngine(store, failingTransport(401, 'sessionRevoked'), now).sync();
		expect(outcome).toMatchObject({ ok: false, reason: 'revoked' });
		expect(store.view.homeVisits.size).toBe(0);
		expect(store.base.homeVisits.size).toBe(0);
		expect(store.reviews).toEqual([]);
		expect(await store.cursor()).toBeNull();
		// What is not personal stays, and so do the changes not yet sent.
		expect(store.view.sites.get(site.id)?.accessNotes).toBe('Sonner à droite');
		expect(store.pending.map((m) => m.id)).toEqual([1]);
	});

	it('refuses invalid arguments before they reach the outbox', async () => {
		const store = new MemoryStore('device-2');
		const engine = new SyncEngine(store, failingTransport(null), () => new Date(0));
		await expect(
			engine.mutate('updateSiteAccessNotes@1', { siteId: 'Pas un identifiant', base: '', value: 'x' })
		).rejects.toThrow(/invalide/);
		expect(store.pending).toHaveLength(0);
	});

	it('keeps a rejected mutation for review and drops it from the outbox once confirmed', async () => {
		const store = new MemoryStore('device-3');
		await store.applyPull(pullResponse(0), () => undefined);
		const transport: Transport = {
			push: async (req) => ({
				results: req.mutations.map((m) => ({
					id: m.id,
					status: 'rejected' as const,
					reason: 'Ce lieu ne fait plus partie de votre tournée.'
				})),
				lastMutationId: req.mutations.at(-1)?.id ?? 0
			}),
			pull: async () => pullResponse(1, 'Version du serveur')
		};
		const engine = new SyncEngine(store, transport, () => new Date(0));
		await engine.mutate('updateSiteAccessNotes@1', { siteId: 'mairie-lavit', base: '', value: 'Ma version' });
		expect(await engine.sync()).toMatchObject({ ok: true, pushed: 1 });
		expect(store.pending).toHaveLength(0);
		expect(store.reviews).toHaveLength(1);
		expect(store.reviews[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/tournée/) });
		expect(store.view.sites.get('mairie-lavit')?.accessNotes).toBe('Version du serveur');
	});
});

describe('pushBatches', () => {
	const mutation = (id: number, note = '') => ({ id, name: 'updateSiteAccessNotes@1', args: { note } });

	it('keeps the order and every mutation, within the count and the byte budget of a request', () => {
		const outbox = Array.from({ length: 450 }, (_, i) => mutation(i + 1, 'é'.repeat(i % 300)));
		const batches = pushBatches(outbox, 200, 20_000);
		expect(batches.flat()).toEqual(outbox);
		for (const batch of batches) {
			expect(batch.length).toBeLessThanOrEqual(200);
			// UTF-8 bytes, not characters: "é" weighs two.
			expect(new TextEncoder().encode(JSON.stringify(batch)).length).toBeLessThanOrEqual(20_000);
		}
		expect(pushBatches(outbox.slice(0, 250), 200, 1_000_000).map((b) => b.length)).toEqual([200, 50]);
	});

	it('sends a mutation larger than the budget alone rather than never', () => {
		const outbox = [mutation(1), mutation(2, 'x'.repeat(5000)), mutation(3)];
		expect(pushBatches(outbox, 200, 1000).map((b) => b.map((m) => m.id))).toEqual([[1], [2], [3]]);
		expect(pushBatches([], 200, 1000)).toEqual([]);
	});
});
