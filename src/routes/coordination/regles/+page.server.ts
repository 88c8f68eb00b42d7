import { localRulesInput } from '$lib/contracts';
import { DEFAULT_LOCAL_RULES } from '$lib/domain/local-rules';
import { app } from '$lib/server/app';
import { displayNameOf } from '$lib/server/services/accounts';
import { field, formFailure, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { getLocalRules, updateLocalRules } from '$lib/server/services/local-rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const rules = await getLocalRules(ctx.db);
	const updatedByName = rules.updatedBy ? await displayNameOf(ctx.db, rules.updatedBy) : null;
	return { rules, updatedByName, defaults: { ...DEFAULT_LOCAL_RULES } };
};

/** A number typed in a form, or what was typed when it is not one (the contract then names the field). */
function days(value: string): number | string {
	const n = Number(value);
	return value.trim() !== '' && Number.isFinite(n) ? n : value;
}

export const actions: Actions = {
	enregistrer: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(localRulesInput, {
			minSpacingDays: days(field(form, 'minSpacingDays')),
			level2ResponseDays: days(field(form, 'level2ResponseDays')),
			crewWithDigitalAdviser: field(form, 'crewWithDigitalAdviser') === 'on',
			idleLockMinutes: days(field(form, 'idleLockMinutes'))
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			await updateLocalRules(ctx.db, user, v.data, ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return {
			saved:
				'Règles enregistrées : le calendrier les applique dès maintenant, les appareils à leur prochaine synchronisation.'
		};
	}
};
