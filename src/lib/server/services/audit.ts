import type { DB } from '../db';
import { newId } from '../ids';

export interface AuditEntry {
	actorUserId: string | null;
	action: string;
	objectType: string;
	objectId: string;
	details?: Record<string, unknown>;
}

/** Append-only trail of who changed what (and, for personal data, who read it). */
export async function audit(db: DB, entry: AuditEntry, now: Date): Promise<void> {
	await auditMany(db, [entry], now);
}

/** Entries written per statement (each has 7 bound values). */
const ENTRIES_PER_INSERT = 500;

/** Several entries at once (a sync pull that sends many people's records logs each reading). */
export async function auditMany(db: DB, entries: readonly AuditEntry[], now: Date): Promise<void> {
	for (let i = 0; i < entries.length; i += ENTRIES_PER_INSERT) {
		await db
			.insertInto('audit_log')
			.values(
				entries.slice(i, i + ENTRIES_PER_INSERT).map((entry) => ({
					id: newId(),
					at: now.toISOString(),
					actor_user_id: entry.actorUserId,
					action: entry.action,
					object_type: entry.objectType,
					object_id: entry.objectId,
					details: JSON.stringify(entry.details ?? {})
				}))
			)
			.execute();
	}
}
