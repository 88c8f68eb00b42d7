/**
 * The device's data key (issue 20): a random AES-GCM 256 key per device and user that encrypts the
 * personal fields at rest. It is stored only wrapped by a key derived from the user's password
 * (PBKDF2-SHA256 at OWASP's recommended cost), and lives unwrapped in memory only, as a
 * non-extractable CryptoKey. Unwrapping is also how the device checks the password offline: a wrong
 * password fails AES-GCM's authentication.
 */

/** OWASP Password Storage Cheat Sheet (2023): PBKDF2-HMAC-SHA256, 600,000 iterations. */
export const PBKDF2_ITERATIONS = 600_000;

/** What the device stores: never the key itself, only the key wrapped by the password's key. */
export interface WrappedDataKey {
	version: 1;
	kdf: 'PBKDF2-SHA256';
	iterations: number;
	/** Random per wrapping, base64. */
	salt: string;
	/** The AES-GCM nonce of the wrapping, base64. */
	iv: string;
	/** The data key wrapped with AES-GCM (raw key bytes and the tag), base64. */
	wrapped: string;
	/**
	 * The same key wrapped by the server's share (`POST /api/device-key`, given against the
	 * password online): after a password change or reset, the key is recovered with it.
	 */
	share?: { iv: string; wrapped: string };
}

/** The password does not unwrap the key (or the stored key was altered): the two cannot be told apart. */
export class WrongSecret extends Error {
	constructor() {
		super('Mot de passe incorrect.');
		this.name = 'WrongSecret';
	}
}

const subtle = () => globalThis.crypto.subtle;

export function toBase64(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	const s = atob(text);
	const bytes = new Uint8Array(new ArrayBuffer(s.length));
	for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
	return bytes;
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
	return globalThis.crypto.getRandomValues(new Uint8Array(new ArrayBuffer(n)));
}

async function passwordKey(
	password: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations: number
): Promise<CryptoKey> {
	const material = await subtle().importKey(
		'raw',
		new TextEncoder().encode(password.normalize('NFC')),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return subtle().deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		['wrapKey', 'unwrapKey']
	);
}

/** The key wrapped under a fresh salt and nonce, and the password's key that wrapped it. */
async function wrap(
	dataKey: CryptoKey,
	password: string,
	iterations: number
): Promise<{ stored: WrappedDataKey; wrapping: CryptoKey }> {
	const salt = randomBytes(16);
	const iv = randomBytes(12);
	const wrapping = await passwordKey(password, salt, iterations);
	const wrapped = new Uint8Array(await subtle().wrapKey('raw', dataKey, wrapping, { name: 'AES-GCM', iv }));
	return {
		stored: {
			version: 1,
			kdf: 'PBKDF2-SHA256',
			iterations,
			salt: toBase64(salt),
			iv: toBase64(iv),
			wrapped: toBase64(wrapped)
		},
		wrapping
	};
}

/**
 * The key out of one of its wrappings (`box`: by the password or by the share); extractable only
 * to be wrapped again. `WrongSecret` when the wrapping key is not the one.
 */
async function unwrapBox(
	box: { wrapped: string; iv: string },
	wrapping: CryptoKey,
	extractable: boolean
): Promise<CryptoKey> {
	try {
		return await subtle().unwrapKey(
			'raw',
			fromBase64(box.wrapped),
			wrapping,
			{ name: 'AES-GCM', iv: fromBase64(box.iv) },
			{ name: 'AES-GCM', length: 256 },
			extractable,
			['encrypt', 'decrypt']
		);
	} catch {
		throw new WrongSecret();
	}
}

/** The key as the page keeps it (not extractable), unwrapped with the password's key. */
const unwrapWith = (stored: WrappedDataKey, wrapping: CryptoKey) => unwrapBox(stored, wrapping, false);

const shareKey = (share: string, usage: 'wrapKey' | 'unwrapKey') =>
	subtle().importKey('raw', fromBase64(share), 'AES-GCM', false, [usage]);

async function wrapWithShare(dataKey: CryptoKey, share: string): Promise<WrappedDataKey['share']> {
	const iv = randomBytes(12);
	const wrapped = await subtle().wrapKey('raw', dataKey, await shareKey(share, 'wrapKey'), {
		name: 'AES-GCM',
		iv
	});
	return { iv: toBase64(iv), wrapped: toBase64(new Uint8Array(wrapped)) };
}

/**
 * A new data key for a user on this device, and its wrapped form to store (by the password, and
 * by the server's share when given). The key in memory is not extractable: once wrapped, nothing
 * can read its bytes out of the page.
 */
export async function createDataKey(
	password: string,
	share?: string,
	iterations = PBKDF2_ITERATIONS
): Promise<{ key: CryptoKey; stored: WrappedDataKey }> {
	const extractable = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, [
		'encrypt',
		'decrypt'
	]);
	// One derivation of the password (the slow part) both wraps and unwraps.
	const { stored, wrapping } = await wrap(extractable, password, iterations);
	if (share) stored.share = await wrapWithShare(extractable, share);
	return { key: await unwrapWith(stored, wrapping), stored };
}

/**
 * The data key recovered with the server's share (the password changed since it was wrapped), and
 * its new stored form under `password`; `WrongSecret` when the share does not open it.
 */
export async function recoverDataKey(
	stored: WrappedDataKey,
	share: string,
	password: string,
	iterations = PBKDF2_ITERATIONS
): Promise<{ key: CryptoKey; stored: WrappedDataKey }> {
	if (!stored.share) throw new WrongSecret();
	const extractable = await unwrapBox(stored.share, await shareKey(share, 'unwrapKey'), true);
	const { stored: wrapped, wrapping } = await wrap(extractable, password, iterations);
	const rewrapped = { ...wrapped, share: stored.share };
	return { key: await unwrapWith(rewrapped, wrapping), stored: rewrapped };
}

/** The data key from its stored form and the password; `WrongSecret` when the password is not the one. */
export async function unwrapDataKey(stored: WrappedDataKey, password: string): Promise<CryptoKey> {
	if (stored.version !== 1 || stored.kdf !== 'PBKDF2-SHA256') throw new WrongSecret();
	return unwrapWith(stored, await passwordKey(password, fromBase64(stored.salt), stored.iterations));
}

/**
 * The same data key wrapped under a new password (after a password change): the personal data
 * already encrypted stays readable, nothing is re-encrypted.
 */
export async function rewrapDataKey(
	stored: WrappedDataKey,
	oldPassword: string,
	newPassword: string,
	iterations = PBKDF2_ITERATIONS
): Promise<WrappedDataKey> {
	const wrapping = await passwordKey(oldPassword, fromBase64(stored.salt), stored.iterations);
	const extractable = await unwrapBox(stored, wrapping, true);
	const { stored: rewrapped } = await wrap(extractable, newPassword, iterations);
	return { ...rewrapped, ...(stored.share ? { share: stored.share } : {}) };
}
