import { defaultOpeningSlots } from '$lib/domain/site';
import type { DB } from '../db';
import type { ReferentialDataset } from './tarn-et-garonne';
import { nextVersion } from '../sync/versions';

export interface SeedReport {
	inserted: Record<string, number>;
}

/**
 * Inserts what the referential lacks and nothing else: seeding twice changes nothing, and a
 * row the coordinator edited (an address, a tour assignment, a life cycle) is never overwritten.
 */
export async function seedReferential(db: DB, data: ReferentialDataset, now: string): Promise<SeedReport> {
	const inserted: Record<string, number> = {};
	const count = (table: string, rows: readonly { numInsertedOrUpdatedRows?: bigint }[]) => {
		inserted[table] = rows.reduce((n, r) => n + Number(r.numInsertedOrUpdatedRows ?? 0n), 0);
	};
	const communeByInsee = new Map(data.communes.map((c) => [c.insee, c]));

	await db.transaction().execute(async (trx) => {
		count(
			'communes',
			await trx
				.insertInto('communes')
				.values(
					data.communes.map((c) => ({
						insee: c.insee,
						name: c.name,
						postcodes: JSON.stringify(c.postcodes),
						population: c.population,
						lat: c.lat,
						lon: c.lon
					}))
				)
				.onConflict((oc) => oc.column('insee').doNothing())
				.execute()
		);
		count(
			'vehicles',
			await trx
				.insertInto('vehicles')
				.values(
					data.vehicles.map((v) => ({
						...v,
						registration: null,
						notes: '',
						created_at: now,
						updated_at: now
					}))
				)
				.onConflict((oc) => oc.column('id').doNothing())
				.execute()
		);
		count(
			'tours',
			await trx
				.insertInto('tours')
				.values(
					data.tours.map((t) => ({
						id: t.id,
						number: t.number,
						name: t.name,
						colour: t.colour,
						vehicle_id: t.vehicleId,
						created_at: now,
						updated_at: now
					}))
				)
				.onConflict((oc) => oc.doNothing())
				.execute()
		);
		// Before the sites: a site names the France Services that will replace it.
		count(
			'relay_organisations',
			await trx
				.insertInto('relay_organisations')
				.values(
					data.relayOrganisations.map((r) => ({
						id: r.id,
						kind: r.kind,
						name: r.name,
						commune_insee: r.insee,
						address: r.address,
						phone: null,
						email: null,
						to_confirm: r.toConfirm ? 1 : 0,
						active: 1,
						created_at: now,
						updated_at: now
					}))
				)
				.onConflict((oc) => oc.column('id').doNothing())
				.execute()
		);
		count(
			'sites',
			await trx
				.insertInto('sites')
				.values(
					data.sites.map((s) => {
						const c = communeByInsee.get(s.insee);
						if (!c) throw new Error(`Site ${s.id}: unknown commune ${s.insee}`);
						const tour = data.tours.find((t) => t.number === s.tour);
						return {
							id: s.id,
							kind: s.kind,
							commune_insee: s.insee,
							name: s.name,
							source_name: s.sourceName ?? null,
							address: s.address,
							access_notes: '',
							address_to_confirm: s.addressToConfirm ? 1 : 0,
							lat: c.lat,
							lon: c.lon,
							opening_slots: JSON.stringify(defaultOpeningSlots()),
							status: s.status,
							closing_on: null,
							redirect_name: null,
							redirect_address: null,
							redirect_phone: null,
							replaced_by: s.replacedBy ?? null,
							tour_id: tour?.id ?? null,
							created_at: now,
							updated_at: now
						};
					})
				)
				.onConflict((oc) => oc.column('id').doNothing())
				.execute()
		);
		count(
			'operators',
			await trx
				.insertInto('operators')
				.values(
					data.operators.map((o, i) => ({
						id: o.id,
						name: o.name,
						short_name: o.shortName,
						description: o.description,
						sort_order: i + 1
					}))
				)
				.onConflict((oc) => oc.column('id').doNothing())
				.execute()
		);
		// New rows take a server version so that incremental pulls of existing devices fetch them.
		if (Object.values(inserted).some((n) => n > 0)) {
			const version = await nextVersion(trx);
			for (const table of [
				'communes',
				'vehicles',
				'tours',
				'sites',
				'operators',
				'relay_organisations'
			] as const) {
				await trx.updateTable(table).set({ version }).where('version', '=', 0).execute();
			}
		}
	});
	return { inserted };
}
