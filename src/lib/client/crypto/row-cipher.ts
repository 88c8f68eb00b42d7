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

/** What a sealed row keeps under `SEALED`: its entity (so that any read can open it) and the box. */
export interface SealedFields {
	entity: SyncedEntity;
	box: string;
}

/**
 * What a sealed record of the device's own stores (a review, a pending change's arguments) keeps
 * under `SEALED`: its store and
 * the box of the whole record; the record's clear fields (its `id`, what is indexed) stay beside.
 */
export interface SealedRecord {
	record: string;
	box: string;
}

/** Marks the format of a sealed value: a version, then base64 of the nonce and the ciphertext. */
const PREFIX = 'tfs-aes-gcm-1:';

/** The data key is not in memory (the app is locked): personal data can be neither read nor written. */
export class Locked extends Error {
	constructor() {
		super('L’application est verrouillée : saisissez votre mot de passe pour la rouvrir.');
		this.name = 'Locked';
	}
}

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
 * entity without personal fields, or whose personal fields are all empty, is returned as it is.
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
	let empty = true;
	for (const [name, value] of Object.entries(row as Record<string, unknown>)) {
		if (fields.includes(name)) {
			personal[name] = value;
			if (value !== null && value !== undefined && value !== '') empty = false;
		} else clear[name] = value;
	}
	// Personal fields all empty (an activity record without a note): nothing to hide, nothing sealed.
	if (empty) return row as Record<string, unknown>;
	const sealed: SealedFields = {
		entity,
		box: await sealValue(key, personal, contextOf(entity, rowKey(entity, row)))
	};
	clear[SEALED] = sealed;
	return clear;
}

/** The row as the app reads it, its personal fields opened; `CannotOpen` with another key. */
export async function openRow<E extends SyncedEntity>(
	key: CryptoKey,
	entity: E,
	stored: Record<string, unknown>
): Promise<EntityRowOf<E>> {
	const sealed = stored[SEALED] as SealedFields | undefined;
	if (sealed === undefined) return stored as EntityRowOf<E>;
	const clear = { ...stored };
	delete clear[SEALED];
	const context = contextOf(entity, rowKey(entity, clear as EntityRowOf<E>));
	if (typeof sealed !== 'object' || sealed === null || sealed.entity !== entity)
		throw new CannotOpen(context);
	const personal = await openValue(key, sealed.box, context);
	if (typeof personal !== 'object' || personal === null) throw new CannotOpen(context);
	return { ...clear, ...personal } as EntityRowOf<E>;
}

/**
 * A whole record sealed under `SEALED`, bound to its store and `id`, with `clear` fields beside
 * (what the store indexes or counts).
 */
export async function sealRecord(
	key: CryptoKey,
	record: string,
	id: number | string,
	value: unknown,
	clear: Record<string, unknown>
): Promise<Record<string, unknown>> {
	const sealed: SealedRecord = { record, box: await sealValue(key, value, `${record}/${id}`) };
	return { ...clear, id, [SEALED]: sealed };
}

type Sealed = Record<string, unknown> & { [SEALED]: Partial<SealedFields & SealedRecord> };

/** A row or record stored sealed (`sealRow`, `sealRecord`). */
export function isSealed(value: unknown): value is Sealed {
	const sealed =
		typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[SEALED] : null;
	return (
		typeof sealed === 'object' &&
		sealed !== null &&
		(typeof (sealed as SealedFields).entity === 'string' ||
			typeof (sealed as SealedRecord).record === 'string')
	);
}

/**
 * What a read of the device's database returned, its sealed rows and records opened: one, an
 * array or a Map of them (what the offline pages' queries return); anything else is returned as
 * it is. Without the key (`null`, the app is locked), they keep only their clear fields.
 */
export async function openAll<T>(key: CryptoKey | null, value: T): Promise<T> {
	const one = async (v: unknown): Promise<unknown> => {
		if (!isSealed(v)) return v;
		const { entity, record, box } = v[SEALED];
		if (key && entity) return openRow(key, entity, v);
		if (key && record && box) return openValue(key, box, `${record}/${String(v.id)}`);
		const clear: Record<string, unknown> = { ...v };
		delete clear[SEALED];
		return clear;
	};
	if (Array.isArray(value)) return (await Promise.all(value.map(one))) as T;
	if (value instanceof Map)
		return new Map(await Promise.all([...value].map(async ([k, v]) => [k, await one(v)] as const))) as T;
	return (await one(value)) as T;
}
