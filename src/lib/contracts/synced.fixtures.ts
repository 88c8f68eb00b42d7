import type { MutationArgs } from './sync';
import type { EntityRowOf } from './synced';

/*
 * Rows of synced entities for tests, as a pull would bring them: the common case, with the fields
 * a test cares about given. Imported by tests only.
 */

export function siteRow(fields: Partial<EntityRowOf<'sites'>> = {}): EntityRowOf<'sites'> {
	return {
		id: 'mairie-lavit',
		kind: 'townHall',
		communeInsee: '82094',
		name: 'Mairie de Lavit',
		address: 'Place de la mairie, 82120 Lavit',
		accessNotes: '',
		addressToConfirm: false,
		lat: 43.96,
		lon: 0.92,
		openingSlots: [],
		status: 'active',
		closingOn: null,
		redirect: null,
		tourId: 'tournee-1',
		...fields
	};
}

/** A planned morning permanence of Lavit's town hall, tour 1. */
export function permanenceRow(fields: Partial<EntityRowOf<'permanences'>> = {}): EntityRowOf<'permanences'> {
	return {
		id: 'mairie-lavit:2027-03:1',
		siteId: 'mairie-lavit',
		tourId: 'tournee-1',
		date: '2027-03-16',
		period: 'morning',
		start: '09:00',
		end: '12:00',
		adviserIds: [],
		status: 'planned',
		unpublishedChange: null,
		...fields
	};
}

export function communeRow(
	insee: string,
	name: string,
	fields: Partial<EntityRowOf<'communes'>> = {}
): EntityRowOf<'communes'> {
	return { insee, name, postcodes: ['82000'], population: 1000, lat: 44, lon: 1.2, mdsId: null, ...fields };
}

/** Dunes' town hall, a relay of tour 2's area. */
export function relayRow(
	fields: Partial<EntityRowOf<'relayOrganisations'>> = {}
): EntityRowOf<'relayOrganisations'> {
	return {
		id: 'dunes',
		kind: 'townHall',
		name: 'Mairie de Dunes',
		communeInsee: '82050',
		address: '1 place de la Mairie',
		phone: null,
		email: null,
		active: true,
		...fields
	};
}

export function homeVisitRow(fields: Partial<EntityRowOf<'homeVisits'>> = {}): EntityRowOf<'homeVisits'> {
	return {
		id: 'visit-1',
		status: 'scheduled',
		date: '2027-03-16',
		period: 'morning',
		start: '10:00',
		end: '11:00',
		personName: 'Marcelle Dupuy',
		phone: '05 63 00 00 00',
		street: '12 chemin des Crêtes',
		communeInsee: '82094',
		communeName: 'Lavit',
		accessNotes: 'Portail vert, code 1234',
		subject: 'Dossier de retraite',
		operatorId: null,
		availability: { weekdays: [2, 4], periods: ['morning'], note: 'après 10 h' },
		lat: 43.96,
		lon: 0.92,
		...fields
	};
}

/** A relay's home-visit request as the device records it (`requestHomeVisit@1`), every field given. */
export function homeVisitRequestArgs(): MutationArgs<'requestHomeVisit@1'> {
	return {
		requestId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
		request: {
			personName: 'Jean Martin',
			personPhone: '05 63 00 00 01',
			communeInsee: '82050',
			street: '3 rue Basse',
			accessNotes: 'Code 1234',
			reasons: ['age'],
			operatorId: null,
			subject: 'Carte grise',
			availability: { weekdays: [2], periods: ['afternoon'], from: null, to: null, note: 'après 14 h' },
			consent: true
		}
	};
}
