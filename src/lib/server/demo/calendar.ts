import { addMonthsIso, lastDayOfMonth, parisDate } from '$lib/domain/dates';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { acceptPlan, proposePlan } from '../services/plan-proposals';
import { publish } from '../services/publication';

/**
 * Demo mode: a database with no calendar gets one, as the coordinator would make it: three
 * months planned from the current one, the current and next months published. Runs once.
 */
export async function seedDemoCalendar(db: DB, now: Date): Promise<void> {
	const any = await db.selectFrom('permanences').select('id').executeTakeFirst();
	if (any) return;
	const coordinatorRow = await db
		.selectFrom('users')
		.selectAll()
		.where('role', '=', 'coordinator')
		.where('is_demo', '=', 1)
		.executeTakeFirst();
	if (!coordinatorRow) return;
	const coordinator: SessionUser = {
		id: coordinatorRow.id,
		email: coordinatorRow.email,
		displayName: coordinatorRow.display_name,
		role: 'coordinator',
		adviserKind: null,
		tourId: null,
		relayOrganisationId: null
	};
	const today = parisDate(now);
	const request = { from: today.slice(0, 7), months: 3, repartition: false, today };
	const proposal = await proposePlan(db, request);
	await acceptPlan(db, coordinator, request, proposal.fingerprint, now);
	await publish(db, coordinator, lastDayOfMonth(addMonthsIso(request.from, 1)), today, now);
}
