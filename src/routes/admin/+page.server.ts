import { ADVISER_KIND_LABELS, ROLE_LABELS } from '$lib/domain/roles';
import { accountActions } from '$lib/server/forms/account-actions';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import { listAccounts } from '$lib/server/services/accounts';
import { listRelayOrganisations, listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['admin']);
	const ctx = await app();
	const [accounts, tours, orgs] = await Promise.all([
		listAccounts(ctx.db, user, ctx.now()),
		listTours(ctx.db),
		listRelayOrganisations(ctx.db)
	]);
	return {
		selfId: user.id,
		engine: ctx.engine,
		accounts: accounts.map((a) => ({ ...a, roleLabel: ROLE_LABELS[a.role] })),
		roles: Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label })),
		kinds: Object.entries(ADVISER_KIND_LABELS).map(([value, label]) => ({ value, label })),
		tours,
		organisations: orgs.map((o) => ({ id: o.id, name: o.name }))
	};
};

export const actions = accountActions(['admin']);
