import { fail } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formFailure } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { importMdsSectors, listMdsSectors } from '$lib/server/services/mds-sectors';
import type { Actions, PageServerLoad } from './$types';

/** A sector table is 195 short lines: anything much larger is not one. */
const MAX_SECTOR_FILE_BYTES = 256 * 1024;

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	return listMdsSectors(ctx.db);
};

export const actions: Actions = {
	importer: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, {
				error: 'Choisissez le fichier des secteurs (.csv).',
				errors: { file: 'Fichier manquant.' }
			});
		}
		if (file.size > MAX_SECTOR_FILE_BYTES) {
			return fail(413, {
				error:
					'Ce fichier est trop gros pour une table des secteurs (256 Ko au plus) : rien n’a été importé.',
				errors: { file: 'Fichier trop gros.' }
			});
		}
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
		} catch {
			return fail(400, {
				error:
					'Ce fichier n’est pas un texte UTF-8 : enregistrez-le en « CSV UTF-8 » puis importez-le à nouveau.',
				errors: { file: 'Encodage non reconnu.' }
			});
		}
		const ctx = await app();
		try {
			const { communes, changed } = await importMdsSectors(ctx.db, user, text, ctx.now());
			return {
				saved: `Table des secteurs importée : ${communes} communes rattachées à une MDS, ${changed} changement${changed > 1 ? 's' : ''}.`
			};
		} catch (e) {
			return formFailure(e);
		}
	}
};
