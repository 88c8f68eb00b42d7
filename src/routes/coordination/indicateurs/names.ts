import type { DB } from '$lib/server/db';
import type { Names } from '$lib/server/views/indicators-page';
import { listOperators, listSites, listTours } from '$lib/server/services/referential';

/** The names the indicators refer to: tours, sites, advisers (former ones too), operators. */
export async function indicatorNames(db: DB): Promise<Names> {
	const [tours, sites, advisers, operators] = await Promise.all([
		listTours(db),
		listSites(db),
		db
			.selectFrom('users')
			.select(['id', 'display_name'])
			.where('role', '=', 'adviser')
			.orderBy('display_name')
			.execute(),
		listOperators(db)
	]);
	return {
		tours: tours.map((t) => ({ id: t.id, number: t.number, name: t.name, colour: t.colour })),
		sites: sites.map((s) => ({ id: s.id, name: s.name, communeName: s.communeName })),
		advisers: advisers.map((a) => ({ id: a.id, name: a.display_name })),
		operators: operators.map((o) => ({ id: o.id, shortName: o.shortName }))
	};
}
