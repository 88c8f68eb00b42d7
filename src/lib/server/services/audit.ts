import type { DB } from '../db';
import { newId } from '../ids';

/** Append-only trail of who changed what (and, for personal data, who read it). */
export async function audit(
	db: DB,
	entry: {
		actorUserId: string | null;
		action: string;
		objectType: string;
		objectId: string;
		details?: Record<string, unknown>;
	},
	now: Date
): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			id: newId(),
			at: now.toISOString(),
			actor_user_id: entry.actorUserId,
			action: entry.action,
			object_type: entry.objectType,
			object_id: entry.objectId,
			details: JSON.stringify(entry.details ?? {})
		})
		.execute();
}
