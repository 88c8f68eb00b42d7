import { field, optionalField } from './fields';

/**
 * Reads the home-visit request form into the shape of the contract (`homeVisitRequestInput`),
 * and the values to show again beside the errors. Shared by the server's form action and the
 * offline form of the relays, which validate it with the same contract.
 */
export function homeVisitFormInput(form: FormData): {
	candidate: unknown;
	values: Record<string, string | string[]>;
} {
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
	const candidate = {
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
	};
	return { candidate, values };
}
