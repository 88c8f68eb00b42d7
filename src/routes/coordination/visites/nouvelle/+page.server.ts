import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formFailure } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { homeVisitFormOptions, readHomeVisitForm } from '$lib/server/forms/home-visit-request';
import { createHomeVisitRequest } from '$lib/server/services/home-visits';
import type { Actions, PageServerLoad } from './$types';

/** A request the coordination takes by phone (the same form as the relays'). */
export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	return homeVisitFormOptions((await app()).db);
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const { result, values } = readHomeVisitForm(await event.request.formData());
		if (!result.ok) return fail(400, { ...result.failure.data, values });
		const ctx = await app();
		let id: string;
		try {
			id = (await createHomeVisitRequest(ctx.db, user, result.data, ctx.now())).id;
		} catch (e) {
			const failure = formFailure(e);
			return fail(failure.status, { ...failure.data, values });
		}
		redirect(303, `/coordination/visites/${id}`);
	}
};
