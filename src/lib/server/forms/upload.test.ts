import { describe, expect, it } from 'vitest';
import { readUploadedFile, type ExpectedUpload } from './upload';

const SECTORS: ExpectedUpload = {
	what: 'le fichier des secteurs (.csv)',
	maxBytes: 16,
	tooLargeHint: 'une table des secteurs tient en quelques kilo-octets',
	utf8: true
};

function formWith(file?: File | string): FormData {
	const form = new FormData();
	if (file !== undefined) form.set('file', file);
	return form;
}

describe('readUploadedFile', () => {
	it('gives the name, the bytes and the UTF-8 text of a file within its size', async () => {
		const reading = await readUploadedFile(formWith(new File(['insee;mds\né'], 'secteurs.csv')), SECTORS);
		expect(reading).toEqual({
			ok: true,
			file: { name: 'secteurs.csv', bytes: new TextEncoder().encode('insee;mds\né'), text: 'insee;mds\né' }
		});
	});

	it('refuses a missing, empty or non-file field with 400 and names the field', async () => {
		for (const form of [formWith(), formWith(new File([], 'vide.csv')), formWith('secteurs.csv')]) {
			const reading = await readUploadedFile(form, SECTORS);
			expect(reading.ok).toBe(false);
			if (reading.ok) continue;
			expect(reading.failure.status).toBe(400);
			expect(reading.failure.data).toEqual({
				error: 'Choisissez le fichier des secteurs (.csv).',
				errors: { file: 'Fichier manquant.' }
			});
		}
	});

	it('refuses a file over its size with 413, the limit and why', async () => {
		const reading = await readUploadedFile(formWith(new File(['x'.repeat(17)], 'gros.csv')), SECTORS);
		if (reading.ok) throw new Error('accepted');
		expect(reading.failure.status).toBe(413);
		expect(reading.failure.data.error).toBe(
			'Fichier trop volumineux (16 octets au plus) : une table des secteurs tient en quelques kilo-octets. Rien n’a été importé.'
		);
		const exact = await readUploadedFile(formWith(new File(['x'.repeat(16)], 'juste.csv')), SECTORS);
		expect(exact.ok).toBe(true);
		const mega = await readUploadedFile(formWith(new File(['x'.repeat(17)], 'gros.csv')), {
			...SECTORS,
			maxBytes: 5 * 1024 * 1024
		});
		expect(mega.ok).toBe(true);
	});

	it('refuses text that is not UTF-8 when text is expected, and passes the bytes when it is not', async () => {
		const latin1 = new File([new Uint8Array([0x63, 0x61, 0x66, 0xe9])], 'secteurs.csv');
		const reading = await readUploadedFile(formWith(latin1), SECTORS);
		if (reading.ok) throw new Error('accepted');
		expect(reading.failure.status).toBe(400);
		expect(reading.failure.data.errors).toEqual({ file: 'Encodage non reconnu.' });
		const raw = await readUploadedFile(formWith(latin1), { ...SECTORS, utf8: false });
		expect(raw.ok && [...raw.file.bytes]).toEqual([0x63, 0x61, 0x66, 0xe9]);
	});
});
