import { pullRequest } from '$lib/contracts';
import { MIN_CLIENT_SCHEMA_VERSION } from '$lib/sync/protocol';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { Refusal } from '$lib/server/errors';
import { pull } from '$lib/server/sync/pull';
import { compressedJson } from '$lib/server/http/compress';

/** What changed in the caller's scope since their cursor (POST: the cursor travels in the body). */
export const POST = endpoint(['coordinator', 'adviser', 'relay', 'admin'], async ({ event, user, ctx }) => {
	const request = await parseJson(event, pullRequest);
	if (request.schemaVersion < MIN_CLIENT_SCHEMA_VERSION) {
		throw new Refusal(
			'outdatedClient',
			'Cette version de l’application est trop ancienne : mettez-la à jour. Vos modifications en attente sont conservées.'
		);
	}
	return compressedJson(event.request, await pull(ctx.db, user, request.clientId, request.cursor, ctx.now()));
});
