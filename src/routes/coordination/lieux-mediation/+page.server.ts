import { fail } from '@sveltejs/kit';
import { MEDIATION_PLACE_KIND_LABELS } from '$lib/domain/mediation';
import { plural } from '$lib/domain/format';
import { app } from '$lib/server/app';
import { readUploadedFile } from '$lib/server/forms/upload';
import { field, formFailure } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { NATIONAL_COLUMNS, REQUIRED_COLUMNS } from '$lib/server/mediation/national-file';
import {
	importMediationPlaces,
	lastDirectoryImport,
	listMediationPlaces,
	MAX_DIRECTORY_FILE_BYTES,
	setMediationPlaceActive,
	type DirectoryImportReport
} from '$lib/server/services/mediation-places';
import type { Actions, PageServerLoad } from './$types';

/** Bad rows shown on the page (their count is always given): enough to fix a file, never a huge page. */
const PROBLEMS_SHOWN = 500;

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const [places, lastImport] = await Promise.all([listMediationPlaces(ctx.db), lastDirectoryImport(ctx.db)]);
	const collator = new Intl.Collator('fr', { sensitivity: 'base' });
	const byCommune = new Map<string, typeof places>();
	for (const p of places) byCommune.set(p.communeName, [...(byCommune.get(p.communeName) ?? []), p]);
	return {
		lastImport,
		counts: {
			total: places.length,
			withdrawn: places.filter((p) => !p.active).length,
			mediation: places.filter((p) => p.kind === 'mediation').length,
			social: places.filter((p) => p.kind === 'social').length
		},
		communes: [...byCommune.entries()]
			.sort(([a], [b]) => collator.compare(a, b))
			.map(([name, list]) => ({
				name,
				places: list
					.sort((a, b) => collator.compare(a.name, b.name))
					.map((p) => ({
						id: p.id,
						name: p.name,
						kindLabel: MEDIATION_PLACE_KIND_LABELS[p.kind],
						address: [p.address, p.addressDetail].filter(Boolean).join(', '),
						postcode: p.postcode,
						hours: p.openingHoursText ?? p.openingHours,
						phone: p.phone,
						emails: p.emails,
						services: p.services,
						typologies: p.typologies,
						approximatePosition: p.approximatePosition,
						source: p.source,
						updatedOn: p.updatedOn,
						active: p.active
					}))
			})),
		columns: {
			required: [...REQUIRED_COLUMNS],
			optional: NATIONAL_COLUMNS.filter((c) => !REQUIRED_COLUMNS.includes(c))
		},
		maxMegabytes: MAX_DIRECTORY_FILE_BYTES / 1024 / 1024
	};
};

/** What the page shows of a report: the bad rows capped, their count kept. */
function reportView(report: DirectoryImportReport) {
	const problems = report.ok ? [] : report.problems;
	return {
		...report,
		problems: problems.slice(0, PROBLEMS_SHOWN).map((p) => ({ ...p, reason: p.reasons.join(' ; ') })),
		problemCount: problems.length
	};
}

export const actions: Actions = {
	importer: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const upload = await readUploadedFile(await event.request.formData(), {
			what: 'le fichier des lieux (.csv ou .json) au format du schéma national',
			maxBytes: MAX_DIRECTORY_FILE_BYTES,
			tooLargeHint: 'exportez les lieux du département seulement',
			utf8: false
		});
		if (!upload.ok) return upload.failure;
		const ctx = await app();
		try {
			const report = await importMediationPlaces(ctx.db, user, upload.file, ctx.now());
			if (!report.ok) {
				const why = report.fileProblem
					? report.fileProblem
					: `${plural(report.problems.length, 'ligne est en erreur', 'lignes sont en erreur')} : corrigez-les dans le fichier puis importez-le à nouveau.`;
				return fail(422, {
					error: `Fichier refusé, rien n’a été importé. ${why}`,
					errors: {},
					report: reportView(report)
				});
			}
			const what = [
				plural(report.created, 'lieu ajouté', 'lieux ajoutés'),
				plural(report.updated, 'lieu mis à jour', 'lieux mis à jour'),
				plural(report.unchanged, 'lieu inchangé', 'lieux inchangés')
			].join(', ');
			return { saved: `Fichier « ${report.fileName} » importé : ${what}.`, report: reportView(report) };
		} catch (e) {
			return formFailure(e);
		}
	},
	retirer: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const id = field(await event.request.formData(), 'id');
		const ctx = await app();
		try {
			const place = await setMediationPlaceActive(ctx.db, user, id, false, ctx.now());
			return {
				saved: `${place.name} est retiré de l'annuaire : les conseillers ne le verront plus proposé.`
			};
		} catch (e) {
			return formFailure(e);
		}
	},
	remettre: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const id = field(await event.request.formData(), 'id');
		const ctx = await app();
		try {
			const place = await setMediationPlaceActive(ctx.db, user, id, true, ctx.now());
			return { saved: `${place.name} est de nouveau proposé aux conseillers.` };
		} catch (e) {
			return formFailure(e);
		}
	}
};
