import { rowKey, SYNCED, type EntityRowOf, type SyncedEntity } from '$lib/contracts/synced';
import { fromBase64, toBase64 } from './data-key';

/**
 * Personal fields at rest (issue 20): a row of a synced entity is stored with its personal fields
 * (`personal` in the registry, `lib/contracts/synced.ts`) taken out and sealed together under
 * `SEALED`, one AES-GCM operation per row; every other field stays clear so that the device can
 * index, sort and show the calendar without the key. The authenticated data binds the ciphertext to
 * its entity and row: moved to another row, it does not open.
 */
export const SEALED = '__sealed';

/** Marks the format of a sealed value: a version, then base64 of the nonce and the ciphertext. */
const PREFIX = 'tfs-aes-gcm-1:';

/** The sealed ciphertext does not open with this key in this place (another key, altered, or moved). */
export class CannotOpen extends Error {
	constructor(where: string) {
		super(`Données chiffrées illisibles (${where}).`);
		this.name = 'CannotOpen';
	}
}

const subtle = () => globalThis.crypto.subtle;

/** Encrypts any JSON value under `key`, bound to `context` (authenticated, not secret). */
export async function sealValue(key: CryptoKey, value: unknown, context: string): Promise<string> {
	const iv = globalThis.crypto.getRandomValues(new Uint8Array(new ArrayBuffer(12)));
	const plain = new TextEncoder().encode(JSON.stringify(value));
	const additionalData = new TextEncoder().encode(context);
	const cipher = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain));
	return `${PREFIX}${toBase64(iv)}:${toBase64(cipher)}`;
}

/** The value `sealValue` sealed in `context`; `CannotOpen` otherwise. */
export async function openValue(key: CryptoKey, sealed: string, context: string): Promise<unknown> {
	const [iv, cipher] = sealed.startsWith(PREFIX) ? sealed.slice(PREFIX.length).split(':') : [];
	if (!iv || !cipher) throw new CannotOpen(context);
	try {
		const plain = await subtle().decrypt(
			{ name: 'AES-GCM', iv: fromBase64(iv), additionalData: new TextEncoder().encode(context) },
			key,
			fromBase64(cipher)
		);
		return JSON.parse(new TextDecoder().decode(plain)) as unknown;
	} catch {
		throw new CannotOpen(context);
	}
}

const contextOf = (entity: SyncedEntity, key: string) => `${entity}/${key}`;

/**
 * The row as stored: its personal fields removed and sealed together under `SEALED`. A row of an
 * entity without personal fields is returned as it is.
 */
export async function sealRow<E extends SyncedEntity>(
	key: CryptoKey,
	entity: E,
	row: EntityRowOf<E>
): Promise<Record<string, unknown>> {
	const fields: readonly string[] = SYNCED[entity].personal;
	if (fields.length === 0) return row as Record<string, unknown>;
	const clear: Record<string, unknown> = {};
	const personal: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(row as Record<string, unknown>)) {
		if (fields.includes(name)) personal[name] = value;
		else clear[name] = value;
	}
	clear[SEALED] = await sealValue(key, personal, contextOf(entity, rowKey(entity, row)));
	return clear;
}

/** The row as the app reads it, its personal fields opened; `CannotOpen` with another key. */
export async function openRow<E extends SyncedEntity>(
	key: CryptoKey,
	entity: E,
	stored: Record<string, unknown>
): Promise<EntityRowOf<E>> {
	const sealed = stored[SEALED];
	if (typeof sealed !== 'string') return stored as EntityRowOf<E>;
	const clear = { ...stored };
	delete clear[SEALED];
	const context = contextOf(entity, rowKey(entity, clear as EntityRowOf<E>));
	const personal = await openValue(key, sealed, context);
	if (typeof personal !== 'object' || personal === null) throw new CannotOpen(context);
	return { ...clear, ...personal } as EntityRowOf<E>;
}
