import type { z } from 'zod/mini';

/** A text field of a submitted form ('' when absent). */
export function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

/** A text field, `null` when left empty. */
export function optionalField(form: FormData, name: string): string | null {
	const v = field(form, name).trim();
	return v === '' ? null : v;
}

/** A contract's issues by field path (`form` for the whole form), the first message of each. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) errors[issue.path.map(String).join('.') || 'form'] ??= issue.message;
	return errors;
}

/**
 * The first field in error, in the order the form shows them. On a page the server renders after a
 * refusal (without JavaScript), that field gets `autofocus`: the browser brings it into view and
 * focuses it, and its message, tied with `aria-describedby`, is read with it.
 */
export function firstInError(errors: Record<string, string>, order: readonly string[]): string | null {
	return order.find((name) => name in errors) ?? null;
}
