import { homeVisitTransition } from '$lib/contracts';
import { HOME_VISIT_STATUS_LABELS, MOBILITY_REASON_LABELS, nextStatuses } from '$lib/domain/home-visit';
import { app } from '$lib/server/app';
import { field, formFailure, optionalField, validateForm } from '$lib/server/forms/validate';
import { requirePageRole } from '$lib/server/http/guards';
import { Refusal } from '$lib/server/errors';
import { getHomeVisit, transitionHomeVisit } from '$lib/server/services/home-visits';
import { suggestSlotsFor } from '$lib/server/services/visit-slots';
import { getCommune, listOperators, listTours } from '$lib/server/services/referential';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator']);
	const ctx = await app();
	let visit;
	try {
		visit = await getHomeVisit(ctx.db, user, event.params.id, ctx.now());
	} catch (e) {
		if (e instanceof Refusal && e.kind === 'notFound') error(404, 'Demande introuvable.');
		throw e;
	}
	const [commune, operators, tours] = await Promise.all([
		getCommune(ctx.db, visit.communeInsee),
		listOperators(ctx.db),
		listTours(ctx.db)
	]);
	const next = nextStatuses(visit.status, user.role);
	const suggestions = next.includes('scheduled') ? await suggestSlotsFor(ctx.db, visit, ctx.now()) : [];
	return {
		visit: {
			...visit,
			statusLabel: HOME_VISIT_STATUS_LABELS[visit.status],
			reasonLabels: visit.reasons.map((r) => MOBILITY_REASON_LABELS[r]),
			commune: commune?.name ?? visit.communeInsee,
			operator: operators.find((o) => o.id === visit.operatorId)?.shortName ?? 'autre',
			tour: tours.find((t) => t.id === visit.tourId) ?? null
		},
		next,
		suggestions
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requirePageRole(event, ['coordinator']);
		const form = await event.request.formData();
		const chosen = field(form, 'slot');
		const [date, period, start, end] = chosen ? chosen.split('|') : [];
		const v = validateForm(homeVisitTransition, {
			to: field(form, 'to'),
			reason: optionalField(form, 'reason'),
			slot:
				field(form, 'to') === 'scheduled'
					? chosen
						? { date, period, start, end }
						: {
								date: field(form, 'date'),
								period: field(form, 'period'),
								start: field(form, 'start'),
								end: field(form, 'end')
							}
					: null
		});
		if (!v.ok) return v.failure;
		const ctx = await app();
		try {
			const after = await transitionHomeVisit(ctx.db, user, event.params.id, v.data, ctx.now());
			return { saved: `Demande passée à « ${HOME_VISIT_STATUS_LABELS[after.status]} ».` };
		} catch (e) {
			return formFailure(e);
		}
	}
};
