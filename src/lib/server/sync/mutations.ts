import type { z } from 'zod/mini';
import { MUTATION_ARGS, type MutationName } from '$lib/contracts/sync';
import type { Role } from '$lib/domain/roles';
import type { MutationResult } from '$lib/sync/protocol';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { Refusal } from '../errors';
import { applySiteUpdate, changeSiteLifecycle, getSite, siteScope } from '../services/referential';
import { createHomeVisitRequest, transitionHomeVisit } from '../services/home-visits';
import { moveCheckedPermanence } from '../services/plan-proposals';
import { amendActivity, recordActivities, recordActivity } from '../services/activity';
import { openLevel2Case, stepLevel2Case } from '../services/level2';
import { recordDiagnostic } from '../services/diagnostics';
import { cancelPermanence, getPermanence, type PermanenceRecord } from '../services/permanences';
import { formatFrenchDate, parisDate, PERIOD_LABELS } from '$lib/domain/dates';
import type { SiteUpdate } from '$lib/contracts';

/** A refusal by the rules: recorded as the mutation's outcome, shown on the device under "À revoir". */
export class MutationRejected extends Error {}

export type MutationOutcome = Pick<MutationResult, 'status' | 'reason' | 'conflict'>;

interface ServerMutation<N extends MutationName> {
	roles: readonly Role[];
	apply(
		db: DB,
		user: SessionUser,
		args: z.infer<(typeof MUTATION_ARGS)[N]>,
		now: Date
	): Promise<MutationOutcome>;
	/**
	 * Applies a run of consecutive mutations of this kind at once, with one outcome each, in order
	 * (a refusal is an outcome, never a throw): for kinds whose mutations cannot depend on each
	 * other, such as appends. The push falls back to `apply`, one by one, on a technical fault.
	 */
	applyMany?(
		db: DB,
		user: SessionUser,
		args: readonly z.infer<(typeof MUTATION_ARGS)[N]>[],
		now: Date
	): Promise<MutationOutcome[]>;
}

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Free text edited on two devices keeps both versions: the server's text, then the other one,
 * marked with its author, so that nothing typed is lost and a person can tidy it up.
 */
export function mergeNotes(kept: string, sent: string, author: string): string {
	if (kept.includes(sent)) return kept;
	if (kept.trim() === '') return sent;
	return `${kept}\n\n[Autre version, ${author}] ${sent}`.slice(0, 4000);
}

async function siteInScope(db: DB, user: SessionUser, siteId: string) {
	const site = await getSite(db, siteId);
	if (!site) throw new MutationRejected('Ce lieu n’existe plus.');
	// The same scope rule as the API's reads (siteScope): an adviser acts on their tour's sites only.
	const scope = siteScope(user);
	if (!scope || (scope.tourId !== undefined && site.tourId !== scope.tourId)) {
		throw new MutationRejected('Ce lieu ne fait plus partie de votre tournée.');
	}
	return site;
}

/**
 * The permanence an edit was made on, if it is still where the device saw it. `already`: the
 * edit's result is already there (a replay, or the same edit from another device).
 */
async function permanenceAsSeen(
	db: DB,
	id: string,
	base: { date: string; period: string },
	target: { date: string; period: string } | null
): Promise<PermanenceRecord | 'already'> {
	const current = await getPermanence(db, id);
	if (!current) throw new MutationRejected('Cette permanence n’existe plus (calendrier refait entre-temps).');
	if (current.status === 'cancelled') {
		if (!target) return 'already';
		throw new MutationRejected('Cette permanence a été annulée entre-temps : elle n’a pas été déplacée.');
	}
	if (target && current.date === target.date && current.period === target.period) return 'already';
	if (current.date !== base.date || current.period !== base.period) {
		throw new MutationRejected(
			`Cette permanence a été déplacée entre-temps (maintenant le ${formatFrenchDate(current.date)}, ${PERIOD_LABELS[current.period]}) : votre modification n’a pas été appliquée.`
		);
	}
	return current;
}

/**
 * Runs the service behind a mutation: its refusal (an Refusal) becomes the mutation's rejection,
 * with its message and the details it named; `notFound` says what a 404 means to the device.
 */
async function applied(run: () => Promise<unknown>, notFound?: string): Promise<MutationOutcome> {
	try {
		await run();
	} catch (e) {
		if (!(e instanceof Refusal)) throw e;
		if (e.kind === 'notFound' && notFound) throw new MutationRejected(notFound);
		throw new MutationRejected(refusal(e));
	}
	return { status: 'applied' };
}

/** A service's refusal as the device shows it: its message, then the details it named. */
function refusal(e: Refusal): string {
	const details = (e.issues ?? []).map((i) => i.message).filter((m) => m !== e.message);
	return [e.message, ...details].join(' ');
}

const OUT_OF_TOUR_VISIT = 'Cette visite ne fait plus partie de votre tournée.';

const SITE_FIELDS = ['name', 'address', 'accessNotes', 'addressToConfirm', 'openingSlots', 'tourId'] as const;

export const SERVER_MUTATIONS: { [N in MutationName]: ServerMutation<N> } = {
	/**
	 * The coordinator's edit of a site. Each field carries the value the device last saw: applied
	 * when it is still current; otherwise the server keeps its value and reports a conflict
	 * (access notes keep both versions).
	 */
	'updateSiteDetails@1': {
		roles: ['coordinator'],
		async apply(db, user, args, now) {
			const site = await siteInScope(db, user, args.siteId);
			const current: Record<(typeof SITE_FIELDS)[number], unknown> = {
				name: site.name,
				address: site.address,
				accessNotes: site.accessNotes,
				addressToConfirm: site.addressToConfirm,
				openingSlots: site.openingSlots,
				tourId: site.tourId
			};
			const update: Record<string, unknown> = {};
			const conflict: NonNullable<MutationResult['conflict']> = [];
			for (const field of SITE_FIELDS) {
				const edit = args.changes[field];
				if (!edit || same(edit.value, current[field])) continue;
				if (same(edit.base, current[field])) update[field] = edit.value;
				else if (field === 'accessNotes') {
					update.accessNotes = mergeNotes(site.accessNotes, String(edit.value), user.displayName);
					conflict.push({ field, sent: edit.value, kept: update.accessNotes });
				} else conflict.push({ field, sent: edit.value, kept: current[field] });
			}
			if (Object.keys(update).length > 0)
				await applied(() => applySiteUpdate(db, user, site, update as SiteUpdate, now));
			return conflict.length
				? {
						status: 'conflict',
						reason: 'Le lieu a été modifié entre-temps : vérifiez les valeurs conservées.',
						conflict
					}
				: { status: 'applied' };
		}
	},
	/** Advisers note how to get into a site (door code, parking): free text, both versions kept on conflict. */
	'updateSiteAccessNotes@1': {
		roles: ['adviser', 'coordinator'],
		async apply(db, user, args, now) {
			const site = await siteInScope(db, user, args.siteId);
			if (site.accessNotes === args.value) return { status: 'applied' };
			if (site.accessNotes === args.base) {
				await applySiteUpdate(db, user, site, { accessNotes: args.value }, now);
				return { status: 'applied' };
			}
			const merged = mergeNotes(site.accessNotes, args.value, user.displayName);
			await applySiteUpdate(db, user, site, { accessNotes: merged }, now);
			return {
				status: 'conflict',
				reason: 'Les notes d’accès avaient changé entre-temps : les deux versions sont conservées.',
				conflict: [{ field: 'accessNotes', sent: args.value, kept: merged }]
			};
		}
	},
	/** An activity record: append-only, so it cannot conflict; the rules (tour, dates, referential) decide. */
	'recordActivity@1': {
		roles: ['adviser'],
		async apply(db, user, args, now) {
			return applied(() => recordActivity(db, user, args.recordId, args.record, now));
		},
		/** A day of records synced at once: checked one by one, stored together. */
		async applyMany(db, user, list, now) {
			const outcomes = await recordActivities(
				db,
				user,
				list.map((a) => ({ id: a.recordId, input: a.record })),
				now
			);
			return outcomes.map((o) =>
				o instanceof Refusal ? { status: 'rejected', reason: refusal(o) } : { status: 'applied' }
			);
		}
	},
	/** Its author corrects or completes a record; nobody else may (rejected with the reason). */
	'amendActivity@1': {
		roles: ['adviser'],
		async apply(db, user, args, now) {
			return applied(() => amendActivity(db, user, args.recordId, args.record, now));
		}
	},
	/** A diagnostic: append-only, scored again by the server with its questionnaire version's rules. */
	'recordDiagnostic@1': {
		roles: ['adviser'],
		async apply(db, user, args, now) {
			return applied(() => recordDiagnostic(db, user, args.diagnosticId, args.diagnostic, now));
		}
	},
	/**
	 * A level-2 record becomes a case handed to the operator's correspondent. Sent after its
	 * record: refused (with the reason) if the record was, or is not level 2 with an operator.
	 */
	'openLevel2Case@1': {
		roles: ['adviser'],
		async apply(db, user, args, now) {
			return applied(() => openLevel2Case(db, user, args, now));
		}
	},
	/** Chased, answered, closed — offline perhaps; a step the case's state no longer allows is refused. */
	'updateLevel2Case@1': {
		roles: ['adviser'],
		async apply(db, user, args, now) {
			return applied(
				() => stepLevel2Case(db, user, args, now),
				'Ce dossier n’existe plus ou n’est pas le vôtre.'
			);
		}
	},
	/**
	 * A request entered on a device, offline perhaps. Its id comes from the device: a request that
	 * already exists under that id from the same author is this one, already there.
	 */
	'requestHomeVisit@1': {
		roles: ['relay', 'coordinator', 'adviser'],
		async apply(db, user, args, now) {
			const existing = await db
				.selectFrom('home_visit_requests')
				.select('created_by')
				.where('id', '=', args.requestId)
				.executeTakeFirst();
			if (existing) {
				if (existing.created_by === user.id) return { status: 'applied' };
				throw new MutationRejected('Cet identifiant de demande est déjà pris : renvoyez la demande.');
			}
			return applied(() => createHomeVisitRequest(db, user, args.request, now, args.requestId));
		}
	},
	/**
	 * An adviser books a visit offline. The server re-checks the slot against the tour's day as it
	 * is now: when another device booked it first, this one is rejected with the clash named.
	 */
	'scheduleHomeVisit@1': {
		roles: ['adviser', 'coordinator'],
		async apply(db, user, args, now) {
			return applied(
				() => transitionHomeVisit(db, user, args.visitId, { to: 'scheduled', slot: args.slot }, now),
				OUT_OF_TOUR_VISIT
			);
		}
	},
	/**
	 * The adviser records, at the door and offline, that the visit took place or that nobody was
	 * there. The server's rules decide: a visit cancelled or moved meanwhile comes back rejected,
	 * with the reason, under "À revoir".
	 */
	'recordHomeVisitOutcome@1': {
		roles: ['adviser', 'coordinator'],
		async apply(db, user, args, now) {
			return applied(
				() =>
					transitionHomeVisit(db, user, args.visitId, { to: args.outcome, reason: args.note || null }, now),
				OUT_OF_TOUR_VISIT
			);
		}
	},
	/**
	 * The coordinator's move of a permanence, made offline perhaps. Refused when the permanence
	 * changed since the device saw it (moved, cancelled: the first edit to reach the server wins)
	 * or when the move breaks a rule of the calendar as it is now (holiday, crew absent, the
	 * tour busy that half-day…): the device shows why under "À revoir".
	 */
	'movePermanence@1': {
		roles: ['coordinator'],
		async apply(db, user, args, now) {
			const current = await permanenceAsSeen(db, args.permanenceId, args.base, {
				date: args.date,
				period: args.period
			});
			if (current === 'already') return { status: 'applied' };
			return applied(() =>
				moveCheckedPermanence(
					db,
					user,
					args.permanenceId,
					{ date: args.date, period: args.period, reason: args.reason },
					parisDate(now),
					now
				)
			);
		}
	},
	'cancelPermanence@1': {
		roles: ['coordinator'],
		async apply(db, user, args, now) {
			const current = await permanenceAsSeen(db, args.permanenceId, args.base, null);
			if (current === 'already') return { status: 'applied' };
			if (current.date < parisDate(now))
				throw new MutationRejected('Cette permanence est passée : elle ne peut plus être annulée.');
			await cancelPermanence(db, user, args.permanenceId, args.reason, now);
			return { status: 'applied' };
		}
	},
	'changeSiteLifecycle@1': {
		roles: ['coordinator'],
		async apply(db, user, args, now) {
			await siteInScope(db, user, args.siteId);
			return applied(() =>
				changeSiteLifecycle(
					db,
					user,
					args.siteId,
					{ status: args.status, closingOn: args.closingOn, redirect: args.redirect },
					now
				)
			);
		}
	}
};
