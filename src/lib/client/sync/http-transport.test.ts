import { describe, expect, it } from 'vitest';
import { TransportError } from '$lib/sync/engine';
import { httpTransport } from './http-transport';

const answering = (status: number, body: string): typeof fetch =>
	(async () =>
		new Response(body, { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;

const pullRequest = { clientId: 'device-0001', schemaVersion: 1, cursor: null };
const commune = {
	insee: '82094',
	name: 'Lavit',
	postcodes: ['82120'],
	population: 1600,
	lat: 43.96,
	lon: 0.92,
	mdsId: null
};

describe('httpTransport', () => {
	it('returns an answer of the protocol’s shape', async () => {
		const pulled = await httpTransport(
			'',
			answering(
				200,
				JSON.stringify({
					cursor: '8|all|3',
					reset: true,
					lastMutationId: 0,
					changes: { communes: [commune] },
					deletes: {}
				})
			)
		).pull(pullRequest);
		expect(pulled.changes.communes?.[0]?.name).toBe('Lavit');
	});

	it('refuses an answer whose rows are not of their entity’s shape, naming the field', async () => {
		const transport = httpTransport(
			'',
			answering(
				200,
				JSON.stringify({
					cursor: '8|all|3',
					reset: true,
					lastMutationId: 0,
					changes: { communes: [{ ...commune, postcodes: '82120' }] },
					deletes: {}
				})
			)
		);
		const error = await transport.pull(pullRequest).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).message).toMatch(
			/^Réponse du serveur invalide \(changes\.communes\.0\.postcodes\)/
		);
	});

	it('refuses a push answer that is not JSON or lacks its results', async () => {
		const request = { clientId: 'device-0001', schemaVersion: 1, mutations: [] };
		await expect(httpTransport('', answering(200, '<html>')).push(request)).rejects.toThrow(/pas du JSON/);
		await expect(httpTransport('', answering(200, '{"lastMutationId":1}')).push(request)).rejects.toThrow(
			/Réponse du serveur invalide \(results\)/
		);
	});

	it('keeps the server’s French message on an error status', async () => {
		const error = await httpTransport('', answering(426, '{"error":"Mettez l’application à jour."}'))
			.pull(pullRequest)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ status: 426, message: 'Mettez l’application à jour.' });
	});

	it('passes on the code of a refusal the device must act on (a revoked session)', async () => {
		const error = await httpTransport(
			'',
			answering(401, '{"error":"Session fermée par la coordination.","code":"sessionRevoked"}')
		)
			.pull(pullRequest)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({
			status: 401,
			code: 'sessionRevoked',
			message: 'Session fermée par la coordination.'
		});
		const plain = await httpTransport('', answering(401, '{"error":"Authentification requise."}'))
			.pull(pullRequest)
			.catch((e: unknown) => e);
		expect(plain).toMatchObject({ status: 401, code: undefined });
	});
});
