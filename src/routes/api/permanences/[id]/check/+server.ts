import { json } from '@sveltejs/kit';
import { permanenceMoveCheck } from '$lib/contracts';
import { endpoint } from '$lib/server/http/endpoints';
import { issuesOf, Refusal } from '$lib/server/errors';
import { checkPermanenceMove } from '$lib/server/services/plan-proposals';

/** What moving a permanence to `?date=…&period=…` would break, for the coordinator's live check. */
export const GET = endpoint(['coordinator'], async ({ event, ctx }) => {
	const parsed = permanenceMoveCheck.safeParse({
		date: event.url.searchParams.get('date') ?? '',
		period: event.url.searchParams.get('period') ?? ''
	});
	if (!parsed.success) throw new Refusal('invalid', 'Date ou demi-journée invalide.', issuesOf(parsed.error));
	const { issues } = await checkPermanenceMove(ctx.db, event.params.id ?? '', parsed.data, ctx.today());
	return json({ issues: issues.map((i) => ({ rule: i.rule, severity: i.severity, message: i.message })) });
});
