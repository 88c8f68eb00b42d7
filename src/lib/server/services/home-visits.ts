import type { Selectable } from 'kysely';
import type { HomeVisitRequestInput, HomeVisitTransitionInput } from '$lib/contracts';
import { greatCircleKm } from '$lib/domain/geo';
import {
	DEFAULT_RETENTION_DAYS,
	isClosed,
	transitionProblem,
	type HomeVisitStatus,
	type MobilityReason
} from '$lib/domain/home-visit';
import type { HalfDayPeriod } from '$lib/domain/site';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { HomeVisitRequestTable } from '../db/schema';
import { Refusal } from '../errors';
import { newId } from '../ids';
import { inTransaction, nextVersion, tombstone } from '../sync/versions';
import { audit } from './audit';
import { getCommune, listCommunes, listRelayOrganisations, listSites, listTours } from './referential';
import { checkSlotFor, type Availability, type Slot } from './visit-slots';
import { parisDate } from '$lib/domain/dates';

/**
 * Home-visit requests. Who sees what: a relay, the requests of its own organisation; an adviser,
 * those of their tour's area; the coordinator, all. Anything else is "not found". Every time staff
 * open a person's record, the reading is written to the audit log (`homeVisit.read`).
 */

export type { Availability, Slot } from './visit-slots';

export interface HomeVisitSummary {
	id: string;
	status: HomeVisitStatus;
	communeInsee: string;
	tourId: string | null;
	relayOrganisationId: string | null;
	subject: string;
	slot: Slot | null;
	createdAt: string;
	updatedAt: string;
}

export interface HomeVisitEvent {
	at: string;
	actor: string | null;
	from: HomeVisitStatus | null;
	to: HomeVisitStatus;
	reason: string | null;
	slot: Slot | null;
}

export interface HomeVisitDetail extends HomeVisitSummary {
	/** Null once anonymised by the retention job. */
	person: { name: string; phone: string; street: string; accessNotes: string } | null;
	reasons: MobilityReason[];
	operatorId: string | null;
	availability: Availability;
	statusReason: string | null;
	consentAt: string;
	history: HomeVisitEvent[];
}

type Row = Selectable<HomeVisitRequestTable>;

function slotOf(row: Row): Slot | null {
	return row.slot_date && row.slot_period && row.slot_start && row.slot_end
		? {
				date: row.slot_date,
				period: row.slot_period as HalfDayPeriod,
				start: row.slot_start,
				end: row.slot_end
			}
		: null;
}

function toSummary(row: Row): HomeVisitSummary {
	return {
		id: row.id,
		status: row.status as HomeVisitStatus,
		communeInsee: row.commune_insee,
		tourId: row.tour_id,
		relayOrganisationId: row.relay_organisation_id,
		subject: row.subject,
		slot: slotOf(row),
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

/** The rows a user may see, as a query filter; null: none at all (403). */
function scoped(db: DB, user: SessionUser) {
	const q = db.selectFrom('home_visit_requests').selectAll();
	switch (user.role) {
		case 'coordinator':
			return q;
		case 'adviser':
			return q.where('tour_id', '=', user.tourId ?? '-');
		case 'relay':
			return q.where('relay_organisation_id', '=', user.relayOrganisationId ?? '-');
		case 'admin':
			return null;
	}
}

function forbidden(): Refusal {
	return new Refusal('forbidden', 'Votre rôle ne permet pas d’accéder aux visites à domicile.');
}

/** The tour of the person's area: the tour of the nearest site in service. */
async function areaTour(db: DB, insee: string): Promise<string | null> {
	const commune = await getCommune(db, insee);
	if (!commune)
		throw new Refusal('unprocessable', 'Cette commune ne fait pas partie du département.', [
			{ path: 'communeInsee', message: 'commune inconnue' }
		]);
	const sites = (await listSites(db)).filter((s) => s.tourId && s.lifecycle.status !== 'closed');
	let best: { tourId: string; km: number } | null = null;
	for (const s of sites) {
		const km = greatCircleKm(commune, s);
		if (s.tourId && (!best || km < best.km)) best = { tourId: s.tourId, km };
	}
	return best?.tourId ?? null;
}

export async function createHomeVisitRequest(
	db: DB,
	user: SessionUser,
	input: HomeVisitRequestInput,
	now: Date,
	/** Chosen by the device for a request entered offline (`requestHomeVisit@1`); new otherwise. */
	id: string = newId()
): Promise<HomeVisitSummary> {
	if (user.role === 'admin') throw forbidden();
	if (user.role === 'relay' && !user.relayOrganisationId) throw forbidden();
	if (input.operatorId) {
		const op = await db
			.selectFrom('operators')
			.select('id')
			.where('id', '=', input.operatorId)
			.executeTakeFirst();
		if (!op)
			throw new Refusal('unprocessable', 'Organisme inconnu.', [
				{ path: 'operatorId', message: 'organisme inconnu' }
			]);
	}
	const tourId = await areaTour(db, input.communeInsee);
	const at = now.toISOString();
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.insertInto('home_visit_requests')
			.values({
				id,
				relay_organisation_id: user.role === 'relay' ? user.relayOrganisationId : null,
				created_by: user.id,
				person_name: input.personName,
				person_phone: input.personPhone,
				commune_insee: input.communeInsee,
				street: input.street,
				access_notes: input.accessNotes,
				reasons: JSON.stringify(input.reasons),
				operator_id: input.operatorId,
				subject: input.subject,
				availability: JSON.stringify(input.availability),
				consent_at: at,
				tour_id: tourId,
				status: 'requested',
				status_reason: null,
				slot_date: null,
				slot_period: null,
				slot_start: null,
				slot_end: null,
				closed_at: null,
				anonymised_at: null,
				created_at: at,
				updated_at: at,
				version
			})
			.execute();
		await recordStep(trx, user, id, { from: null, to: 'requested', reason: null, slot: null }, now);
	});
	return summaryOf(db, id);
}

/** One step of a request's life: its history (kept after anonymisation) and the audit trail. */
async function recordStep(
	db: DB,
	user: SessionUser,
	id: string,
	step: { from: HomeVisitStatus | null; to: HomeVisitStatus; reason: string | null; slot: Slot | null },
	now: Date
): Promise<void> {
	await db
		.insertInto('home_visit_events')
		.values({
			id: newId(),
			request_id: id,
			at: now.toISOString(),
			actor_user_id: user.id,
			from_status: step.from,
			to_status: step.to,
			reason: step.reason,
			slot: step.slot ? JSON.stringify(step.slot) : null
		})
		.execute();
	await audit(
		db,
		{
			actorUserId: user.id,
			action: step.from === null ? 'homeVisit.create' : 'homeVisit.transition',
			objectType: 'homeVisit',
			objectId: id,
			...(step.from === null ? {} : { details: { from: step.from, to: step.to } })
		},
		now
	);
}

async function summaryOf(db: DB, id: string): Promise<HomeVisitSummary> {
	return toSummary(
		await db.selectFrom('home_visit_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
	);
}

export async function listHomeVisits(
	db: DB,
	user: SessionUser,
	filter: { statuses?: HomeVisitStatus[] } = {}
): Promise<HomeVisitSummary[]> {
	let q = scoped(db, user);
	if (!q) throw forbidden();
	if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses);
	return (await q.orderBy('created_at', 'desc').execute()).map(toSummary);
}

/** A request as the coordinator's lists show it: names instead of ids, still no identity. */
export interface HomeVisitListRow extends HomeVisitSummary {
	commune: string;
	tour: number | null;
	/** The relay organisation that asked, or « Équipe » for a request the staff entered. */
	from: string;
}

/** The requests in the user's scope (newest first) with their commune, tour and relay named. */
export async function listHomeVisitRows(
	db: DB,
	user: SessionUser,
	filter: { statuses?: HomeVisitStatus[] } = {}
): Promise<HomeVisitListRow[]> {
	const [requests, communes, relays, tours] = await Promise.all([
		listHomeVisits(db, user, filter),
		listCommunes(db),
		listRelayOrganisations(db),
		listTours(db)
	]);
	const communeName = new Map(communes.map((c) => [c.insee, c.name]));
	const relayName = new Map(relays.map((r) => [r.id, r.name]));
	const tourNumber = new Map(tours.map((t) => [t.id, t.number]));
	return requests.map((r) => ({
		...r,
		commune: communeName.get(r.communeInsee) ?? r.communeInsee,
		tour: r.tourId ? (tourNumber.get(r.tourId) ?? null) : null,
		from: r.relayOrganisationId ? (relayName.get(r.relayOrganisationId) ?? '—') : 'Équipe'
	}));
}

/** One request, in the user's scope (404 outside it); staff readings are logged. */
export async function getHomeVisit(
	db: DB,
	user: SessionUser,
	id: string,
	now: Date
): Promise<HomeVisitDetail> {
	const q = scoped(db, user);
	if (!q) throw forbidden();
	const row = await q.where('id', '=', id).executeTakeFirst();
	if (!row) throw new Refusal('notFound', 'Demande introuvable.');
	const events = await db
		.selectFrom('home_visit_events')
		.leftJoin('users', 'users.id', 'home_visit_events.actor_user_id')
		.select([
			'home_visit_events.at',
			'home_visit_events.from_status',
			'home_visit_events.to_status',
			'home_visit_events.reason',
			'home_visit_events.slot',
			'users.display_name'
		])
		.where('request_id', '=', id)
		.orderBy('home_visit_events.at')
		.execute();
	if (user.role !== 'relay' && !row.anonymised_at) {
		await audit(
			db,
			{ actorUserId: user.id, action: 'homeVisit.read', objectType: 'homeVisit', objectId: id },
			now
		);
	}
	return {
		...toSummary(row),
		person: row.anonymised_at
			? null
			: { name: row.person_name, phone: row.person_phone, street: row.street, accessNotes: row.access_notes },
		reasons: JSON.parse(row.reasons) as MobilityReason[],
		operatorId: row.operator_id,
		availability: JSON.parse(row.availability) as Availability,
		statusReason: row.status_reason,
		consentAt: row.consent_at,
		history: events.map((e) => ({
			at: e.at,
			actor: e.display_name ?? null,
			from: e.from_status as HomeVisitStatus | null,
			to: e.to_status as HomeVisitStatus,
			reason: e.reason,
			slot: e.slot ? (JSON.parse(e.slot) as Slot) : null
		}))
	};
}

/** Why a slot cannot take this visit (French), or null: the planner's rules (`checkVisitSlot`). */
async function slotProblem(db: DB, row: Row, slot: Slot, today: string): Promise<string | null> {
	if (!row.tour_id) return 'Cette demande n’est rattachée à aucune tournée.';
	const problems = await checkSlotFor(
		db,
		{
			id: row.id,
			tourId: row.tour_id,
			communeInsee: row.commune_insee,
			availability: JSON.parse(row.availability) as Availability
		},
		slot,
		today
	);
	return problems.length ? problems.map((p) => p.message).join(' ; ') : null;
}

export async function transitionHomeVisit(
	db: DB,
	user: SessionUser,
	id: string,
	input: HomeVisitTransitionInput,
	now: Date
): Promise<HomeVisitSummary> {
	return inTransaction(db, async (trx) => {
		const q = scoped(trx, user);
		if (!q) throw forbidden();
		const row = await q.where('id', '=', id).executeTakeFirst();
		if (!row) throw new Refusal('notFound', 'Demande introuvable.');
		const from = row.status as HomeVisitStatus;
		const problem = transitionProblem(from, input.to, user.role, {
			reason: input.reason ?? null,
			hasSlot: Boolean(input.slot)
		});
		if (problem) throw new Refusal('conflict', problem);
		const slot = input.to === 'scheduled' ? (input.slot ?? null) : null;
		if (slot) {
			const refused = await slotProblem(trx, row, slot, parisDate(now));
			if (refused) throw new Refusal('conflict', refused, [{ path: 'slot', message: refused }]);
		}
		const version = await nextVersion(trx);
		const at = now.toISOString();
		await trx
			.updateTable('home_visit_requests')
			.set({
				status: input.to,
				status_reason: input.reason?.trim() || null,
				...(slot
					? { slot_date: slot.date, slot_period: slot.period, slot_start: slot.start, slot_end: slot.end }
					: {}),
				closed_at: isClosed(input.to) ? at : null,
				updated_at: at,
				version
			})
			.where('id', '=', id)
			.execute();
		await recordStep(trx, user, id, { from, to: input.to, reason: input.reason?.trim() || null, slot }, now);
		return summaryOf(trx, id);
	});
}

/**
 * The retention job: blanks the person's identity on requests closed more than `days` ago. The
 * commune, reasons, operator, subject category, states and dates stay, for anonymous statistics.
 */
export async function anonymiseClosedRequests(
	db: DB,
	now: Date,
	days: number = DEFAULT_RETENTION_DAYS
): Promise<number> {
	const limit = new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
	return inTransaction(db, async (trx) => {
		const due = await trx
			.selectFrom('home_visit_requests')
			.select(['id', 'tour_id'])
			.where('closed_at', '<=', limit)
			.where('anonymised_at', 'is', null)
			.execute();
		if (due.length === 0) return 0;
		const version = await nextVersion(trx);
		await trx
			.updateTable('home_visit_requests')
			.set({
				person_name: '',
				person_phone: '',
				street: '',
				access_notes: '',
				availability: JSON.stringify({ weekdays: [], periods: [], from: null, to: null, note: '' }),
				anonymised_at: now.toISOString(),
				updated_at: now.toISOString(),
				version
			})
			.where(
				'id',
				'in',
				due.map((d) => d.id)
			)
			.execute();
		// The tour's devices must forget the person too.
		for (const d of due)
			if (d.tour_id) await tombstone(trx, version, 'homeVisits', d.id, `tour:${d.tour_id}`);
		await audit(
			trx,
			{
				actorUserId: null,
				action: 'homeVisit.anonymise',
				objectType: 'homeVisit',
				objectId: `${due.length}`,
				details: { count: due.length, closedBefore: limit }
			},
			now
		);
		return due.length;
	});
}

/** Who read which person's record, newest first: for the coordinator. */
export async function homeVisitAccessLog(db: DB, limit = 200) {
	return db
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.actor_user_id')
		.select(['audit_log.at', 'audit_log.action', 'audit_log.object_id', 'users.display_name'])
		.where('audit_log.object_type', '=', 'homeVisit')
		.orderBy('audit_log.at', 'desc')
		.limit(limit)
		.execute();
}
