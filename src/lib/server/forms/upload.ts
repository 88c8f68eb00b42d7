import { fail, type ActionFailure } from '@sveltejs/kit';
import type { FormFailure } from './validate';

/** What a coordinator's import form expects under its `file` field. */
export interface ExpectedUpload {
	/** The file in words, for the message when none was chosen: « le fichier des secteurs (.csv) ». */
	what: string;
	/** Largest size accepted, in bytes. */
	maxBytes: number;
	/** Why larger files are refused, after the limit: « une table des secteurs tient en 256 Ko ». */
	tooLargeHint: string;
	/** Whether the text must be UTF-8 (checked here, with the way to fix it). */
	utf8: boolean;
}

export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
	/** The text, when `utf8` was asked for. */
	text: string;
}

export type UploadReading =
	{ ok: true; file: UploadedFile } | { ok: false; failure: ActionFailure<FormFailure> };

function sizeInWords(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} Mo`;
	return bytes >= 1024 ? `${Math.round(bytes / 1024)} Ko` : `${bytes} octets`;
}

/**
 * The file a form sent under `file`, checked the same way on every import page: present and not
 * empty (400), within its size (413), UTF-8 when text is expected (400), each refusal in French
 * and naming the field, so the page shows it and nothing is imported.
 */
export async function readUploadedFile(form: FormData, expected: ExpectedUpload): Promise<UploadReading> {
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) {
		return {
			ok: false,
			failure: fail(400, { error: `Choisissez ${expected.what}.`, errors: { file: 'Fichier manquant.' } })
		};
	}
	if (file.size > expected.maxBytes) {
		return {
			ok: false,
			failure: fail(413, {
				error: `Fichier trop volumineux (${sizeInWords(expected.maxBytes)} au plus) : ${expected.tooLargeHint}. Rien n’a été importé.`,
				errors: { file: 'Fichier trop volumineux.' }
			})
		};
	}
	const bytes = new Uint8Array(await file.arrayBuffer());
	let text = '';
	if (expected.utf8) {
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			return {
				ok: false,
				failure: fail(400, {
					error:
						'Ce fichier n’est pas un texte UTF-8 : enregistrez-le en UTF-8 (« CSV UTF-8 » dans un tableur) ou exportez-le à nouveau, puis importez-le.',
					errors: { file: 'Encodage non reconnu.' }
				})
			};
		}
	}
	return { ok: true, file: { name: file.name, bytes, text } };
}
