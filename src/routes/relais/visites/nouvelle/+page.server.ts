import { fail, redirect } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { formFailure } from '$lib/server/forms';
import { requirePageRole } from '$lib/server/guards';
import { homeVisitFormOptions, readHomeVisitForm } from '$lib/server/home-visit-form';
import { createHomeVisitRequest } from '$lib/server/services/home-visits';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['relay']);
	return homeVisitFormOptions((await app()).db);
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePageRole(event, ['relay']);
		const { result, values } = readHomeVisitForm(await event.request.formData());
		if (!result.ok) return fail(400, { ...result.failure.data, values });
		const ctx = await app();
		try {
			await createHomeVisitRequest(ctx.db, user, result.data, ctx.now());
		} catch (e) {
			const failure = formFailure(e);
			return fail(failure.status, { ...failure.data, values });
		}
		redirect(303, '/relais?demande=envoyee');
	}
};
