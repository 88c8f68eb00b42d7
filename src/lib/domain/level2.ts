import { addDaysIso } from './dates';
import { DEFAULT_LOCAL_RULES } from './local-rules';

/**
 * Level-2 follow-up: when the adviser hands a request to the operator's named correspondent
 * (a "niveau 2" record), a case follows it until it is closed:
 * transmitted → answered → closed, with chases (relances) while no answer comes:
 * transmitted | chased → chased (a new due date each time). A case may be closed without an
 * answer (the person gave up, the operator settled it directly). Closed is final.
 */
export const LEVEL2_STATES = ['transmitted', 'chased', 'answered', 'closed'] as const;
export type Level2State = (typeof LEVEL2_STATES)[number];

export const LEVEL2_STATE_LABELS: Record<Level2State, string> = {
	transmitted: 'Transmis',
	chased: 'Relancé',
	answered: 'Réponse reçue',
	closed: 'Clos'
};

export const LEVEL2_ACTIONS = ['chase', 'answer', 'close'] as const;
export type Level2Action = (typeof LEVEL2_ACTIONS)[number];

export const LEVEL2_ACTION_LABELS: Record<Level2Action, string> = {
	chase: 'Relancer',
	answer: 'Réponse reçue',
	close: 'Clore le dossier'
};

/** Days given after a chase, by default. */
export const LEVEL2_CHASE_DAYS = 8;

const NEXT: Record<Level2State, Partial<Record<Level2Action, Level2State>>> = {
	transmitted: { chase: 'chased', answer: 'answered', close: 'closed' },
	chased: { chase: 'chased', answer: 'answered', close: 'closed' },
	answered: { close: 'closed' },
	closed: {}
};

/** The state an action leads to, or null when the action is not possible from this state. */
export function nextLevel2State(state: Level2State, action: Level2Action): Level2State | null {
	return NEXT[state][action] ?? null;
}

/** Why an action cannot be taken, in French, for the person who tried it. */
export function level2Refusal(state: Level2State, action: Level2Action): string {
	if (state === 'closed') return 'Ce dossier est déjà clos.';
	if (state === 'answered' && action === 'chase')
		return 'La réponse a déjà été reçue : le dossier ne peut plus être relancé.';
	if (state === 'answered' && action === 'answer') return 'La réponse a déjà été enregistrée.';
	return `Action impossible sur un dossier « ${LEVEL2_STATE_LABELS[state]} ».`;
}

/** Waiting for the correspondent's answer. */
export function isAwaitingAnswer(state: Level2State): boolean {
	return state === 'transmitted' || state === 'chased';
}

/** Waiting, and past its due date (a date `YYYY-MM-DD` in Paris time). */
export function isOverdue(c: { state: Level2State; dueOn: string }, today: string): boolean {
	return isAwaitingAnswer(c.state) && c.dueOn < today;
}

/**
 * The default due date of a handover made on `on` (the département's answer delay, 15 days by
 * default), or of a chase made on `on`.
 */
export function defaultDueOn(
	on: string,
	action: 'transmit' | 'chase',
	responseDays: number = DEFAULT_LOCAL_RULES.level2ResponseDays
): string {
	return addDaysIso(on, action === 'transmit' ? responseDays : LEVEL2_CHASE_DAYS);
}

/** Waiting cases first, the most overdue first; then the others, the latest first. */
export function compareLevel2Cases(
	a: { state: Level2State; dueOn: string; transmittedOn: string },
	b: { state: Level2State; dueOn: string; transmittedOn: string }
): number {
	const wa = isAwaitingAnswer(a.state);
	const wb = isAwaitingAnswer(b.state);
	if (wa !== wb) return wa ? -1 : 1;
	if (wa) return a.dueOn.localeCompare(b.dueOn);
	return b.transmittedOn.localeCompare(a.transmittedOn);
}
