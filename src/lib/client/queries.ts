import type { EntityRowOf } from '$lib/contracts/synced';
import { compareLevel2Cases } from '$lib/domain/level2';
import { LOCAL_RULES_ID, localRulesFromRow, type LocalRules } from '$lib/domain/local-rules';
import type { LocalDatabase } from './db/local-db';

/*
 * The reads offline pages make of the device's database, named by what they return. Page
 * controllers keep them current with `live`; they are tested over a real IndexedDB
 * implementation (fake-indexeddb) with the controllers.
 */

/** Commune names by INSEE code. */
export async function communeNames(db: LocalDatabase): Promise<Map<string, string>> {
	return new Map((await db.entity('communes').toArray()).map((c) => [c.insee, c.name]));
}

/** A relay's requests, newest first; those not sent yet (no server date) on top. */
export async function relayRequestsNewestFirst(db: LocalDatabase): Promise<EntityRowOf<'relayRequests'>[]> {
	const rows = await db.entity('relayRequests').toArray();
	// By code unit, not by locale: ISO times order so, and an unsent one (null) is after them all.
	const key = (r: EntityRowOf<'relayRequests'>) => r.createdAt ?? '\uffff';
	return rows.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

/** The tours by number. */
export async function toursInOrder(db: LocalDatabase): Promise<EntityRowOf<'tours'>[]> {
	return (await db.entity('tours').toArray()).sort((a, b) => a.number - b.number);
}

/** Permanences from `date` on, by date, start and site. */
export async function publishedPermanencesFrom(
	db: LocalDatabase,
	date: string
): Promise<EntityRowOf<'permanences'>[]> {
	const rows = await db.entity('permanences').where('date').aboveOrEqual(date).toArray();
	const key = (p: EntityRowOf<'permanences'>) => `${p.date}${p.start}${p.siteId}`;
	return rows.sort((a, b) => key(a).localeCompare(key(b)));
}

/** The département's rules as synced; the defaults until the first sync brings them. */
export async function localRules(db: LocalDatabase): Promise<LocalRules> {
	return localRulesFromRow(await db.entity('localRules').get(LOCAL_RULES_ID));
}

/** The communes in French alphabetical order. */
export async function communesByName(db: LocalDatabase): Promise<EntityRowOf<'communes'>[]> {
	return (await db.entity('communes').toArray()).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** A tour's permanences after `date`, or from it (`included`). */
export async function tourPermanencesAfter(
	db: LocalDatabase,
	tourId: string,
	date: string,
	included = false
): Promise<EntityRowOf<'permanences'>[]> {
	const dates = db.entity('permanences').where('date');
	return (included ? dates.aboveOrEqual(date) : dates.above(date))
		.filter((p) => p.tourId === tourId)
		.toArray();
}

/** A tour's sites by name. */
export async function tourSites(db: LocalDatabase, tourId: string): Promise<EntityRowOf<'sites'>[]> {
	return db.entity('sites').where('tourId').equals(tourId).sortBy('name');
}

/** The vehicle of a tour, if it has one. */
export async function tourVehicle(
	db: LocalDatabase,
	tourId: string
): Promise<EntityRowOf<'vehicles'> | undefined> {
	const tour = await db.entity('tours').get(tourId);
	return tour?.vehicleId ? db.entity('vehicles').get(tour.vehicleId) : undefined;
}

/** Level-2 cases waiting for the correspondent's answer, the most overdue first. */
export async function waitingLevel2Cases(db: LocalDatabase): Promise<EntityRowOf<'level2Cases'>[]> {
	const rows = await db.entity('level2Cases').where('state').anyOf(['transmitted', 'chased']).toArray();
	return rows.sort(compareLevel2Cases);
}

/** Operators in the référentiel's order. */
export async function operatorsInOrder(db: LocalDatabase): Promise<EntityRowOf<'operators'>[]> {
	return (await db.entity('operators').toArray()).sort((a, b) => a.sortOrder - b.sortOrder);
}

/** Operators' correspondents by name. */
export async function correspondentsByName(db: LocalDatabase): Promise<EntityRowOf<'correspondents'>[]> {
	return (await db.entity('correspondents').toArray()).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** A tour's planned permanences of one day, by start time. */
export async function tourPlannedPermanencesOn(
	db: LocalDatabase,
	tourId: string,
	date: string
): Promise<EntityRowOf<'permanences'>[]> {
	const rows = await db
		.entity('permanences')
		.where('date')
		.equals(date)
		.filter((p) => p.tourId === tourId && p.status === 'planned')
		.toArray();
	return rows.sort((a, b) => a.start.localeCompare(b.start));
}

/** Level-2 cases by the id of the record that opened them. */
export async function level2CasesByRecord(
	db: LocalDatabase
): Promise<Map<string, EntityRowOf<'level2Cases'>>> {
	return new Map((await db.entity('level2Cases').toArray()).map((c) => [c.recordId, c]));
}
