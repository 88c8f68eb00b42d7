import { LOCAL_RULES_ID, type LocalRules } from '$lib/domain/local-rules';
import type { LocalRulesInput } from '$lib/contracts';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Selectable } from 'kysely';
import type { LocalRulesTable } from '../db/schema';
import { audit } from './audit';
import { inTransaction, nextVersion } from '../sync/versions';

export interface StoredLocalRules extends LocalRules {
	updatedAt: string;
	updatedBy: string | null;
}

export function toLocalRules(row: Selectable<LocalRulesTable>): StoredLocalRules {
	return {
		minSpacingDays: row.min_spacing_days,
		level2ResponseDays: row.level2_response_days,
		crewWithDigitalAdviser: row.crew_with_digital_adviser === 1,
		idleLockMinutes: row.idle_lock_minutes,
		updatedAt: row.updated_at,
		updatedBy: row.updated_by
	};
}

/** The rules alone, without who changed them and when (what devices and the audit log get). */
export function ruleValues(r: LocalRules): LocalRules {
	return {
		minSpacingDays: r.minSpacingDays,
		level2ResponseDays: r.level2ResponseDays,
		crewWithDigitalAdviser: r.crewWithDigitalAdviser,
		idleLockMinutes: r.idleLockMinutes
	};
}

/** The département's rules as they stand (the migration writes the row with its defaults). */
export async function getLocalRules(db: DB): Promise<StoredLocalRules> {
	const row = await db
		.selectFrom('local_rules')
		.selectAll()
		.where('id', '=', LOCAL_RULES_ID)
		.executeTakeFirstOrThrow();
	return toLocalRules(row);
}

/**
 * The coordination changes the rules: a new version reaches every device at its next sync; the
 * planner and the calendar checks use them from the next call. Audited with the old and new values.
 */
export async function updateLocalRules(
	db: DB,
	actor: SessionUser,
	input: LocalRulesInput,
	now: Date
): Promise<StoredLocalRules> {
	await inTransaction(db, async (trx) => {
		const before = await getLocalRules(trx);
		const version = await nextVersion(trx);
		await trx
			.updateTable('local_rules')
			.set({
				min_spacing_days: input.minSpacingDays,
				level2_response_days: input.level2ResponseDays,
				crew_with_digital_adviser: input.crewWithDigitalAdviser ? 1 : 0,
				idle_lock_minutes: input.idleLockMinutes,
				updated_at: now.toISOString(),
				updated_by: actor.id,
				version
			})
			.where('id', '=', LOCAL_RULES_ID)
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'rules.update',
				objectType: 'rules',
				objectId: LOCAL_RULES_ID,
				details: {
					before: ruleValues(before),
					after: ruleValues(input)
				}
			},
			now
		);
	});
	return getLocalRules(db);
}
