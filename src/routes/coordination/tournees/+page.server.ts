import { siteUpdate, tourUpdate } from '$lib/contracts';
import { app } from '$lib/server/app';
import { field, formFailure, optionalField, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { listSites, listTours, listVehicles, updateSite, updateTour } from '$lib/server/services/referential';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const [tours, sites, vehicles] = await Promise.all([
		listTours(ctx.db),
		listSites(ctx.db),
		listVehicles(ctx.db)
	]);
	return {
		tours,
		vehicles,
		sites: sites.map((s) => ({ id: s.id, name: s.name, commune: s.communeName, tourId: s.tourId }))
	};
};

export const actions: Actions = {
	/** Saves the assignment of every site to a tour in one go. */
	affectation: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const ctx = await app();
		const form = await event.request.formData();
		const sites = await listSites(ctx.db);
		const changes = [];
		for (const site of sites) {
			const v = validateForm(siteUpdate, { tourId: optionalField(form, `tour-${site.id}`) });
			if (!v.ok) return v.failure;
			if ((v.data.tourId ?? null) !== site.tourId) changes.push({ id: site.id, data: v.data });
		}
		try {
			for (const c of changes) await updateSite(ctx.db, user, c.id, c.data, ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return {
			saved: `Affectation enregistrée (${changes.length} lieu${changes.length > 1 ? 'x' : ''} modifié${changes.length > 1 ? 's' : ''}).`
		};
	},
	tournee: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(tourUpdate, {
			name: field(form, 'name'),
			vehicleId: optionalField(form, 'vehicleId')
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			await updateTour(ctx.db, user, field(form, 'tourId'), v.data, ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return { saved: 'Tournée enregistrée.' };
	}
};
