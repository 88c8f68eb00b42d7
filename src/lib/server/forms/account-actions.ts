import type { RequestEvent } from '@sveltejs/kit';
import { accountInput, accountUpdate } from '$lib/contracts';
import type { Role } from '$lib/domain/roles';
import { app } from '../app';
import { field, formFailure, optionalField, validateForm } from './validate';
import { requirePageRole } from '../http/guards';
import { createAccount, revokeAccountSessions, updateAccount } from '../services/accounts';

/** The account form actions shared by the coordination's team and relay pages and the admin page. */
export function accountActions(roles: readonly Role[]) {
	return {
		creer: async (event: RequestEvent) => {
			const user = requirePageRole(event, roles);
			const form = await event.request.formData();
			const v = validateForm(accountInput, {
				email: field(form, 'email'),
				displayName: field(form, 'displayName'),
				role: field(form, 'role'),
				password: field(form, 'password'),
				adviserKind: optionalField(form, 'adviserKind'),
				tourId: optionalField(form, 'tourId'),
				relayOrganisationId: optionalField(form, 'relayOrganisationId')
			});
			if (!v.ok) return v.failure;
			const ctx = await app();
			try {
				const account = await createAccount(ctx.db, user, v.data, ctx.now());
				return { saved: `Compte créé pour ${account.displayName} (${account.email}).` };
			} catch (e) {
				return formFailure(e);
			}
		},
		modifier: async (event: RequestEvent) => {
			const user = requirePageRole(event, roles);
			const form = await event.request.formData();
			const v = validateForm(accountUpdate, {
				...(form.has('tourId') ? { tourId: optionalField(form, 'tourId') } : {}),
				...(form.has('active') ? { active: field(form, 'active') === 'true' } : {})
			});
			if (!v.ok) return v.failure;
			const ctx = await app();
			try {
				const account = await updateAccount(ctx.db, user, field(form, 'accountId'), v.data, ctx.now());
				return { saved: `Compte de ${account.displayName} mis à jour.` };
			} catch (e) {
				return formFailure(e);
			}
		},
		revoquer: async (event: RequestEvent) => {
			const user = requirePageRole(event, roles);
			const form = await event.request.formData();
			const ctx = await app();
			try {
				const n = await revokeAccountSessions(ctx.db, user, field(form, 'accountId'), ctx.now());
				return {
					saved: `${n} session${n > 1 ? 's' : ''} fermée${n > 1 ? 's' : ''} : chaque appareil effacera ses données personnelles dès qu'il rejoindra le réseau.`
				};
			} catch (e) {
				return formFailure(e);
			}
		}
	};
}
