import { error } from '@sveltejs/kit';
import { formatFrenchDate } from '$lib/domain/dates';
import { siteLabelling, siteLifecycleChange, siteUpdate } from '$lib/contracts';
import {
	HALF_DAY_PERIODS,
	SITE_KIND_LABELS,
	SITE_STATUS_LABELS,
	allowedNextStatuses,
	type OpeningSlot,
	type Weekday
} from '$lib/domain/site';
import { app } from '$lib/server/app';
import { field, formFailure, optionalField, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import {
	changeSiteLifecycle,
	getSite,
	listTours,
	recordLabelling,
	updateSite
} from '$lib/server/services/referential';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const site = await getSite(ctx.db, event.params.id);
	if (!site) error(404, 'Lieu introuvable.');
	return {
		site,
		kindLabel: SITE_KIND_LABELS[site.kind],
		statusLabel: SITE_STATUS_LABELS[site.lifecycle.status],
		nextStatuses: allowedNextStatuses(site.lifecycle.status).map((s) => ({
			value: s,
			label: SITE_STATUS_LABELS[s]
		})),
		tours: await listTours(ctx.db)
	};
};

function slotsFromForm(form: FormData): OpeningSlot[] {
	const slots: OpeningSlot[] = [];
	for (const weekday of [1, 2, 3, 4, 5, 6] as Weekday[]) {
		for (const period of HALF_DAY_PERIODS) {
			const key = `${weekday}-${period}`;
			if (form.get(`slot-${key}`) === 'on') {
				slots.push({ weekday, period, start: field(form, `start-${key}`), end: field(form, `end-${key}`) });
			}
		}
	}
	return slots;
}

export const actions: Actions = {
	enregistrer: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(siteUpdate, {
			name: field(form, 'name'),
			address: field(form, 'address'),
			accessNotes: field(form, 'accessNotes'),
			addressToConfirm: form.get('addressToConfirm') === 'on',
			openingSlots: slotsFromForm(form),
			tourId: optionalField(form, 'tourId')
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			await updateSite(ctx.db, user, event.params.id, v.data, ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return { saved: 'Les modifications du lieu sont enregistrées.' };
	},
	cycle: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const redirectName = optionalField(form, 'redirectName');
		const v = validateForm(siteLifecycleChange, {
			status: field(form, 'status'),
			closingOn: optionalField(form, 'closingOn'),
			redirect: redirectName
				? {
						name: redirectName,
						address: optionalField(form, 'redirectAddress'),
						phone: optionalField(form, 'redirectPhone')
					}
				: null
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			await changeSiteLifecycle(ctx.db, user, event.params.id, v.data, ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return { saved: 'Le cycle de vie du lieu est mis à jour.' };
	},
	/** The opening date of the France Services whose labelling ends this site. */
	labellisation: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(siteLabelling, { openingOn: field(form, 'openingOn') });
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			const site = await recordLabelling(ctx.db, user, event.params.id, v.data.openingOn, ctx.now());
			return {
				saved:
					site.lifecycle.status === 'closed'
						? `Lieu fermé : les habitants sont orientés vers la ${site.replacedBy?.name ?? 'France Services'}.`
						: `Dernière permanence le ${formatFrenchDate(site.lifecycle.closingOn ?? '')} ; ensuite, les habitants sont orientés vers la ${site.replacedBy?.name ?? 'France Services'}.`
			};
		} catch (e) {
			return formFailure(e);
		}
	}
};
