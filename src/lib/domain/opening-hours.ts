/**
 * Opening hours in the OpenStreetMap `opening_hours` format, as the national schema of
 * digital-mediation places asks (https://wiki.openstreetmap.org/wiki/FR:Key:opening_hours),
 * e.g. `Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00`.
 *
 * The common subset (weekdays, public holidays, time ranges, `off`, `24/7`) is parsed and said
 * in French. A value using the rest of the syntax (months, weeks, nth weekdays, comments,
 * sunrise…) is accepted when it is made of OSM tokens only, and shown as given: rejecting a
 * valid national file for a rare construct would help nobody. Free text (« lundi matin »,
 * « 9h-12h ») is refused with the fragment that is not OSM.
 */

export type OpeningHoursCheck =
	| {
			ok: true;
			/** The French rendering, or null when the value goes beyond the common subset. */ text: string | null;
	  }
	| { ok: false; reason: string };

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
type Day = (typeof DAYS)[number];
const DAY_NAMES: Record<Day, string> = {
	Mo: 'lundi',
	Tu: 'mardi',
	We: 'mercredi',
	Th: 'jeudi',
	Fr: 'vendredi',
	Sa: 'samedi',
	Su: 'dimanche'
};

const TIME = /^(\d{1,2}):(\d{2})$/;

/** Minutes since midnight of `HH:MM` (00:00–24:00), or null. */
function minutes(text: string): number | null {
	const m = TIME.exec(text);
	if (!m) return null;
	const h = Number(m[1]);
	const min = Number(m[2]);
	if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
	return h * 60 + min;
}

/** `9 h`, `18 h 30`, with no-break spaces: a time never splits across two lines. */
function frenchTime(total: number): string {
	const h = Math.floor(total / 60);
	const m = total % 60;
	return m === 0 ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}`;
}

function frenchList(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** `Mo-Fr,Su,PH` → French, or null when it is not a plain weekday list. */
function parseDays(selector: string): Parsed<string> | null {
	const parts = selector.split(',');
	const said: string[] = [];
	for (const part of parts) {
		if (part === 'PH') {
			said.push('les jours fériés');
			continue;
		}
		const range = /^([A-Z][a-z])(?:-([A-Z][a-z]))?$/.exec(part);
		if (!range) return null;
		const [, from, to] = range;
		if (!DAYS.includes(from as Day) || (to !== undefined && !DAYS.includes(to as Day))) return null;
		if (to === undefined || to === from) said.push(DAY_NAMES[from as Day]);
		else said.push(`du ${DAY_NAMES[from as Day]} au ${DAY_NAMES[to as Day]}`);
	}
	return { ok: true, value: frenchList(said) };
}

/** `09:00-12:00,14:00-18:30` → French, an error for an impossible time, null when not plain ranges. */
function parseTimes(selector: string): Parsed<string> | null {
	const said: string[] = [];
	for (const part of selector.split(',')) {
		const range = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part);
		if (!range) return null;
		const start = minutes(range[1] ?? '');
		const end = minutes(range[2] ?? '');
		if (start === null || end === null)
			return { ok: false, reason: `heure impossible dans « ${part} » (de 00:00 à 24:00)` };
		if (start === end) return { ok: false, reason: `plage horaire vide « ${part} »` };
		// An end before the start runs past midnight (22:00-02:00), which OSM allows.
		said.push(`${frenchTime(start)} – ${frenchTime(end)}`);
	}
	return { ok: true, value: frenchList(said) };
}

/** One rule of the common subset in French, an error, or null when it is beyond the subset. */
function parseRule(rule: string): Parsed<string> | null {
	if (rule === '24/7') return { ok: true, value: 'Ouvert 24 h/24, 7 j/7' };
	const m = /^(?:((?:[A-Z][a-z]|PH)(?:[-,](?:[A-Z][a-z]|PH))*)\s+)?(\S+)$/.exec(rule);
	const daysOnly = /^((?:[A-Z][a-z]|PH)(?:[-,](?:[A-Z][a-z]|PH))*)$/.exec(rule);
	if (daysOnly) {
		const days = parseDays(daysOnly[1] ?? '');
		if (!days || !days.ok) return days;
		return { ok: true, value: `${capitalise(days.value)} : ouvert` };
	}
	if (!m) return null;
	const [, daySelector, rest = ''] = m;
	const days = daySelector === undefined ? null : parseDays(daySelector);
	if (daySelector !== undefined && (!days || !days.ok)) return days;
	const who = days?.ok ? capitalise(days.value) : 'Tous les jours';
	if (rest === 'off' || rest === 'closed') return { ok: true, value: `${who} : fermé` };
	const times = parseTimes(rest);
	if (!times || !times.ok) return times;
	return { ok: true, value: `${who} : ${times.value}` };
}

/** The tokens of the full OSM grammar: a value made of nothing else is accepted as given. */
const OSM_TOKEN =
	/\s+|"[^"]*"|\d{1,2}:\d{2}|\d+|Mo|Tu|We|Th|Fr|Sa|Su|PH|SH|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|off|closed|open|unknown|week|easter|sunrise|sunset|dawn|dusk|days?|24\/7|[-,;:[\]/+()|]/y;

/** The first fragment of `value` that is not an OSM token, or null. */
function firstForeignFragment(value: string): string | null {
	let at = 0;
	while (at < value.length) {
		OSM_TOKEN.lastIndex = at;
		const m = OSM_TOKEN.exec(value);
		if (!m || m[0].length === 0) {
			// The whole word around the foreign character: « 9h-12h », not « h-12h ».
			const start = Math.max(value.lastIndexOf(' ', at), value.lastIndexOf(';', at)) + 1;
			const end = value.slice(at).search(/[\s;]/);
			return value.slice(start, end < 0 ? undefined : at + end);
		}
		if (TIME.test(m[0]) && minutes(m[0]) === null) return m[0];
		at += m[0].length;
	}
	return null;
}

/**
 * Checks an OSM `opening_hours` value and says it in French when it is of the common subset.
 * An empty value is not checked here: the caller decides whether hours are required.
 */
export function checkOpeningHours(value: string): OpeningHoursCheck {
	const trimmed = value.trim();
	if (trimmed === '') return { ok: false, reason: 'horaires vides' };
	const foreign = firstForeignFragment(trimmed);
	if (foreign !== null) {
		return {
			ok: false,
			reason: `« ${foreign} » n’est pas au format OpenStreetMap (exemple : « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 »)`
		};
	}
	const said: string[] = [];
	for (const rule of trimmed.split(';').map((r) => r.trim().replace(/\s*,\s*/g, ','))) {
		if (rule === '') continue;
		const parsed = parseRule(rule);
		if (parsed === null) return { ok: true, text: null };
		if (!parsed.ok) return { ok: false, reason: parsed.reason };
		said.push(parsed.value);
	}
	if (said.length === 0) return { ok: false, reason: 'horaires vides' };
	return { ok: true, text: said.join(' ; ') };
}

/** The French rendering of valid hours of the common subset, else null (show the value as given). */
export function openingHoursInFrench(value: string): string | null {
	const check = checkOpeningHours(value);
	return check.ok ? check.text : null;
}
