import { app } from '$lib/server/app';
import { requirePageRole } from '$lib/server/http/guards';
import { homeVisitAccessLog } from '$lib/server/services/home-visits';
import type { PageServerLoad } from './$types';

const ACTIONS: Record<string, string> = {
	'homeVisit.read': 'a consulté la fiche',
	'homeVisit.create': 'a enregistré la demande',
	'homeVisit.transition': 'a changé l’état',
	'homeVisit.anonymise': 'effacement des données (délai écoulé)'
};

/** Who opened or changed which person's record: the access log the CNIL expects. */
export const load: PageServerLoad = async (event) => {
	requirePageRole(event, ['coordinator']);
	const rows = await homeVisitAccessLog((await app()).db);
	return {
		entries: rows.map((r) => ({
			at: r.at,
			who: r.display_name ?? 'le serveur',
			what: ACTIONS[r.action] ?? r.action,
			objectId: r.object_id,
			link: r.action !== 'homeVisit.anonymise'
		}))
	};
};
