import type { DiagnosticQuestion } from '$lib/domain/diagnostic';
import { field, optionalField } from './fields';

/**
 * Reads the diagnostic form of `/aujourdhui/diagnostic` into the shape of the contract
 * `diagnosticInput`: an answer per question (null when not asked), the conditions of access and
 * the person's commune. The day, the questionnaire's version and the follow-up code come from
 * the page.
 */
export function diagnosticFromForm(
	form: FormData,
	questions: readonly DiagnosticQuestion[],
	given: { date: string; questionnaireVersion: number; followUpCode: string }
): unknown {
	return {
		...given,
		communeInsee: optionalField(form, 'communeInsee'),
		answers: Object.fromEntries(
			questions.map((q) => {
				const v = form.get(q.id);
				return [q.id, v === null ? null : Number(v)];
			})
		),
		access: {
			equipment: form.getAll('equipment').map(String),
			connection: field(form, 'connection'),
			reading: field(form, 'reading'),
			needs: form.getAll('needs').map(String)
		}
	};
}
