import { addDaysIso } from './dates';

/** Where a tour stops. The three kinds come from the département's deliberation. */
export const SITE_KINDS = ['townHall', 'solidarityHouse', 'departmentHeadquarters'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const SITE_KIND_LABELS: Record<SiteKind, string> = {
	townHall: 'Mairie ou salle communale',
	solidarityHouse: 'Maison départementale des solidarités',
	departmentHeadquarters: 'Hôtel du Département'
};

export const HALF_DAY_PERIODS = ['morning', 'afternoon'] as const;
export type HalfDayPeriod = (typeof HALF_DAY_PERIODS)[number];

/** ISO weekday: 1 = Monday … 6 = Saturday (no Sunday permanence). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6;

export const WEEKDAY_LABELS: Record<Weekday, string> = {
	1: 'lundi',
	2: 'mardi',
	3: 'mercredi',
	4: 'jeudi',
	5: 'vendredi',
	6: 'samedi'
};

/** One half-day when a site can host a permanence, with its local hours ("HH:MM"). */
export interface OpeningSlot {
	weekday: Weekday;
	period: HalfDayPeriod;
	start: string;
	end: string;
}

export const DEFAULT_HOURS: Record<HalfDayPeriod, { start: string; end: string }> = {
	morning: { start: '09:00', end: '12:00' },
	afternoon: { start: '14:00', end: '17:00' }
};

/** Monday to Friday, both half-days, default hours: what a mairie room usually offers. */
export function defaultOpeningSlots(): OpeningSlot[] {
	const slots: OpeningSlot[] = [];
	for (const weekday of [1, 2, 3, 4, 5] as const) {
		for (const period of HALF_DAY_PERIODS) slots.push({ weekday, period, ...DEFAULT_HOURS[period] });
	}
	return slots;
}

export function minutesOf(time: string): number {
	const [h = '0', m = '0'] = time.split(':');
	return Number(h) * 60 + Number(m);
}

/** A morning slot ends by 13:00, an afternoon slot starts at 12:00 or later. */
export function slotProblem(slot: OpeningSlot): string | null {
	const start = minutesOf(slot.start);
	const end = minutesOf(slot.end);
	if (end <= start) return "l'heure de fin doit suivre l'heure de début";
	if (slot.period === 'morning' && end > 13 * 60) return 'une matinée se termine au plus tard à 13 h';
	if (slot.period === 'afternoon' && start < 12 * 60) return 'un après-midi commence au plus tôt à 12 h';
	return null;
}

export function formatTime(time: string): string {
	const [h = '0', m = '00'] = time.split(':');
	return m === '00' ? `${Number(h)} h` : `${Number(h)} h ${m}`;
}

/**
 * Plain-French summary of the opening slots, grouping weekdays that share the same hours:
 * "lundi au vendredi : 9 h – 12 h et 14 h – 17 h".
 */
export function describeOpeningSlots(slots: readonly OpeningSlot[]): string[] {
	const byDay = new Map<Weekday, string>();
	for (const weekday of [1, 2, 3, 4, 5, 6] as const) {
		const daySlots = slots
			.filter((s) => s.weekday === weekday)
			.sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
			.map((s) => `${formatTime(s.start)} – ${formatTime(s.end)}`);
		if (daySlots.length > 0) byDay.set(weekday, daySlots.join(' et '));
	}
	const lines: string[] = [];
	let run: Weekday[] = [];
	const flush = () => {
		const first = run[0];
		const last = run[run.length - 1];
		if (first === undefined || last === undefined) return;
		const hours = byDay.get(first) ?? '';
		const days =
			run.length === 1
				? WEEKDAY_LABELS[first]
				: run.length === 2
					? `${WEEKDAY_LABELS[first]} et ${WEEKDAY_LABELS[last]}`
					: `${WEEKDAY_LABELS[first]} au ${WEEKDAY_LABELS[last]}`;
		lines.push(`${days.charAt(0).toUpperCase()}${days.slice(1)} : ${hours}`);
		run = [];
	};
	for (const weekday of [1, 2, 3, 4, 5, 6] as const) {
		const hours = byDay.get(weekday);
		const prev = run[run.length - 1];
		if (hours === undefined) {
			flush();
			continue;
		}
		if (prev !== undefined && byDay.get(prev) !== hours) flush();
		run.push(weekday);
	}
	flush();
	return lines;
}

/** Life cycle of a site: planned → active → closing (on a date) → closed. */
export const SITE_STATUSES = ['planned', 'active', 'closing', 'closed'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

export const SITE_STATUS_LABELS: Record<SiteStatus, string> = {
	planned: 'Prévu',
	active: 'Actif',
	closing: 'Fermeture programmée',
	closed: 'Fermé'
};

/** Where citizens go once a site closes: the labelled France Services that replaces it. */
export interface SiteRedirect {
	name: string;
	address: string | null;
	phone: string | null;
}

export interface SiteLifecycle {
	status: SiteStatus;
	/** ISO date (YYYY-MM-DD) of the last day of service, for `closing` and `closed`. */
	closingOn: string | null;
	redirect: SiteRedirect | null;
}

const NEXT_STATUSES: Record<SiteStatus, readonly SiteStatus[]> = {
	planned: ['active', 'closed'],
	active: ['closing', 'closed'],
	closing: ['active', 'closed'],
	closed: ['active']
};

export function allowedNextStatuses(status: SiteStatus): readonly SiteStatus[] {
	return NEXT_STATUSES[status];
}

/**
 * Checks a change of life cycle; returns a French reason when it is refused.
 * `today` is an ISO date passed in (the domain never reads the clock).
 */
export function lifecycleChangeProblem(
	current: SiteLifecycle,
	next: SiteLifecycle,
	today: string
): string | null {
	if (next.status !== current.status && !NEXT_STATUSES[current.status].includes(next.status)) {
		return `Un lieu « ${SITE_STATUS_LABELS[current.status].toLowerCase()} » ne peut pas passer à « ${SITE_STATUS_LABELS[next.status].toLowerCase()} ».`;
	}
	if (next.status === 'closing') {
		if (!next.closingOn) return 'Indiquez la date du dernier jour de permanence.';
		if (next.closingOn < today) return 'La date de fermeture ne peut pas être passée : choisissez « Fermé ».';
	}
	if ((next.status === 'planned' || next.status === 'active') && next.closingOn) {
		return 'Un lieu prévu ou actif n’a pas de date de fermeture.';
	}
	return null;
}

/** The status that holds on a given day: a site "closing" becomes closed after its last day. */
export function effectiveStatus(lifecycle: SiteLifecycle, onDate: string): SiteStatus {
	if (lifecycle.status === 'closing' && lifecycle.closingOn !== null && onDate > lifecycle.closingOn) {
		return 'closed';
	}
	return lifecycle.status;
}

/** Whether a permanence may take place at the site on that day. */
export function siteServesOn(lifecycle: SiteLifecycle, onDate: string): boolean {
	const status = effectiveStatus(lifecycle, onDate);
	return status === 'active' || status === 'closing';
}

/**
 * The life cycle once the opening date of the France Services that replaces a site is known: the
 * last permanence is the day before it opens (closing), or the site is closed if that day is past.
 * `today` is passed in (the domain never reads the clock).
 */
export function lifecycleAtLabelling(
	openingOn: string,
	redirect: SiteRedirect,
	today: string
): SiteLifecycle {
	const lastDay = addDaysIso(openingOn, -1);
	return { status: lastDay >= today ? 'closing' : 'closed', closingOn: lastDay, redirect };
}

/**
 * Whether a site still waits for the labelling that ends it: a France Services is named and no
 * closing date has been set yet (recording the opening date makes the site « closing »).
 */
export function awaitsLabelling(lifecycle: SiteLifecycle, replacedBy: object | null): boolean {
	return replacedBy !== null && (lifecycle.status === 'active' || lifecycle.status === 'planned');
}

/**
 * What citizens read about a site whose end is announced without a date (seed 003: the
 * permanences stop when the local France Services is labelled).
 */
export function announcedEndText(replacingName: string): string {
	return /^France Services\b/.test(replacingName)
		? `Cette permanence s'arrêtera lorsque la ${replacingName} ouvrira.`
		: `Cette permanence s'arrêtera à l'ouverture de « ${replacingName} ».`;
}
