import { error } from '@sveltejs/kit';
import { permanenceCancellation, permanenceMove, permanenceMoveCheck } from '$lib/contracts';
import { app } from '$lib/server/app';
import { listAdvisers } from '$lib/server/services/accounts';
import { field, formFailure, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { bindingIssues } from '$lib/planner';
import { checkPermanenceMove, moveCheckedPermanence } from '$lib/server/services/plan-proposals';
import { cancelPermanence, getPermanence } from '$lib/server/services/permanences';
import { noticesFor } from '$lib/server/views/public-calendar';
import { publishedThrough } from '$lib/server/services/publication';
import { getSite, listTours } from '$lib/server/services/referential';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const permanence = await getPermanence(ctx.db, event.params.id);
	if (!permanence) error(404, 'Permanence introuvable.');
	const [site, tours, advisers, notices, through] = await Promise.all([
		getSite(ctx.db, permanence.siteId),
		listTours(ctx.db),
		listAdvisers(ctx.db, { includeFormer: true }),
		noticesFor(ctx.db, [permanence.siteId], '0000-01-01'),
		publishedThrough(ctx.db)
	]);
	const names = new Map(advisers.map((a) => [a.id, a.displayName]));
	return {
		today: ctx.today(),
		publishedThrough: through,
		permanence: { ...permanence, crew: permanence.adviserIds.map((id) => names.get(id) ?? id) },
		site: site && { id: site.id, name: site.name, commune: site.communeName, address: site.address },
		tour: tours.find((t) => t.id === permanence.tourId) ?? null,
		notices: notices.filter((n) => n.permanenceId === permanence.id)
	};
};

function moveInput(form: FormData) {
	return validateForm(permanenceMove, {
		date: field(form, 'date'),
		period: field(form, 'period'),
		reason: field(form, 'reason')
	});
}

export const actions: Actions = {
	/** Checks the rules without saving: each broken rule is explained. */
	verifier: async (event) => {
		requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(permanenceMoveCheck, { date: field(form, 'date'), period: field(form, 'period') });
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			const { issues } = await checkPermanenceMove(
				ctx.db,
				event.params.id,
				{ date: v.data.date, period: v.data.period },
				ctx.today()
			);
			return {
				checked: true,
				issues: bindingIssues(issues).map((i) => i.message),
				warnings: issues.filter((i) => i.severity === 'warning').map((i) => i.message),
				values: { ...v.data, reason: field(form, 'reason') }
			};
		} catch (e) {
			return formFailure(e);
		}
	},
	deplacer: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = moveInput(form);
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			await moveCheckedPermanence(ctx.db, user, event.params.id, v.data, ctx.today(), ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return { saved: 'Permanence déplacée. Le changement sera annoncé au public à la prochaine publication.' };
	},
	annuler: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const v = validateForm(permanenceCancellation, { reason: field(form, 'reason') });
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			await cancelPermanence(ctx.db, user, event.params.id, v.data.reason, ctx.now());
		} catch (e) {
			return formFailure(e);
		}
		return { saved: 'Permanence annulée. L’annulation sera annoncée au public à la prochaine publication.' };
	}
};
