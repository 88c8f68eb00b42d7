import { app } from '$lib/server/app';
import { readUploadedFile } from '$lib/server/forms/upload';
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
		const upload = await readUploadedFile(await event.request.formData(), {
			what: 'le fichier des secteurs (.csv)',
			maxBytes: MAX_SECTOR_FILE_BYTES,
			tooLargeHint: 'une table des secteurs tient en quelques kilo-octets',
			utf8: true
		});
		if (!upload.ok) return upload.failure;
		const ctx = await app();
		try {
			const { communes, changed } = await importMdsSectors(ctx.db, user, upload.file.text, ctx.now());
			return {
				saved: `Table des secteurs importée : ${communes} communes rattachées à une MDS, ${changed} changement${changed > 1 ? 's' : ''}.`
			};
		} catch (e) {
			return formFailure(e);
		}
	}
};
