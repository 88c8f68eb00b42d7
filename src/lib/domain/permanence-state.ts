/**
 * The state of a permanence as the coordinator reads it: a draft, what the public sees, or a change
 * made since and not yet published. The date of the permanence and the date it was published are
 * two different things: the labels never put a date after « publiée ».
 */
export interface PermanenceStateInput {
	date: string;
	period: string;
	start: string;
	status: 'planned' | 'cancelled';
	/** Set when the planner or the coordinator moved it off its site's usual day. */
	patternDate: string | null;
	/** What the public sees (null: never published). */
	public: { status: 'published' | 'cancelled'; date: string; period: string; start: string } | null;
}

export type PermanenceStateKind = 'draft' | 'published' | 'pending' | 'cancelled';

export interface PermanenceState {
	kind: PermanenceStateKind;
	label: string;
	/** Whether the public still sees another date or half-day than the one planned now. */
	publicDateDiffers: boolean;
}

export function permanenceState(p: PermanenceStateInput): PermanenceState {
	const publicDateDiffers = p.public !== null && (p.public.date !== p.date || p.public.period !== p.period);
	const state = (kind: PermanenceStateKind, label: string): PermanenceState => ({
		kind,
		label,
		publicDateDiffers
	});
	if (!p.public)
		return p.status === 'cancelled' ? state('cancelled', 'Annulée') : state('draft', 'Brouillon');
	if (p.status === 'cancelled') {
		return p.public.status === 'cancelled'
			? state('cancelled', 'Annulée (publiée)')
			: state('pending', 'Annulation à publier');
	}
	if (publicDateDiffers) return state('pending', 'Déplacée, à publier');
	if (p.public.start !== p.start || p.public.status !== 'published')
		return state('pending', 'Modifiée, à publier');
	return p.patternDate !== null ? state('published', 'Publiée, déplacée') : state('published', 'Publiée');
}
