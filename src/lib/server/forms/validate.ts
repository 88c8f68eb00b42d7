import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod/mini';
import '$lib/contracts';
import { fieldErrors } from '$lib/forms/fields';
import { Refusal } from '../errors';
import { httpStatusOf } from '../http/endpoints';

export interface FormFailure {
	error: string;
	errors: Record<string, string>;
	/** What was typed, for the form to show again (never a password). */
	values?: Record<string, string>;
}

/** Fields never sent back to the page, even refused. */
const SECRET_FIELD = /password|passe|secret|token|code/i;

/** The text fields of what was sent, to refill the form after a refusal. */
function typedValues(value: unknown): Record<string, string> {
	if (typeof value !== 'object' || value === null) return {};
	return Object.fromEntries(
		Object.entries(value).filter(
			(entry): entry is [string, string] => typeof entry[1] === 'string' && !SECRET_FIELD.test(entry[0])
		)
	);
}

/** Validates what a form sent with the same contract as the JSON API: one source of truth. */
export function validateForm<T extends z.ZodMiniType>(
	schema: T,
	value: unknown
): { ok: true; data: z.infer<T> } | { ok: false; failure: ActionFailure<FormFailure> } {
	const result = schema.safeParse(value);
	if (result.success) return { ok: true, data: result.data as z.infer<T> };
	const errors = fieldErrors(result.error);
	return {
		ok: false,
		failure: fail(400, {
			error: 'Le formulaire contient des erreurs : corrigez les champs signalés.',
			errors,
			values: typedValues(value)
		})
	};
}

/** Turns a service refusal into a form failure the page shows. */
export function formFailure(e: unknown): ActionFailure<FormFailure> {
	if (e instanceof Refusal) {
		const errors: Record<string, string> = {};
		for (const issue of e.issues ?? []) errors[issue.path || 'form'] = issue.message;
		return fail(httpStatusOf(e), { error: e.message, errors });
	}
	throw e;
}

export { field, optionalField } from '$lib/forms/fields';
