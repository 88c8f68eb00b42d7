import { ADVISER_KIND_LABELS } from '$lib/domain/roles';
import { accountActions } from '$lib/server/forms/account-actions';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import { listAccounts } from '$lib/server/services/accounts';
import { listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const accounts = await listAccounts(ctx.db, user, ctx.now());
	return {
		advisers: accounts
			.filter((a) => a.role === 'adviser')
			.map((a) => ({ ...a, kindLabel: a.adviserKind ? ADVISER_KIND_LABELS[a.adviserKind] : '' })),
		tours: await listTours(ctx.db),
		kinds: Object.entries(ADVISER_KIND_LABELS).map(([value, label]) => ({ value, label }))
	};
};

export const actions = accountActions(['coordinator']);
