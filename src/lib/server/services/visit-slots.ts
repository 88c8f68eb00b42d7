import {
	checkVisitSlot,
	suggestVisitSlots,
	type VisitPlanningContext,
	type VisitSlot,
	type VisitSlotProblem
} from '$lib/planner';
import { addDaysIso, parisDate } from '$lib/domain/dates';
import type { HalfDayPeriod, Weekday } from '$lib/domain/site';
import type { DB } from '../db';
import { listAbsences } from './absences';
import { listPermanences } from './permanences';
import { getCommune, listSites } from './referential';

/** A half-day slot of a home visit, with its hours. */
export interface Slot {
	date: string;
	period: HalfDayPeriod;
	start: string;
	end: string;
}

/** When the person can receive the visit, as the relay gave it. */
export interface Availability {
	weekdays: number[];
	periods: HalfDayPeriod[];
	from: string | null;
	to: string | null;
	note: string;
}

/**
 * One tour's agenda as the visit planner reads it: its permanences, the visits already booked
 * (each at its commune's centre: the street is not geocoded, which is precise enough for detours
 * between villages), its sites, the depot, and the half-days an adviser of the tour is away.
 */
export async function visitContext(
	db: DB,
	tourId: string,
	from: string,
	to: string
): Promise<VisitPlanningContext> {
	const [permanences, sites, visits, absences, advisers] = await Promise.all([
		listPermanences(db, { tourId, from, to }),
		listSites(db),
		db
			.selectFrom('home_visit_requests')
			.innerJoin('communes', 'communes.insee', 'home_visit_requests.commune_insee')
			.select([
				'home_visit_requests.id',
				'home_visit_requests.slot_date',
				'home_visit_requests.slot_period',
				'home_visit_requests.slot_start',
				'home_visit_requests.slot_end',
				'communes.lat',
				'communes.lon'
			])
			.where('home_visit_requests.tour_id', '=', tourId)
			.where('home_visit_requests.status', '=', 'scheduled')
			.where('home_visit_requests.slot_date', '>=', from)
			.where('home_visit_requests.slot_date', '<=', to)
			.execute(),
		listAbsences(db, { from }),
		db.selectFrom('users').select('id').where('role', '=', 'adviser').where('tour_id', '=', tourId).execute()
	]);
	const crew = new Set(advisers.map((a) => a.id));
	const depot = sites.find((s) => s.kind === 'departmentHeadquarters');
	return {
		tourId,
		permanences: permanences.map((p) => ({
			id: p.id,
			siteId: p.siteId,
			tourId: p.tourId,
			date: p.date,
			period: p.period,
			start: p.start,
			end: p.end
		})),
		visits: visits.flatMap((v) =>
			v.slot_date && v.slot_period && v.slot_start && v.slot_end
				? [
						{
							id: v.id,
							tourId,
							date: v.slot_date,
							period: v.slot_period as HalfDayPeriod,
							start: v.slot_start,
							end: v.slot_end,
							point: { lat: v.lat, lon: v.lon }
						}
					]
				: []
		),
		sites: sites.map((s) => ({ id: s.id, name: s.name, point: { lat: s.lat, lon: s.lon } })),
		depot: depot ? { lat: depot.lat, lon: depot.lon } : { lat: 44.0176, lon: 1.355 },
		// Advisers work Monday to Friday, like the permanences.
		workingWeekdays: [1, 2, 3, 4, 5],
		// An adviser of the tour away: the crew is incomplete, no visit that (half-)day.
		blocked: absences
			.filter((a) => crew.has(a.userId))
			.flatMap((a) => {
				const days: { date: string; period: HalfDayPeriod | null; reason: string }[] = [];
				for (let d = a.from; d <= a.to && days.length < 400; d = addDaysIso(d, 1)) {
					days.push({ date: d, period: a.period, reason: a.reason });
				}
				return days;
			})
	};
}

/** The three best slots for an accepted request (its home at its commune's centre). */
export async function suggestSlotsFor(
	db: DB,
	visit: { id: string; tourId: string | null; communeInsee: string; availability: Availability },
	now: Date
): Promise<VisitSlot[]> {
	if (!visit.tourId) return [];
	const commune = await getCommune(db, visit.communeInsee);
	if (!commune) return [];
	const from = addDaysIso(parisDate(now), 1);
	const horizonDays = 61;
	const ctx = await visitContext(db, visit.tourId, from, addDaysIso(from, horizonDays));
	return suggestVisitSlots({
		...ctx,
		from,
		horizonDays,
		request: {
			id: visit.id,
			point: { lat: commune.lat, lon: commune.lon },
			availability: {
				from: visit.availability.from,
				to: visit.availability.to,
				weekdays: visit.availability.weekdays as Weekday[],
				periods: visit.availability.periods
			}
		}
	});
}

/** What is wrong with a chosen slot (French), checked when it is booked: the first booking wins. */
export async function checkSlotFor(
	db: DB,
	visit: { id: string; tourId: string; communeInsee: string; availability: Availability },
	slot: Slot,
	today: string
): Promise<VisitSlotProblem[]> {
	const commune = await getCommune(db, visit.communeInsee);
	if (!commune) return [{ rule: 'availability', message: 'Commune inconnue.' }];
	const ctx = await visitContext(db, visit.tourId, slot.date, slot.date);
	return checkVisitSlot({
		...ctx,
		visitId: visit.id,
		from: today,
		slot: { ...slot, point: { lat: commune.lat, lon: commune.lon } },
		availability: {
			from: visit.availability.from,
			to: visit.availability.to,
			weekdays: visit.availability.weekdays as Weekday[],
			periods: visit.availability.periods
		}
	});
}
