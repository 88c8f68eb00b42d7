import type { z } from 'zod/mini';

/**
 * A refusal of the domain: why a request cannot be done, in French for people, with the fields
 * at fault. Transport-neutral: services throw it whoever called them; each transport maps it
 * once — HTTP status and JSON body (`http/endpoints.ts`), a form's failure
 * (`forms/validate.ts`), a sync mutation's rejection (`sync/mutations.ts`). Imports no module of
 * ours, so any module may use it.
 */
export const REFUSAL_KINDS = [
	/** The input breaks a contract (malformed, out of bounds). */
	'invalid',
	/** No session. */
	'unauthenticated',
	/**
	 * The session was closed on purpose (the coordination's « Déconnecter ses appareils », or
	 * « Se déconnecter partout »): the device must forget the personal data it holds.
	 */
	'sessionRevoked',
	/** The role does not allow it. */
	'forbidden',
	/** The object does not exist, or is outside the caller's scope (not revealed). */
	'notFound',
	/** The object's state does not allow it now (moved meanwhile, already done…). */
	'conflict',
	/** Too large to be read. */
	'tooLarge',
	/** A body of a type the endpoint does not read. */
	'unsupportedMediaType',
	/** Well-formed, but a rule of the domain refuses it. */
	'unprocessable',
	/** The device's app is older than the server accepts. */
	'outdatedClient',
	/** Too many attempts (a password tried again and again): wait before the next one. */
	'throttled',
	/** A technical fault: the same request may succeed later. */
	'unavailable'
] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

export interface RefusalIssue {
	path: string;
	message: string;
}

export class Refusal extends Error {
	constructor(
		readonly kind: RefusalKind,
		message: string,
		readonly issues?: RefusalIssue[]
	) {
		super(message);
		this.name = 'Refusal';
	}
}

/** The issues of a failed contract, as a refusal names them (`path` dotted, French message). */
export function issuesOf(error: z.core.$ZodError): RefusalIssue[] {
	return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function notFound(what: string): Refusal {
	return new Refusal('notFound', `${what} introuvable.`);
}
