import { absenceInput } from '$lib/contracts';
import { app } from '$lib/server/app';
import { listAdvisers } from '$lib/server/services/accounts';
import { field, formFailure, optionalField, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { createAbsence, deleteAbsence, listAbsences } from '$lib/server/services/absences';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const today = ctx.today();
	const [absences, advisers] = await Promise.all([
		listAbsences(ctx.db, { from: today }),
		listAdvisers(ctx.db)
	]);
	const names = new Map(advisers.map((a) => [a.id, a.displayName]));
	return {
		today,
		advisers: advisers.map((a) => ({ id: a.id, name: a.displayName, tourId: a.tourId })),
		absences: absences.map((a) => ({ ...a, adviser: names.get(a.userId) ?? '—' }))
	};
};

export const actions: Actions = {
	ajouter: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(absenceInput, {
			userId: field(form, 'userId'),
			from: field(form, 'from'),
			to: field(form, 'to'),
			period: optionalField(form, 'period'),
			reason: field(form, 'reason')
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			await createAbsence(ctx.db, user, v.data, ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return {
			saved:
				'Absence enregistrée. Calculez une nouvelle proposition de calendrier pour remplacer ou déplacer les permanences concernées.'
		};
	},
	supprimer: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const ctx = await app();
		try {
			await deleteAbsence(ctx.db, user, field(form, 'id'), ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return { saved: 'Absence supprimée.' };
	}
};
