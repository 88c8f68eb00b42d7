import { relayOrganisationInput } from '$lib/contracts';
import { RELAY_KIND_LABELS } from '$lib/domain/relay';
import { accountActions } from '$lib/server/forms/account-actions';
import { app } from '$lib/server/app';
import { field, formFailure, optionalField, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { listAccounts } from '$lib/server/services/accounts';
import {
	createRelayOrganisation,
	listCommunes,
	listRelayOrganisations
} from '$lib/server/services/referential';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const [orgs, accounts, communes] = await Promise.all([
		listRelayOrganisations(ctx.db),
		listAccounts(ctx.db, user, ctx.now()),
		listCommunes(ctx.db)
	]);
	const communeName = new Map(communes.map((c) => [c.insee, c.name]));
	return {
		organisations: orgs.map((o) => ({
			...o,
			kindLabel: RELAY_KIND_LABELS[o.kind],
			commune: communeName.get(o.communeInsee) ?? o.communeInsee,
			accounts: accounts.filter((a) => a.relayOrganisationId === o.id)
		})),
		kinds: Object.entries(RELAY_KIND_LABELS).map(([value, label]) => ({ value, label })),
		communes: communes.map((c) => ({ insee: c.insee, name: c.name }))
	};
};

export const actions: Actions = {
	...accountActions(['coordinator']),
	structure: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(relayOrganisationInput, {
			kind: field(form, 'kind'),
			name: field(form, 'name'),
			communeInsee: field(form, 'communeInsee'),
			address: field(form, 'address'),
			phone: optionalField(form, 'phone'),
			email: optionalField(form, 'email')
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			const org = await createRelayOrganisation(ctx.db, user, v.data, ctx.now());
			return { saved: `Structure « ${org.name} » ajoutée.` };
		} catch (e) {
			return formFailure(e);
		}
	}
};
