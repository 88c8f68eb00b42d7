import type { DB } from '../db';
import { listAdvisers } from '../services/accounts';
import { listOperators, listSites, listTours } from '../services/referential';
import type { Names } from './indicators-page';

/** The names the indicators refer to: tours, sites, advisers (former ones too), operators. */
export async function indicatorNames(db: DB): Promise<Names> {
	const [tours, sites, advisers, operators] = await Promise.all([
		listTours(db),
		listSites(db),
		listAdvisers(db, { includeFormer: true }),
		listOperators(db)
	]);
	return {
		tours: tours.map((t) => ({ id: t.id, number: t.number, name: t.name, colour: t.colour })),
		sites: sites.map((s) => ({ id: s.id, name: s.name, communeName: s.communeName })),
		advisers: advisers.map((a) => ({ id: a.id, name: a.displayName })),
		operators: operators.map((o) => ({ id: o.id, shortName: o.shortName }))
	};
}
