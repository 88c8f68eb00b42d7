import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { readUploadedFile } from '$lib/server/forms/upload';
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
		const upload = await readUploadedFile(await event.request.formData(), {
			what: 'le fichier exporté par l’appareil (.json)',
			maxBytes: MAX_FILE_BYTES,
			tooLargeHint: 'un appareil exporte bien moins que cela',
			utf8: true
		});
		if (!upload.ok) return upload.failure;
		let content: unknown;
		try {
			content = JSON.parse(upload.file.text);
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
