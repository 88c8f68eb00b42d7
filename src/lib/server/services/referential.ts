import { parisDate } from '$lib/domain/dates';
import type { OpeningSlot, SiteKind, SiteLifecycle, SiteRedirect, SiteStatus } from '$lib/domain/site';
import { lifecycleAtLabelling, lifecycleChangeProblem } from '$lib/domain/site';
import { slugify } from '$lib/domain/text';
import type { RelayKind } from '$lib/domain/relay';
import type { RelayOrganisationInput, SiteLifecycleChange, SiteUpdate } from '$lib/contracts';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Selectable } from 'kysely';
import type { CommuneTable, RelayOrganisationTable, SiteTable } from '../db/schema';
import { Refusal } from '../errors';
import { newId } from '../ids';
import { audit } from './audit';
import { inTransaction, nextVersion, tombstone } from '../sync/versions';

export interface Commune {
	insee: string;
	name: string;
	postcodes: string[];
	population: number;
	lat: number;
	lon: number;
	/** The maison départementale des solidarités of its sector, once the table is imported. */
	mdsId: string | null;
}

export interface Site {
	id: string;
	kind: SiteKind;
	communeInsee: string;
	communeName: string;
	name: string;
	sourceName: string | null;
	address: string;
	accessNotes: string;
	addressToConfirm: boolean;
	lat: number;
	lon: number;
	openingSlots: OpeningSlot[];
	lifecycle: SiteLifecycle;
	/**
	 * An end announced without a date: the France Services whose labelling ends this site (its
	 * name, address and phone as the coordinator keeps them among the relays).
	 */
	replacedBy: (SiteRedirect & { id: string }) | null;
	tourId: string | null;
	updatedAt: string;
}

export interface Tour {
	id: string;
	number: number;
	name: string;
	colour: string;
	vehicleId: string | null;
	vehicleName: string | null;
}

export interface RelayOrganisation {
	id: string;
	kind: RelayKind;
	name: string;
	communeInsee: string;
	address: string;
	phone: string | null;
	email: string | null;
	toConfirm: boolean;
	active: boolean;
}

export function toCommune(row: Selectable<CommuneTable>): Commune {
	return {
		insee: row.insee,
		name: row.name,
		postcodes: JSON.parse(row.postcodes) as string[],
		population: row.population,
		lat: row.lat,
		lon: row.lon,
		mdsId: row.mds_id
	};
}

function toSite(
	row: Selectable<SiteTable> & {
		commune_name: string;
		replacing_name: string | null;
		replacing_address: string | null;
		replacing_phone: string | null;
	}
): Site {
	return {
		id: row.id,
		kind: row.kind as SiteKind,
		communeInsee: row.commune_insee,
		communeName: row.commune_name,
		name: row.name,
		sourceName: row.source_name,
		address: row.address,
		accessNotes: row.access_notes,
		addressToConfirm: row.address_to_confirm === 1,
		lat: row.lat,
		lon: row.lon,
		openingSlots: JSON.parse(row.opening_slots) as OpeningSlot[],
		lifecycle: {
			status: row.status as SiteStatus,
			closingOn: row.closing_on,
			redirect: row.redirect_name
				? { name: row.redirect_name, address: row.redirect_address, phone: row.redirect_phone }
				: null
		},
		replacedBy:
			row.replaced_by && row.replacing_name
				? {
						id: row.replaced_by,
						name: row.replacing_name,
						address: row.replacing_address,
						phone: row.replacing_phone
					}
				: null,
		tourId: row.tour_id,
		updatedAt: row.updated_at
	};
}

function toRelay(row: Selectable<RelayOrganisationTable>): RelayOrganisation {
	return {
		id: row.id,
		kind: row.kind as RelayKind,
		name: row.name,
		communeInsee: row.commune_insee,
		address: row.address,
		phone: row.phone,
		email: row.email,
		toConfirm: row.to_confirm === 1,
		active: row.active === 1
	};
}

export async function listCommunes(db: DB): Promise<Commune[]> {
	const rows = await db.selectFrom('communes').selectAll().orderBy('name').execute();
	return rows.map(toCommune);
}

export async function getCommune(db: DB, insee: string): Promise<Commune | null> {
	const row = await db.selectFrom('communes').selectAll().where('insee', '=', insee).executeTakeFirst();
	return row ? toCommune(row) : null;
}

function sitesQuery(db: DB) {
	return db
		.selectFrom('sites')
		.innerJoin('communes', 'communes.insee', 'sites.commune_insee')
		.leftJoin('relay_organisations as replacing', 'replacing.id', 'sites.replaced_by')
		.selectAll('sites')
		.select([
			'communes.name as commune_name',
			'replacing.name as replacing_name',
			'replacing.address as replacing_address',
			'replacing.phone as replacing_phone'
		]);
}

export async function listSites(
	db: DB,
	filter: { tourId?: string; communeInsee?: string } = {}
): Promise<Site[]> {
	let q = sitesQuery(db);
	if (filter.tourId) q = q.where('sites.tour_id', '=', filter.tourId);
	if (filter.communeInsee) q = q.where('sites.commune_insee', '=', filter.communeInsee);
	const rows = await q.orderBy('communes.name').orderBy('sites.name').execute();
	return rows.map(toSite);
}

export async function getSite(db: DB, id: string): Promise<Site | null> {
	const row = await sitesQuery(db).where('sites.id', '=', id).executeTakeFirst();
	return row ? toSite(row) : null;
}

/** The sites a user may read: all for the coordination, their tour's for an adviser. */
export function siteScope(user: SessionUser): { tourId?: string } | null {
	if (user.role === 'coordinator' || user.role === 'admin') return {};
	if (user.role === 'adviser') return user.tourId ? { tourId: user.tourId } : null;
	return null;
}

export async function getSiteInScope(db: DB, user: SessionUser, id: string): Promise<Site> {
	const scope = siteScope(user);
	const site = await getSite(db, id);
	// Outside the scope answers as if it did not exist: no probing of other tours' ids.
	if (!site || !scope || (scope.tourId && site.tourId !== scope.tourId))
		throw new Refusal('notFound', 'Lieu introuvable.');
	return site;
}

export async function listTours(db: DB): Promise<Tour[]> {
	const rows = await db
		.selectFrom('tours')
		.leftJoin('vehicles', 'vehicles.id', 'tours.vehicle_id')
		.select([
			'tours.id',
			'tours.number',
			'tours.name',
			'tours.colour',
			'tours.vehicle_id',
			'vehicles.name as vehicle_name'
		])
		.orderBy('tours.number')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		number: r.number,
		name: r.name,
		colour: r.colour,
		vehicleId: r.vehicle_id,
		vehicleName: r.vehicle_name
	}));
}

export async function listVehicles(db: DB) {
	return db.selectFrom('vehicles').select(['id', 'name', 'registration']).orderBy('name').execute();
}

export async function listOperators(db: DB) {
	const rows = await db.selectFrom('operators').selectAll().orderBy('sort_order').execute();
	return rows.map((o) => ({ id: o.id, name: o.name, shortName: o.short_name, description: o.description }));
}

async function assertTourExists(db: DB, tourId: string | null | undefined) {
	if (!tourId) return;
	const tour = await db.selectFrom('tours').select('id').where('id', '=', tourId).executeTakeFirst();
	if (!tour)
		throw new Refusal('invalid', 'Données invalides.', [{ path: 'tourId', message: 'Tournée inconnue.' }]);
}

export async function updateSite(
	db: DB,
	actor: SessionUser,
	id: string,
	input: SiteUpdate,
	now: Date
): Promise<Site> {
	const site = await getSite(db, id);
	if (!site) throw new Refusal('notFound', 'Lieu introuvable.');
	await applySiteUpdate(db, actor, site, input, now);
	return (await getSite(db, id)) as Site;
}

/** Writes a site edit for a site the caller has already loaded (the sync path re-reads nothing). */
export async function applySiteUpdate(
	db: DB,
	actor: SessionUser,
	site: Site,
	input: SiteUpdate,
	now: Date
): Promise<void> {
	await assertTourExists(db, input.tourId);
	const changes = {
		...(input.name !== undefined ? { name: input.name } : {}),
		...(input.address !== undefined ? { address: input.address } : {}),
		...(input.accessNotes !== undefined ? { access_notes: input.accessNotes } : {}),
		...(input.addressToConfirm !== undefined ? { address_to_confirm: input.addressToConfirm ? 1 : 0 } : {}),
		...(input.openingSlots !== undefined ? { opening_slots: JSON.stringify(input.openingSlots) } : {}),
		...(input.tourId !== undefined ? { tour_id: input.tourId } : {})
	};
	if (Object.keys(changes).length === 0) return;
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.updateTable('sites')
			.set({ ...changes, updated_at: now.toISOString(), version })
			.where('id', '=', site.id)
			.execute();
		// Leaving a tour: that tour's advisers must drop the site from their devices.
		if (input.tourId !== undefined && site.tourId && input.tourId !== site.tourId) {
			await tombstone(trx, version, 'sites', site.id, `tour:${site.tourId}`);
		}
		await audit(
			trx,
			{ actorUserId: actor.id, action: 'site.update', objectType: 'site', objectId: site.id, details: input },
			now
		);
	});
}

export async function changeSiteLifecycle(
	db: DB,
	actor: SessionUser,
	id: string,
	input: SiteLifecycleChange,
	now: Date
): Promise<Site> {
	const site = await getSite(db, id);
	if (!site) throw new Refusal('notFound', 'Lieu introuvable.');
	const problem = lifecycleChangeProblem(site.lifecycle, input, parisDate(now));
	if (problem) throw new Refusal('conflict', problem);
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.updateTable('sites')
			.set({
				status: input.status,
				closing_on: input.closingOn,
				redirect_name: input.redirect?.name ?? null,
				redirect_address: input.redirect?.address ?? null,
				redirect_phone: input.redirect?.phone ?? null,
				updated_at: now.toISOString(),
				version
			})
			.where('id', '=', id)
			.execute();
		await audit(
			trx,
			{ actorUserId: actor.id, action: 'site.lifecycle', objectType: 'site', objectId: id, details: input },
			now
		);
	});
	return (await getSite(db, id)) as Site;
}

/**
 * Records the opening date of the France Services that replaces a site: from then the site
 * follows its life cycle (its last permanence the day before), citizens are sent to that France
 * Services, and the planner stops planning it.
 */
export async function recordLabelling(
	db: DB,
	actor: SessionUser,
	id: string,
	openingOn: string,
	now: Date
): Promise<Site> {
	const site = await getSite(db, id);
	if (!site) throw new Refusal('notFound', 'Lieu introuvable.');
	if (!site.replacedBy)
		throw new Refusal('conflict', "Ce lieu n'a pas d'arrêt annoncé à l'ouverture d'une France Services.");
	const { name, address, phone } = site.replacedBy;
	return changeSiteLifecycle(
		db,
		actor,
		id,
		lifecycleAtLabelling(openingOn, { name, address, phone }, parisDate(now)),
		now
	);
}

export async function updateTour(
	db: DB,
	actor: SessionUser,
	id: string,
	input: { name?: string; vehicleId?: string | null },
	now: Date
): Promise<Tour> {
	const tour = await db.selectFrom('tours').select('id').where('id', '=', id).executeTakeFirst();
	if (!tour) throw new Refusal('notFound', 'Tournée introuvable.');
	if (input.vehicleId) {
		const vehicle = await db
			.selectFrom('vehicles')
			.select('id')
			.where('id', '=', input.vehicleId)
			.executeTakeFirst();
		if (!vehicle)
			throw new Refusal('invalid', 'Données invalides.', [
				{ path: 'vehicleId', message: 'Véhicule inconnu.' }
			]);
	}
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.updateTable('tours')
			.set({
				...(input.name !== undefined ? { name: input.name } : {}),
				...(input.vehicleId !== undefined ? { vehicle_id: input.vehicleId } : {}),
				updated_at: now.toISOString(),
				version
			})
			.where('id', '=', id)
			.execute();
		await audit(
			trx,
			{ actorUserId: actor.id, action: 'tour.update', objectType: 'tour', objectId: id, details: input },
			now
		);
	});
	return (await listTours(db)).find((t) => t.id === id) as Tour;
}

export async function listRelayOrganisations(
	db: DB,
	filter: { id?: string } = {}
): Promise<RelayOrganisation[]> {
	let q = db.selectFrom('relay_organisations').selectAll();
	if (filter.id) q = q.where('id', '=', filter.id);
	return (await q.orderBy('name').execute()).map(toRelay);
}

/** A relay sees its own organisation only; anything else is "not found". */
export async function getRelayOrganisationInScope(
	db: DB,
	user: SessionUser,
	id: string
): Promise<RelayOrganisation> {
	if (user.role === 'relay' && user.relayOrganisationId !== id)
		throw new Refusal('notFound', 'Structure introuvable.');
	const [org] = await listRelayOrganisations(db, { id });
	if (!org) throw new Refusal('notFound', 'Structure introuvable.');
	return org;
}

async function assertCommuneExists(db: DB, insee: string | undefined) {
	if (!insee) return;
	if (!(await getCommune(db, insee))) {
		throw new Refusal('invalid', 'Données invalides.', [
			{ path: 'communeInsee', message: 'Commune inconnue dans le département.' }
		]);
	}
}

export async function createRelayOrganisation(
	db: DB,
	actor: SessionUser,
	input: RelayOrganisationInput,
	now: Date
): Promise<RelayOrganisation> {
	await assertCommuneExists(db, input.communeInsee);
	const base = slugify(input.name) || 'structure';
	const taken = await db
		.selectFrom('relay_organisations')
		.select('id')
		.where('id', '=', base)
		.executeTakeFirst();
	const id = taken ? `${base}-${newId().slice(0, 8)}` : base;
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.insertInto('relay_organisations')
			.values({
				id,
				kind: input.kind,
				name: input.name,
				commune_insee: input.communeInsee,
				address: input.address,
				phone: input.phone,
				email: input.email,
				to_confirm: input.toConfirm ? 1 : 0,
				active: input.active === false ? 0 : 1,
				created_at: now.toISOString(),
				updated_at: now.toISOString(),
				version
			})
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'relay.create',
				objectType: 'relayOrganisation',
				objectId: id,
				details: input
			},
			now
		);
	});
	return (await listRelayOrganisations(db, { id }))[0] as RelayOrganisation;
}

export async function updateRelayOrganisation(
	db: DB,
	actor: SessionUser,
	id: string,
	input: Partial<RelayOrganisationInput>,
	now: Date
): Promise<RelayOrganisation> {
	await getRelayOrganisationInScope(db, actor, id);
	await assertCommuneExists(db, input.communeInsee);
	const changes = {
		...(input.kind !== undefined ? { kind: input.kind } : {}),
		...(input.name !== undefined ? { name: input.name } : {}),
		...(input.communeInsee !== undefined ? { commune_insee: input.communeInsee } : {}),
		...(input.address !== undefined ? { address: input.address } : {}),
		...(input.phone !== undefined ? { phone: input.phone } : {}),
		...(input.email !== undefined ? { email: input.email } : {}),
		...(input.toConfirm !== undefined ? { to_confirm: input.toConfirm ? 1 : 0 } : {}),
		...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {})
	};
	if (Object.keys(changes).length > 0) {
		await inTransaction(db, async (trx) => {
			const version = await nextVersion(trx);
			await trx
				.updateTable('relay_organisations')
				.set({ ...changes, updated_at: now.toISOString(), version })
				.where('id', '=', id)
				.execute();
			await audit(
				trx,
				{
					actorUserId: actor.id,
					action: 'relay.update',
					objectType: 'relayOrganisation',
					objectId: id,
					details: input
				},
				now
			);
		});
	}
	return (await listRelayOrganisations(db, { id }))[0] as RelayOrganisation;
}
