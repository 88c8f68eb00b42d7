import type { EntityChanges, PullResponse, SyncedEntity } from '$lib/sync/protocol';
import { rowKey, SYNC_DATA_VERSION, SYNCED_ENTITIES } from '$lib/sync/protocol';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { toCommune } from '../services/referential';
import { syncScopeOf } from './scope';
import { currentVersion, tombstoneHorizon } from './versions';
import { activityRow } from '../services/activity';
import { homeVisitRow, permanenceRow, relayRequestRow, siteRow, relayRow } from './rows';
import { auditMany } from '../services/audit';
import { level2CaseRow, toCorrespondent } from '../services/level2';
import { diagnosticRow } from '../services/diagnostics';
import { toMediationPlace } from '../services/mediation-places';
import { ruleValues, toLocalRules } from '../services/local-rules';

/** `1|tour:tournee-1|1234`: data version, scope key, server version. */
function parseCursor(cursor: string | null, scopeKey: string): number | null {
	if (!cursor) return null;
	const [data, scope, version] = cursor.split('|');
	if (Number(data) !== SYNC_DATA_VERSION || scope !== scopeKey) return null;
	const v = Number(version);
	return Number.isInteger(v) && v >= 0 ? v : null;
}

/**
 * What changed in the user's scope since the cursor: rows whose version is newer, and
 * tombstones for rows that left the scope. No cursor, a cursor of another data version or of
 * another scope: everything in scope, with `reset` so the client replaces its server state.
 */
export async function pull(
	db: DB,
	user: SessionUser,
	clientId: string,
	cursor: string | null,
	now: Date
): Promise<PullResponse> {
	const scope = syncScopeOf(user);
	return db.transaction().execute(async (trx) => {
		const version = await currentVersion(trx);
		const parsed = parseCursor(cursor, scope.key);
		// Older than the pruned tombstones: the device cannot be told what to forget, so it starts afresh.
		const since = parsed !== null && parsed >= (await tombstoneHorizon(trx)) ? parsed : null;
		const reset = since === null;
		const after = since ?? -1;

		const changes: EntityChanges = {};
		const deletes: Partial<Record<SyncedEntity, string[]>> = {};

		const communes = await trx
			.selectFrom('communes')
			.selectAll()
			.where('version', '>', after)
			.orderBy('insee')
			.execute();
		if (communes.length) changes.communes = communes.map(toCommune);

		const operators = await trx
			.selectFrom('operators')
			.selectAll()
			.where('version', '>', after)
			.orderBy('sort_order')
			.execute();
		if (operators.length) {
			changes.operators = operators.map((o) => ({
				id: o.id,
				name: o.name,
				shortName: o.short_name,
				description: o.description,
				sortOrder: o.sort_order
			}));
		}
		const vehicles = await trx
			.selectFrom('vehicles')
			.selectAll()
			.where('version', '>', after)
			.orderBy('id')
			.execute();
		if (vehicles.length)
			changes.vehicles = vehicles.map((v) => ({ id: v.id, name: v.name, registration: v.registration }));

		const tours = await trx
			.selectFrom('tours')
			.selectAll()
			.where('version', '>', after)
			.orderBy('number')
			.execute();
		if (tours.length) {
			changes.tours = tours.map((t) => ({
				id: t.id,
				number: t.number,
				name: t.name,
				colour: t.colour,
				vehicleId: t.vehicle_id
			}));
		}

		if (scope.sites) {
			let q = trx.selectFrom('sites').selectAll().where('version', '>', after);
			if (scope.sites.tourId) q = q.where('tour_id', '=', scope.sites.tourId);
			const sites = await q.orderBy('id').execute();
			if (sites.length) changes.sites = sites.map(siteRow);
		}
		if (scope.relayOrganisations) {
			let q = trx.selectFrom('relay_organisations').selectAll().where('version', '>', after);
			if (scope.relayOrganisations.id) q = q.where('id', '=', scope.relayOrganisations.id);
			const relays = await q.orderBy('id').execute();
			if (relays.length) changes.relayOrganisations = relays.map(relayRow);
		}

		if (scope.permanences) {
			// Only what was published: drafts change freely until the coordinator publishes them.
			let q = trx
				.selectFrom('permanences')
				.selectAll()
				.where('version', '>', after)
				.where('public_status', 'is not', null);
			if (scope.permanences.tourId) q = q.where('tour_id', '=', scope.permanences.tourId);
			const permanences = await q.orderBy('date').execute();
			if (permanences.length) changes.permanences = permanences.map(permanenceRow);
		}

		if (scope.homeVisits) {
			// Visits planned for the tour (and what became of them), with what the adviser needs at the door.
			const visits = await trx
				.selectFrom('home_visit_requests')
				.innerJoin('communes', 'communes.insee', 'home_visit_requests.commune_insee')
				.selectAll('home_visit_requests')
				.select(['communes.name as commune_name', 'communes.lat', 'communes.lon'])
				.where('home_visit_requests.version', '>', after)
				.where('home_visit_requests.tour_id', '=', scope.homeVisits.tourId)
				// Accepted (to plan) or planned at least once: what the tour's agenda needs.
				.where((eb) =>
					eb.or([
						eb('home_visit_requests.slot_date', 'is not', null),
						eb('home_visit_requests.status', '=', 'accepted')
					])
				)
				.where('home_visit_requests.anonymised_at', 'is', null)
				.orderBy('home_visit_requests.slot_date')
				.execute();
			if (visits.length) {
				changes.homeVisits = visits.map(homeVisitRow);
				// Each record sent to a device is a reading of the person's data: logged.
				await auditMany(
					trx,
					visits.map((v) => ({
						actorUserId: user.id,
						action: 'homeVisit.read',
						objectType: 'homeVisit',
						objectId: v.id,
						details: { via: 'sync', clientId }
					})),
					now
				);
			}
		}

		if (scope.relayRequests) {
			// A relay follows what it sent: commune, subject, state and slot; the person's data stay on the server.
			const requests = await trx
				.selectFrom('home_visit_requests')
				.select([
					'id',
					'created_at',
					'commune_insee',
					'subject',
					'status',
					'slot_date',
					'slot_period',
					'slot_start'
				])
				.where('version', '>', after)
				.where('relay_organisation_id', '=', scope.relayRequests.relayOrganisationId)
				.orderBy('created_at')
				.execute();
			if (requests.length) changes.relayRequests = requests.map(relayRequestRow);
		}

		if (scope.activityRecords) {
			const records = await trx
				.selectFrom('activity_records')
				.selectAll()
				.where('version', '>', after)
				.where('adviser_id', '=', scope.activityRecords.adviserId)
				.orderBy('version')
				.execute();
			if (records.length) changes.activityRecords = records.map(activityRow);
		}

		if (scope.correspondents) {
			const correspondents = await trx
				.selectFrom('operator_correspondents')
				.selectAll()
				.where('version', '>', after)
				.orderBy('id')
				.execute();
			if (correspondents.length)
				changes.correspondents = correspondents.map((c) => ({ ...toCorrespondent(c) }));
		}

		if (scope.level2Cases) {
			const cases = await trx
				.selectFrom('level2_cases')
				.selectAll()
				.where('version', '>', after)
				.where('adviser_id', '=', scope.level2Cases.adviserId)
				.orderBy('version')
				.execute();
			if (cases.length) {
				changes.level2Cases = cases.map(level2CaseRow);
				// A contact kept to call the person back is personal data: its readings are logged.
				await auditMany(
					trx,
					cases
						.filter((c) => c.contact !== null)
						.map((c) => ({
							actorUserId: user.id,
							action: 'level2Case.read',
							objectType: 'level2Case',
							objectId: c.id,
							details: { via: 'sync', clientId }
						})),
					now
				);
			}
		}

		if (scope.diagnostics) {
			const diagnostics = await trx
				.selectFrom('diagnostics')
				.selectAll()
				.where('version', '>', after)
				.where('adviser_id', '=', scope.diagnostics.adviserId)
				.orderBy('version')
				.execute();
			if (diagnostics.length) changes.diagnostics = diagnostics.map(diagnosticRow);
		}

		if (scope.mediationPlaces) {
			// Withdrawn places travel too (`active: false`): the device stops proposing them.
			const places = await trx
				.selectFrom('mediation_places')
				.selectAll()
				.where('version', '>', after)
				.orderBy('id')
				.execute();
			if (places.length) changes.mediationPlaces = places.map((p) => ({ ...toMediationPlace(p) }));
		}

		if (scope.localRules) {
			const rules = await trx.selectFrom('local_rules').selectAll().where('version', '>', after).execute();
			if (rules.length) {
				changes.localRules = rules.map((r) => ({ id: r.id, ...ruleValues(toLocalRules(r)) }));
			}
		}

		if (!reset) {
			const tombstones = await trx
				.selectFrom('sync_tombstones')
				.select(['entity', 'entity_id'])
				.where('version', '>', after)
				.where('scope', 'in', scope.tombstoneScopes)
				.execute();
			const changed = new Set(
				SYNCED_ENTITIES.flatMap((entity) =>
					(changes[entity] ?? []).map((r) => `${entity}:${rowKey(entity, r)}`)
				)
			);
			for (const t of tombstones) {
				const entity = t.entity as SyncedEntity;
				// A row that left then came back in the same window is in `changes`: keep it.
				if (changed.has(`${entity}:${t.entity_id}`)) continue;
				(deletes[entity] ??= []).push(t.entity_id);
			}
		}

		const client = await trx
			.selectFrom('sync_clients')
			.select(['last_mutation_id', 'user_id'])
			.where('client_id', '=', clientId)
			.executeTakeFirst();
		const lastMutationId = client && client.user_id === user.id ? client.last_mutation_id : 0;
		return {
			cursor: `${SYNC_DATA_VERSION}|${scope.key}|${version}`,
			reset,
			lastMutationId,
			changes,
			deletes
		};
	});
}
