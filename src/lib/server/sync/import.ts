import { pendingChangesFile, PUSH_BATCH_SIZE } from '$lib/contracts';
import type { Role } from '$lib/domain/roles';
import { CLIENT_SCHEMA_VERSION, type MutationResult } from '$lib/sync/protocol';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { issuesOf, Refusal } from '../errors';
import { audit } from '../services/audit';
import { push, TransientSyncError } from './push';

export interface ImportReport {
	author: { id: string; displayName: string };
	clientId: string;
	results: (MutationResult & { name: string })[];
	counts: Record<MutationResult['status'], number>;
}

/**
 * Imports the pending changes a device exported before it was wiped: they go through the same
 * push as the device would have sent them, **as their author** (same rules, same scope) and with
 * the device's own client id, so a change the device had already delivered is a replay, never
 * applied twice. A file that does not validate changes nothing.
 */
export async function importPendingChanges(
	db: DB,
	coordinator: SessionUser,
	file: unknown,
	now: Date
): Promise<ImportReport> {
	const parsed = pendingChangesFile.safeParse(file);
	if (!parsed.success) {
		throw new Refusal(
			'unprocessable',
			'Fichier refusé : ce n’est pas un export valide de modifications en attente.',
			issuesOf(parsed.error).map((i) => ({
				path: i.path,
				message: i.path ? `${i.path} : ${i.message}` : i.message
			}))
		);
	}
	const data = parsed.data;
	const row = await db.selectFrom('users').selectAll().where('id', '=', data.user.id).executeTakeFirst();
	if (!row)
		throw new Refusal(
			'unprocessable',
			'Fichier refusé : le compte qui a fait ces modifications n’existe pas ici.'
		);
	if (row.role !== 'adviser' && row.role !== 'relay' && row.role !== 'coordinator') {
		throw new Refusal(
			'unprocessable',
			'Fichier refusé : ce compte ne fait pas de modifications synchronisées.'
		);
	}
	const device = await db
		.selectFrom('sync_clients')
		.select('user_id')
		.where('client_id', '=', data.clientId)
		.executeTakeFirst();
	if (device && device.user_id !== row.id) {
		throw new Refusal('unprocessable', 'Fichier refusé : cet appareil est enregistré pour un autre compte.');
	}
	const author: SessionUser = {
		id: row.id,
		email: row.email,
		displayName: row.display_name,
		role: row.role as Role,
		adviserKind: row.adviser_kind as SessionUser['adviserKind'],
		tourId: row.tour_id,
		relayOrganisationId: row.relay_organisation_id
	};
	const outbox = data.outbox.map(({ id, name, args }) => ({ id, name, args })).sort((a, b) => a.id - b.id);
	const results: ImportReport['results'] = [];
	for (let i = 0; i < outbox.length; i += PUSH_BATCH_SIZE) {
		const batch = outbox.slice(i, i + PUSH_BATCH_SIZE);
		try {
			const answer = await push(
				db,
				author,
				{ clientId: data.clientId, schemaVersion: CLIENT_SCHEMA_VERSION, mutations: batch },
				now
			);
			for (const r of answer.results)
				results.push({ ...r, name: batch.find((m) => m.id === r.id)?.name ?? '' });
		} catch (e) {
			if (e instanceof TransientSyncError) {
				throw new Refusal(
					'unavailable',
					'Le serveur n’a pas pu tout enregistrer : importez à nouveau le même fichier (rien ne sera appliqué deux fois).'
				);
			}
			throw e;
		}
	}
	const counts = { applied: 0, conflict: 0, rejected: 0, skipped: 0 };
	for (const r of results) counts[r.status]++;
	await audit(
		db,
		{
			actorUserId: coordinator.id,
			action: 'sync.import',
			objectType: 'user',
			objectId: author.id,
			details: { clientId: data.clientId, exportedAt: data.exportedAt, ...counts }
		},
		now
	);
	return {
		author: { id: author.id, displayName: author.displayName },
		clientId: data.clientId,
		results,
		counts
	};
}
