import { json } from '@sveltejs/kit';
import { pushRequest } from '$lib/contracts';
import { MIN_CLIENT_SCHEMA_VERSION } from '$lib/sync/protocol';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { Refusal } from '$lib/server/errors';
import { push, TransientSyncError } from '$lib/server/sync/push';
import { compressedJson } from '$lib/server/http/compress';

/** Sends the outbox. Per-mutation outcomes are normal answers (200); 503 only for a technical fault. */
export const POST = endpoint(['coordinator', 'adviser', 'relay', 'admin'], async ({ event, user, ctx }) => {
	const request = await parseJson(event, pushRequest);
	if (request.schemaVersion < MIN_CLIENT_SCHEMA_VERSION) {
		throw new Refusal(
			'outdatedClient',
			'Cette version de l’application est trop ancienne : mettez-la à jour. Vos modifications en attente sont conservées.'
		);
	}
	try {
		return compressedJson(event.request, await push(ctx.db, user, request, ctx.now()));
	} catch (e) {
		if (e instanceof TransientSyncError) {
			return json(
				{ error: 'Le serveur n’a pas pu tout enregistrer : nouvel essai automatique.' },
				{ status: 503, headers: { 'Retry-After': '5' } }
			);
		}
		throw e;
	}
});
