import { field, optionalField } from './fields';

/**
 * Reads the handover fields of a level-2 record (`Level2Handover.svelte`) into the shape of the
 * contract `level2CaseOpening`; the ids and the day come from the page.
 */
export function level2OpeningInput(
	form: FormData,
	ids: { caseId: string; recordId: string },
	transmittedOn: string
): unknown {
	return {
		...ids,
		correspondentId: optionalField(form, 'l2Correspondent'),
		subject: field(form, 'l2Subject'),
		contact: optionalField(form, 'l2Contact'),
		transmittedOn,
		dueOn: field(form, 'l2DueOn')
	};
}
