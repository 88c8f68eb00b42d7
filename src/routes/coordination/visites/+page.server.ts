import { HOME_VISIT_STATUS_LABELS, isClosed } from '$lib/domain/home-visit';
import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/guards';
import { listHomeVisits } from '$lib/server/services/home-visits';
import { listCommunes, listRelayOrganisations, listTours } from '$lib/server/services/referential';
import type { PageServerLoad } from './$types';

/** Every request, new ones first, then those under way; no identity in the list (opening one is logged). */
export const load: PageServerLoad = async (event) => {
	const user = requirePageRole(event, ['coordinator']);
	const ctx = await app();
	const [requests, communes, relays, tours] = await Promise.all([
		listHomeVisits(ctx.db, user),
		listCommunes(ctx.db),
		listRelayOrganisations(ctx.db),
		listTours(ctx.db)
	]);
	const communeName = new Map(communes.map((c) => [c.insee, c.name]));
	const relayName = new Map(relays.map((r) => [r.id, r.name]));
	const tourNumber = new Map(tours.map((t) => [t.id, t.number]));
	const rows = requests.map((r) => ({
		id: r.id,
		status: r.status,
		statusLabel: HOME_VISIT_STATUS_LABELS[r.status],
		commune: communeName.get(r.communeInsee) ?? r.communeInsee,
		tour: r.tourId ? (tourNumber.get(r.tourId) ?? null) : null,
		from: r.relayOrganisationId ? (relayName.get(r.relayOrganisationId) ?? '—') : 'Équipe',
		subject: r.subject,
		slot: r.slot,
		createdAt: r.createdAt
	}));
	return {
		// New requests wait for the coordinator's decision: they come first, under « À traiter ».
		toHandle: rows.filter((r) => r.status === 'requested'),
		open: rows.filter((r) => r.status !== 'requested' && !isClosed(r.status)),
		closed: rows.filter((r) => isClosed(r.status)).slice(0, 50)
	};
};
