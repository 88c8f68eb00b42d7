import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formFailure } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { importPendingChanges } from '$lib/server/sync/import';
import type { Actions, PageServerLoad } from './$types';

/** Largest file accepted (an outbox of 5,000 changes fits well within it). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	return {};
};

const NAMES: Record<string, string> = {
	'updateSiteAccessNotes@1': 'Notes d’accès d’un lieu',
	'updateSiteDetails@1': 'Fiche d’un lieu',
	'changeSiteLifecycle@1': 'Cycle de vie d’un lieu'
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { error: 'Choisissez le fichier exporté par l’appareil (.json).', errors: {} });
		}
		if (file.size > MAX_FILE_BYTES) {
			return fail(413, { error: 'Fichier trop volumineux (2 Mo au plus).', errors: {} });
		}
		let content: unknown;
		try {
			content = JSON.parse(await file.text());
		} catch {
			return fail(400, { error: 'Ce fichier n’est pas un fichier JSON lisible.', errors: {} });
		}
		const ctx = await app();
		try {
			const report = await importPendingChanges(ctx.db, user, content, ctx.now());
			return {
				saved: `Modifications de ${report.author.displayName} importées : ${report.counts.applied} appliquée(s), ${report.counts.conflict} en conflit, ${report.counts.rejected} refusée(s).`,
				results: report.results.map((r) => ({
					id: r.id,
					what: NAMES[r.name] ?? r.name,
					status: r.status,
					reason: r.reason ?? ''
				}))
			};
		} catch (e) {
			return formFailure(e);
		}
	}
};
