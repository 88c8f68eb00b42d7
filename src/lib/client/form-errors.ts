import { tick } from 'svelte';

/** What marks a field in error: `aria-invalid`, or a group tied to its error message (`…-error`). */
const IN_ERROR = '[aria-invalid="true"], fieldset[aria-describedby$="-error"]';

/**
 * After a refused submit, the person sees why: the first field in error comes into view and takes
 * the focus (its message is tied to it, so a screen reader reads it); with no field named, the
 * message itself does. Without this, the message appears far above where the person is.
 * `form` is the form sent, or the whole document for a page the server rendered after a refusal.
 */
export async function showFirstError(form: ParentNode): Promise<void> {
	await tick();
	const marked = form.querySelector<HTMLElement>(IN_ERROR);
	const field = marked?.matches('fieldset')
		? marked.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea')
		: marked;
	const alert = document.querySelector<HTMLElement>('[role="alert"]');
	const target = field ?? alert;
	if (!target) return;
	if (target === alert && !alert.hasAttribute('tabindex')) alert.tabIndex = -1;
	target.scrollIntoView({ block: 'center' });
	target.focus({ preventScroll: true });
}
