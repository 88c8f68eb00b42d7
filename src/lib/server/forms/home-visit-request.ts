import { homeVisitRequestInput } from '$lib/contracts';
import type { DB } from '../db';
import { validateForm } from './validate';
import { homeVisitFormInput } from '$lib/forms/home-visit';
import { listCommunes, listOperators } from '../services/referential';

/** Reads the request form into the same contract as the JSON API. */
export function readHomeVisitForm(form: FormData) {
	const { candidate, values } = homeVisitFormInput(form);
	return { result: validateForm(homeVisitRequestInput, candidate), values };
}

/** The lists the form offers. */
export async function homeVisitFormOptions(db: DB) {
	const [communes, operators] = await Promise.all([listCommunes(db), listOperators(db)]);
	return {
		communes: communes
			.map((c) => ({ insee: c.insee, name: c.name }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		operators: operators.map((o) => ({ id: o.id, shortName: o.shortName }))
	};
}
