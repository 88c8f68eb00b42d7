import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { parisInstant } from '$lib/domain/dates';

/** One permanence as a calendar feed shows it. */
export interface CalendarEntry {
	/** The permanence's stable id: the event's UID never changes, so a move updates the same event. */
	id: string;
	date: string;
	start: string;
	end: string;
	cancelled: boolean;
	/** Raised on every change after publication (RFC 5545 SEQUENCE). */
	sequence: number;
	/** When the permanence last changed: the DTSTAMP, so that the feed is stable between changes. */
	updatedAt: string;
	summary: string;
	location: string;
	description: string;
	url: string;
}

export interface CalendarFeed {
	name: string;
	description: string;
	/** Public URL of the page the feed belongs to. */
	url: string;
	entries: CalendarEntry[];
}

/** Host part of the UIDs: fixed, so UIDs stay the same whatever address serves the feed. */
const UID_DOMAIN = 'tournees-france-services';

/**
 * An RFC 5545 calendar (ical-generator). Times are written in UTC from the Paris civil time of
 * each permanence, so every client shows the right local hour on both sides of the daylight-saving
 * change without depending on its VTIMEZONE support. A cancelled permanence stays in the feed
 * with STATUS:CANCELLED and a raised SEQUENCE, so subscribed calendars remove it.
 */
export function buildCalendar(feed: CalendarFeed): string {
	const calendar = ical({
		name: feed.name,
		description: feed.description,
		url: feed.url,
		prodId: { company: 'Tournées France Services', product: 'Calendrier des permanences', language: 'FR' },
		method: ICalCalendarMethod.PUBLISH,
		// Ask subscribed clients to refresh twice a day.
		ttl: 12 * 60 * 60
	});
	for (const entry of feed.entries) {
		calendar.createEvent({
			id: `${entry.id}@${UID_DOMAIN}`,
			start: parisInstant(entry.date, entry.start),
			end: parisInstant(entry.date, entry.end),
			stamp: new Date(entry.updatedAt),
			sequence: entry.sequence,
			status: entry.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
			summary: entry.cancelled ? `ANNULÉ — ${entry.summary}` : entry.summary,
			location: entry.location,
			description: entry.description,
			url: entry.url
		});
	}
	return calendar.toString();
}
