import type { AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';

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
