import { RELAY_KIND_LABELS } from '$lib/domain/relay';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/guards';
import { getCommune, listRelayOrganisations } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['relay']);
	const ctx = await app();
	const [org] = user.relayOrganisationId
		? await listRelayOrganisations(ctx.db, { id: user.relayOrganisationId })
		: [];
	const commune = org ? await getCommune(ctx.db, org.communeInsee) : null;
	return {
		user: { displayName: user.displayName },
		organisation: org
			? {
					name: org.name,
					kind: RELAY_KIND_LABELS[org.kind],
					address: org.address,
					phone: org.phone,
					email: org.email,
					commune: commune?.name ?? ''
				}
			: null
	};
};
