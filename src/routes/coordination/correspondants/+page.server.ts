import { correspondentInput } from '$lib/contracts';
import { app } from '$lib/server/app';
import { fail, type ActionFailure } from '@sveltejs/kit';
import {
	field,
	formFailure,
	optionalField,
	validateForm,
	type FormFailure
} from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import {
	createCorrespondent,
	listCorrespondents,
	updateCorrespondent,
	waitingCasesByOperator
} from '$lib/server/services/level2';
import { listOperators } from '$lib/server/services/referential';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const [operators, correspondents, waiting] = await Promise.all([
		listOperators(ctx.db),
		listCorrespondents(ctx.db),
		waitingCasesByOperator(ctx.db, ctx.today())
	]);
	return {
		operators: operators.map((o) => ({
			id: o.id,
			name: o.name,
			shortName: o.shortName,
			correspondents: correspondents.filter((c) => c.operatorId === o.id),
			waiting: waiting.get(o.id) ?? { waiting: 0, overdue: 0 }
		}))
	};
};

/** The form's fields, as the contract reads them. */
function input(form: FormData) {
	return {
		operatorId: field(form, 'operatorId'),
		name: field(form, 'name'),
		title: field(form, 'title'),
		email: optionalField(form, 'email'),
		phone: optionalField(form, 'phone'),
		area: field(form, 'area'),
		active: form.get('active') === 'on'
	};
}

/** Refused: the reason, and what was typed, shown again in the form it came from (`id`: '' for a new one). */
function refused(failure: ActionFailure<FormFailure>, id: string, values: ReturnType<typeof input>) {
	return fail(failure.status, { ...failure.data, values: { ...values, id } });
}

export const actions: Actions = {
	ajouter: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const values = input(await event.request.formData());
		const v = validateForm(correspondentInput, values);
		if (!v.ok) return refused(v.failure, '', values);
		const ctx = await app();
		try {
			const c = await createCorrespondent(ctx.db, user, v.data, ctx.now());
			return { saved: `${c.name} ajouté(e) aux correspondants.` };
		} catch (e) {
			return refused(formFailure(e), '', values);
		}
	},
	modifier: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const id = field(form, 'id');
		const values = input(form);
		const v = validateForm(correspondentInput, values);
		if (!v.ok) return refused(v.failure, id, values);
		const ctx = await app();
		try {
			const c = await updateCorrespondent(ctx.db, user, id, v.data, ctx.now());
			return { saved: `${c.name} : fiche mise à jour${c.active ? '' : ' (ne reçoit plus de dossiers)'}.` };
		} catch (e) {
			return refused(formFailure(e), id, values);
		}
	}
};
