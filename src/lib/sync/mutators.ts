import type { MutationArgs, MutationName } from '$lib/contracts/sync';
import { DEFAULT_HOURS } from '$lib/domain/site';
import { nextLevel2State, type Level2State } from '$lib/domain/level2';
import { DIGITAL_AREAS, scoreDiagnostic } from '$lib/domain/diagnostic';
import type { EntityRowOf, SyncedEntity } from './protocol';

/** The local view a mutator changes: rows by entity and id. */
export interface MutableView {
	get<E extends SyncedEntity>(entity: E, id: string): EntityRowOf<E> | undefined;
	put<E extends SyncedEntity>(entity: E, row: EntityRowOf<E>): void;
}

interface ClientMutator<N extends MutationName> {
	/** The rows `apply` reads: a store loads them before the (synchronous) mutator runs. */
	reads(args: MutationArgs<N>): [SyncedEntity, string][];
	apply(view: MutableView, args: MutationArgs<N>): void;
}

/**
 * The client's optimistic version of each mutation: what the device shows until the server's
 * result arrives. They only set values, so replaying one on top of a server state that already
 * contains it changes nothing (the rebase after a pull relies on that).
 */
export const CLIENT_MUTATORS: { [N in MutationName]: ClientMutator<N> } = {
	'updateSiteDetails@1': {
		reads: (args) => [['sites', args.siteId]],
		apply: (view, args) => {
			const site = view.get('sites', args.siteId);
			if (!site) return;
			const edited = Object.entries(args.changes).flatMap(([field, edit]) =>
				edit ? [[field, edit.value]] : []
			);
			view.put('sites', { ...site, ...Object.fromEntries(edited) });
		}
	},
	'updateSiteAccessNotes@1': {
		reads: (args) => [['sites', args.siteId]],
		apply: (view, args) => {
			const site = view.get('sites', args.siteId);
			if (site) view.put('sites', { ...site, accessNotes: args.value });
		}
	},
	'recordActivity@1': {
		reads: (args) => [['activityRecords', args.recordId]],
		apply: (view, args) => {
			// The server sets the date and site from the permanence or visit; the device's guess until then.
			view.put('activityRecords', { id: args.recordId, ...args.record, siteId: null, createdAt: null });
		}
	},
	'amendActivity@1': {
		reads: (args) => [['activityRecords', args.recordId]],
		apply: (view, args) => {
			const current = view.get('activityRecords', args.recordId);
			if (current) view.put('activityRecords', { ...current, ...args.record });
		}
	},
	'requestHomeVisit@1': {
		reads: (args) => [['relayRequests', args.requestId]],
		apply: (view, args) => {
			// What the relay sees of its request until the server's row arrives (no personal data kept here).
			view.put('relayRequests', {
				id: args.requestId,
				createdAt: null,
				communeInsee: args.request.communeInsee,
				subject: args.request.subject,
				status: 'requested',
				slotDate: null,
				slotPeriod: null,
				slotStart: null
			});
		}
	},
	'recordDiagnostic@1': {
		reads: (args) => [['diagnostics', args.diagnosticId]],
		apply: (view, args) => {
			// Scored on the device with the same rules as the server, until the server's row arrives.
			const d = args.diagnostic;
			const result = scoreDiagnostic(d.answers, d.access, d.questionnaireVersion);
			view.put('diagnostics', {
				id: args.diagnosticId,
				date: d.date,
				questionnaireVersion: d.questionnaireVersion,
				followUpCode: d.followUpCode,
				communeInsee: d.communeInsee,
				answers: d.answers,
				access: d.access,
				areas: Object.fromEntries(
					DIGITAL_AREAS.map((a) => {
						const [score, level] = [result.areaScores[a], result.areaLevels[a]];
						return [a, score === null || level === null ? null : { score, level }];
					})
				),
				overall: result.overall,
				overallScore: result.overallScore,
				recommendations: result.recommendations,
				createdAt: null
			});
		}
	},
	'openLevel2Case@1': {
		reads: (args) => [
			['level2Cases', args.caseId],
			['activityRecords', args.recordId]
		],
		apply: (view, args) => {
			// The operator is the record's; the server checks it, and the correspondent's.
			const record = view.get('activityRecords', args.recordId);
			view.put('level2Cases', {
				id: args.caseId,
				recordId: args.recordId,
				operator: record?.operator ?? null,
				correspondentId: args.correspondentId,
				subject: args.subject,
				contact: args.contact,
				state: 'transmitted',
				transmittedOn: args.transmittedOn,
				dueOn: args.dueOn,
				chaseCount: 0,
				lastChasedOn: null,
				answeredOn: null,
				closedOn: null,
				note: ''
			});
		}
	},
	'updateLevel2Case@1': {
		reads: (args) => [['level2Cases', args.caseId]],
		apply: (view, args) => {
			const c = view.get('level2Cases', args.caseId);
			const next = c && nextLevel2State(c.state as Level2State, args.action);
			if (!c || !next) return;
			const note = [String(c.note ?? ''), args.note].filter((n) => n.trim() !== '').join(' — ');
			view.put('level2Cases', {
				...c,
				state: next,
				...(args.action === 'chase'
					? {
							// Set, not added: a chase replayed on a state that has it stays one chase.
							chaseCount: c.lastChasedOn === args.on ? c.chaseCount : Number(c.chaseCount ?? 0) + 1,
							lastChasedOn: args.on,
							dueOn: args.dueOn ?? c.dueOn
						}
					: args.action === 'answer'
						? { answeredOn: args.on, note }
						: { closedOn: args.on, note, contact: null })
			});
		}
	},
	'scheduleHomeVisit@1': {
		reads: (args) => [['homeVisits', args.visitId]],
		apply: (view, args) => {
			const visit = view.get('homeVisits', args.visitId);
			if (visit) view.put('homeVisits', { ...visit, status: 'scheduled', ...args.slot });
		}
	},
	'recordHomeVisitOutcome@1': {
		reads: (args) => [['homeVisits', args.visitId]],
		apply: (view, args) => {
			const visit = view.get('homeVisits', args.visitId);
			if (visit) view.put('homeVisits', { ...visit, status: args.outcome, outcomeNote: args.note });
		}
	},
	'movePermanence@1': {
		reads: (args) => [['permanences', args.permanenceId]],
		apply: (view, args) => {
			const p = view.get('permanences', args.permanenceId);
			if (!p) return;
			// The site's hours for the new half-day are the server's to say; the default ones until then.
			const hours = p.period === args.period ? { start: p.start, end: p.end } : DEFAULT_HOURS[args.period];
			view.put('permanences', {
				...p,
				date: args.date,
				period: args.period,
				...hours,
				status: 'planned',
				unpublishedChange: args.reason
			});
		}
	},
	'cancelPermanence@1': {
		reads: (args) => [['permanences', args.permanenceId]],
		apply: (view, args) => {
			const p = view.get('permanences', args.permanenceId);
			if (p) view.put('permanences', { ...p, status: 'cancelled', unpublishedChange: args.reason });
		}
	},
	'changeSiteLifecycle@1': {
		reads: (args) => [['sites', args.siteId]],
		apply: (view, args) => {
			const site = view.get('sites', args.siteId);
			if (site)
				view.put('sites', {
					...site,
					status: args.status,
					closingOn: args.closingOn,
					redirect: args.redirect
				});
		}
	}
};

function mutatorOf(name: string): ClientMutator<MutationName> | undefined {
	return (CLIENT_MUTATORS as Record<string, ClientMutator<MutationName> | undefined>)[name];
}

/** Replays a stored mutation (unknown names, from a newer app version, are left to the server). */
export function replay(view: MutableView, name: string, args: unknown): void {
	mutatorOf(name)?.apply(view, args as never);
}

export function rowsRead(name: string, args: unknown): [SyncedEntity, string][] {
	return mutatorOf(name)?.reads(args as never) ?? [];
}
