import { homeVisitRequestInput } from '$lib/contracts';
import type { DB } from './db';
import { field, optionalField, validateForm } from './forms';
import { listCommunes, listOperators } from './services/referential';

/** Reads the request form into the same contract as the JSON API. */
export function readHomeVisitForm(form: FormData) {
	const values: Record<string, string | string[]> = {};
	for (const key of [
		'personName',
		'personPhone',
		'communeInsee',
		'street',
		'accessNotes',
		'operatorId',
		'subject',
		'from',
		'to',
		'note',
		'consent'
	]) {
		values[key] = field(form, key);
	}
	for (const key of ['reasons', 'weekdays', 'periods']) values[key] = form.getAll(key).map(String);
	const result = validateForm(homeVisitRequestInput, {
		personName: field(form, 'personName'),
		personPhone: field(form, 'personPhone'),
		communeInsee: field(form, 'communeInsee'),
		street: field(form, 'street'),
		accessNotes: field(form, 'accessNotes'),
		reasons: values.reasons,
		operatorId: optionalField(form, 'operatorId'),
		subject: field(form, 'subject'),
		availability: {
			weekdays: (values.weekdays as string[]).map(Number),
			periods: values.periods,
			from: optionalField(form, 'from'),
			to: optionalField(form, 'to'),
			note: field(form, 'note')
		},
		consent: field(form, 'consent') === 'yes'
	});
	return { result, values };
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
