import { RELAY_KIND_LABELS } from '$lib/domain/relay';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/guards';
import { getCommune, listCommunes, listRelayOrganisations } from '$lib/server/services/referential';
import { listHomeVisits } from '$lib/server/services/home-visits';
import { HOME_VISIT_STATUS_LABELS } from '$lib/domain/home-visit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['relay']);
	const ctx = await app();
	const [org] = user.relayOrganisationId
		? await listRelayOrganisations(ctx.db, { id: user.relayOrganisationId })
		: [];
	const commune = org ? await getCommune(ctx.db, org.communeInsee) : null;
	const communeName = new Map((await listCommunes(ctx.db)).map((c) => [c.insee, c.name]));
	// The relay's own requests and their state (never what was recorded during the visit).
	const requests = org ? await listHomeVisits(ctx.db, user) : [];
	return {
		sent: event.url.searchParams.get('demande') === 'envoyee',
		requests: requests.map((r) => ({
			id: r.id,
			commune: communeName.get(r.communeInsee) ?? r.communeInsee,
			subject: r.subject,
			status: HOME_VISIT_STATUS_LABELS[r.status],
			slot: r.slot,
			createdAt: r.createdAt
		})),
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
