import type { MutationArgs, MutationName } from '$lib/contracts/sync';
import type { EntityRow, SyncedEntity } from './protocol';

/** The local view a mutator changes: rows by entity and id. */
export interface MutableView {
	get(entity: SyncedEntity, id: string): EntityRow | undefined;
	put(entity: SyncedEntity, row: EntityRow): void;
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
			const next: EntityRow = { ...site };
			for (const [field, edit] of Object.entries(args.changes)) if (edit) next[field] = edit.value;
			view.put('sites', next);
		}
	},
	'updateSiteAccessNotes@1': {
		reads: (args) => [['sites', args.siteId]],
		apply: (view, args) => {
			const site = view.get('sites', args.siteId);
			if (site) view.put('sites', { ...site, accessNotes: args.value });
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
