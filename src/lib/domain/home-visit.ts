import type { Role } from './roles';

/**
 * Home visits, for people who cannot travel to a permanence. The life of a request:
 * requested → accepted | refused → scheduled (rescheduling keeps the earlier slots in the history)
 * → done | absent; cancelled from any open state. Refused, done, absent and cancelled close it.
 */
export const HOME_VISIT_STATUSES = [
	'requested',
	'accepted',
	'refused',
	'scheduled',
	'done',
	'absent',
	'cancelled'
] as const;
export type HomeVisitStatus = (typeof HOME_VISIT_STATUSES)[number];

export const HOME_VISIT_STATUS_LABELS: Record<HomeVisitStatus, string> = {
	requested: 'Demandée',
	accepted: 'Acceptée',
	refused: 'Refusée',
	scheduled: 'Planifiée',
	done: 'Réalisée',
	absent: 'Personne absente',
	cancelled: 'Annulée'
};

export const CLOSED_STATUSES: readonly HomeVisitStatus[] = ['refused', 'done', 'absent', 'cancelled'];

export function isClosed(status: HomeVisitStatus): boolean {
	return CLOSED_STATUSES.includes(status);
}

/** Why the person cannot travel: categories only, never a health detail. */
export const MOBILITY_REASONS = ['age', 'disability', 'illness', 'noTransport', 'other'] as const;
export type MobilityReason = (typeof MOBILITY_REASONS)[number];

export const MOBILITY_REASON_LABELS: Record<MobilityReason, string> = {
	age: 'Âge',
	disability: 'Handicap',
	illness: 'Maladie',
	noTransport: 'Pas de moyen de transport',
	other: 'Autre raison'
};

/** Transitions allowed from each state, and which roles may make them. */
const TRANSITIONS: Record<HomeVisitStatus, Partial<Record<HomeVisitStatus, readonly Role[]>>> = {
	requested: {
		accepted: ['coordinator', 'adviser'],
		refused: ['coordinator', 'adviser'],
		cancelled: ['coordinator', 'adviser', 'relay']
	},
	accepted: {
		scheduled: ['coordinator', 'adviser'],
		refused: ['coordinator', 'adviser'],
		cancelled: ['coordinator', 'adviser', 'relay']
	},
	scheduled: {
		// Rescheduling: a new slot, the previous one stays in the history.
		scheduled: ['coordinator', 'adviser'],
		done: ['coordinator', 'adviser'],
		absent: ['coordinator', 'adviser'],
		cancelled: ['coordinator', 'adviser', 'relay']
	},
	refused: {},
	done: {},
	absent: {},
	cancelled: {}
};

/** Transitions that must say why (shown to the relay and kept in the history). */
export const REASON_REQUIRED: readonly HomeVisitStatus[] = ['refused', 'cancelled'];

/** A French reason when the change is not allowed; null when it is. */
export function transitionProblem(
	from: HomeVisitStatus,
	to: HomeVisitStatus,
	role: Role,
	input: { reason?: string | null; hasSlot?: boolean } = {}
): string | null {
	const allowed = TRANSITIONS[from][to];
	if (!allowed) {
		return `Une demande « ${HOME_VISIT_STATUS_LABELS[from].toLowerCase()} » ne peut pas passer à « ${HOME_VISIT_STATUS_LABELS[to].toLowerCase()} ».`;
	}
	if (!allowed.includes(role)) return 'Votre rôle ne permet pas ce changement.';
	if (REASON_REQUIRED.includes(to) && !input.reason?.trim()) return 'Indiquez la raison.';
	if (to === 'scheduled' && !input.hasSlot) return 'Choisissez un créneau.';
	return null;
}

export function nextStatuses(from: HomeVisitStatus, role: Role): HomeVisitStatus[] {
	return (Object.entries(TRANSITIONS[from]) as [HomeVisitStatus, readonly Role[]][])
		.filter(([, roles]) => roles.includes(role))
		.map(([to]) => to);
}

/**
 * How long a closed request keeps the person's identity (name, phone, street, access notes)
 * before it is anonymised: 3 months. The CNIL's reference frameworks keep appointment data no
 * longer than needed to manage the appointment (then archive only what a legal duty requires),
 * and social-service data that are not part of a case file are kept for the duration of the
 * accompaniment: once the visit is done (or cancelled), three months cover a follow-up question
 * or a complaint. The commune, reasons, operator and dates stay, anonymous, for the statistics.
 */
export const DEFAULT_RETENTION_DAYS = 92;
