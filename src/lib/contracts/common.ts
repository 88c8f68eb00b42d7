import { z } from 'zod/mini';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text typed by a person: trimmed, bounded, no control characters (tabs and newlines allowed). */
export function text(max: number, min = 0) {
	return z.string().check(
		z.trim(),
		z.minLength(min, min <= 1 ? 'Ce champ est obligatoire.' : `Au moins ${min} caractères.`),
		z.maxLength(max, `Au plus ${max} caractères.`),
		z.refine((s) => !CONTROL_CHARACTERS.test(s), 'Caractères de contrôle interdits.')
	);
}

export const isoDate = z.string().check(
	z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.'),
	z.refine(
		(s) =>
			!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
		'Date inexistante.'
	)
);

export const clockTime = z
	.string()
	.check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue au format HH:MM.'));

export const phone = z
	.string()
	.check(
		z.trim(),
		z.regex(/^(\+33 ?|0)[1-9]([ .-]?\d{2}){4}$/, 'Numéro de téléphone français attendu (10 chiffres).')
	);

export const email = z
	.string()
	.check(
		z.trim(),
		z.toLowerCase(),
		z.maxLength(254, 'Adresse trop longue.'),
		z.email('Adresse électronique invalide.')
	);

/** A commune's INSEE code (Corsica's 2A/2B included). */
export const insee = z.string().check(z.regex(/^\d[\dAB]\d{3}$/, 'Commune invalide.'));

export const slugId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'Identifiant invalide.'));

export const uuid = z.string().check(z.uuid('Identifiant invalide.'));

/** Error payload of every JSON endpoint. */
export interface ApiErrorBody {
	error: string;
	issues?: { path: string; message: string }[];
	/** Set where the client must act on the refusal: `sessionRevoked`, forget the device's personal data. */
	code?: 'sessionRevoked';
}
