import type { Selectable } from 'kysely';
import type { EntityRowOf } from '$lib/contracts/synced';

type Site = EntityRowOf<'sites'>;
type Permanence = EntityRowOf<'permanences'>;
type HomeVisit = EntityRowOf<'homeVisits'>;
import type { HomeVisitRequestTable, PermanenceTable, RelayOrganisationTable, SiteTable } from '../db/schema';

/** The wire form of a site: the fields a device needs, camelCase, structured values parsed. */
export function siteRow(s: Selectable<SiteTable>): EntityRowOf<'sites'> {
	return {
		id: s.id,
		kind: s.kind,
		communeInsee: s.commune_insee,
		name: s.name,
		address: s.address,
		accessNotes: s.access_notes,
		addressToConfirm: s.address_to_confirm === 1,
		lat: s.lat,
		lon: s.lon,
		openingSlots: JSON.parse(s.opening_slots) as Site['openingSlots'],
		status: s.status as Site['status'],
		closingOn: s.closing_on,
		redirect: s.redirect_name
			? { name: s.redirect_name, address: s.redirect_address, phone: s.redirect_phone }
			: null,
		tourId: s.tour_id
	};
}

export function relayRow(r: Selectable<RelayOrganisationTable>): EntityRowOf<'relayOrganisations'> {
	return {
		id: r.id,
		kind: r.kind,
		name: r.name,
		communeInsee: r.commune_insee,
		address: r.address,
		phone: r.phone,
		email: r.email,
		active: r.active === 1
	};
}

/** A permanence as advisers follow it: the working plan, and whether that change is not yet public. */
export function permanenceRow(p: Selectable<PermanenceTable>): EntityRowOf<'permanences'> {
	return {
		id: p.id,
		siteId: p.site_id,
		tourId: p.tour_id,
		date: p.date,
		period: p.period as Permanence['period'],
		start: p.start_time,
		end: p.end_time,
		adviserIds: JSON.parse(p.adviser_ids) as string[],
		status: p.status as Permanence['status'],
		unpublishedChange: p.change_reason
	};
}

/** A planned home visit in the adviser's agenda: what is needed at the door, nothing more. */
export function homeVisitRow(
	v: Selectable<HomeVisitRequestTable> & { commune_name: string; lat: number; lon: number }
): EntityRowOf<'homeVisits'> {
	return {
		id: v.id,
		status: v.status as HomeVisit['status'],
		date: v.slot_date,
		period: v.slot_period as HomeVisit['period'],
		start: v.slot_start,
		end: v.slot_end,
		personName: v.person_name,
		phone: v.person_phone,
		street: v.street,
		communeInsee: v.commune_insee,
		communeName: v.commune_name,
		accessNotes: v.access_notes,
		subject: v.subject,
		operatorId: v.operator_id,
		availability: JSON.parse(v.availability) as HomeVisit['availability'],
		lat: v.lat,
		lon: v.lon
	};
}

/** A relay's view of a request it sent: never the person's name, phone or address. */
export function relayRequestRow(
	v: Pick<
		Selectable<HomeVisitRequestTable>,
		'id' | 'created_at' | 'commune_insee' | 'subject' | 'status' | 'slot_date' | 'slot_period' | 'slot_start'
	>
): EntityRowOf<'relayRequests'> {
	return {
		id: v.id,
		createdAt: v.created_at,
		communeInsee: v.commune_insee,
		subject: v.subject,
		status: v.status as HomeVisit['status'],
		slotDate: v.slot_date,
		slotPeriod: v.slot_period as HomeVisit['period'],
		slotStart: v.slot_start
	};
}
