import { addDaysIso, formatFrenchDate, PERIOD_LABELS } from '$lib/domain/dates';
import { buildCalendar, type CalendarEntry } from '../calendar/ics';
import type { DB } from '../db';
import { noticesFor, publicPermanences } from '../views/public-calendar';
import { listSites, listTours } from './referential';

/** How far back a feed keeps past dates, so a subscribed agenda does not lose them at once. */
const FEED_PAST_DAYS = 31;

/**
 * The iCalendar feed of some sites: every published permanence (cancelled ones with
 * STATUS:CANCELLED), the reason of the last change in the description.
 */
export async function permanenceFeed(
	db: DB,
	options: {
		siteIds?: string[];
		tourId?: string;
		name: string;
		description: string;
		url: string;
		origin: string;
	},
	today: string
): Promise<string> {
	const [sites, tours] = await Promise.all([listSites(db), listTours(db)]);
	const chosen = sites.filter(
		(s) =>
			(options.siteIds ? options.siteIds.includes(s.id) : true) &&
			(options.tourId ? s.tourId === options.tourId : true)
	);
	const ids = chosen.map((s) => s.id);
	const from = addDaysIso(today, -FEED_PAST_DAYS);
	const [rows, notices] = await Promise.all([publicPermanences(db, ids, from), noticesFor(db, ids, from)]);
	const siteById = new Map(chosen.map((s) => [s.id, s]));
	const tourById = new Map(tours.map((t) => [t.id, t]));
	const entries: CalendarEntry[] = rows.flatMap((p) => {
		const site = siteById.get(p.siteId);
		if (!site) return [];
		const tour = tourById.get(p.tourId);
		const last = notices.filter((n) => n.permanenceId === p.id).at(-1);
		const change = last
			? last.kind === 'cancelled'
				? `Annulée : ${last.reason}.`
				: `Déplacée du ${formatFrenchDate(last.old.date)} (${PERIOD_LABELS[last.old.period]}) : ${last.reason}.`
			: '';
		return [
			{
				id: p.id,
				date: p.date,
				start: p.start,
				end: p.end,
				cancelled: p.status === 'cancelled',
				sequence: p.sequence,
				updatedAt: p.updatedAt,
				summary: `France Services itinérante — ${site.communeName}`,
				location: `${site.name}, ${site.address}`,
				description: [
					change,
					`Permanence France Services${tour ? ` (tournée ${tour.number})` : ''} : aide aux démarches en ligne, sans rendez-vous.`,
					'Apportez une pièce d’identité, vos identifiants et les courriers concernés.',
					site.accessNotes ? `Accès : ${site.accessNotes}` : ''
				]
					.filter(Boolean)
					.join('\n'),
				url: `${options.origin}/communes/${site.communeInsee}`
			}
		];
	});
	return buildCalendar({ name: options.name, description: options.description, url: options.url, entries });
}

export function calendarResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `inline; filename="${filename}"`,
			'cache-control': 'public, max-age=900'
		}
	});
}
