import { json } from '@sveltejs/kit';
import { localRulesInput } from '$lib/contracts';
import { endpoint, parseJson } from '$lib/server/http/endpoints';
import { getLocalRules, updateLocalRules } from '$lib/server/services/local-rules';

/** The département's rules (spacing, level-2 answer delay, crew wish), for staff. */
export const GET = endpoint(['coordinator', 'adviser', 'admin'], async ({ ctx }) =>
	json({ rules: await getLocalRules(ctx.db) })
);

/** The coordination sets the département's rules; devices receive them at their next sync. */
export const PUT = endpoint(['coordinator'], async ({ event, user, ctx }) => {
	const input = await parseJson(event, localRulesInput);
	return json({ rules: await updateLocalRules(ctx.db, user, input, ctx.now()) });
});
