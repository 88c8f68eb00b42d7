import type { AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { push } from '../../src/lib/server/sync/push';
import type { MutationResult } from '../../src/lib/sync/protocol';

/** The session user of a demo account, as the server would build it after sign-in. */
export async function userByEmail(ctx: AppContext, email: string): Promise<SessionUser> {
	const u = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
	return {
		id: u.id,
		email: u.email,
		displayName: u.display_name,
		role: u.role as SessionUser['role'],
		adviserKind: u.adviser_kind as SessionUser['adviserKind'],
		tourId: u.tour_id,
		relayOrganisationId: u.relay_organisation_id
	};
}

/**
 * Sends mutations one at a time from named devices, each device numbering its own mutations,
 * through the server's real push: what a phone's outbox does, one entry per call.
 */
export function deviceSender(db: () => AppContext['db'], now: Date) {
	const ids = new Map<string, number>();
	return async (user: SessionUser, device: string, name: string, args: unknown): Promise<MutationResult> => {
		const id = (ids.get(device) ?? 0) + 1;
		ids.set(device, id);
		const res = await push(
			db(),
			user,
			{ clientId: device, schemaVersion: 1, mutations: [{ id, name, args }] },
			now
		);
		return res.results[0] as MutationResult;
	};
}
