import { checkSectorTable, type SectorLine, type SectorProblem } from '$lib/domain/mds-sectors';
import { normaliseForSearch } from '$lib/domain/text';
import type { SessionUser } from '../auth/session';
import { readCsv, toCsv } from '../csv';
import type { DB } from '../db';
import { Refusal } from '../errors';
import { inTransaction, nextVersion } from '../sync/versions';
import { audit } from './audit';

/** A maison départementale des solidarités, as a sector names it. */
export interface SectorMds {
	id: string;
	name: string;
	address: string;
	phone: string | null;
	/** The address is still the seed's placeholder. */
	toConfirm: boolean;
}

export interface MdsSectors {
	sectors: { mds: SectorMds; communes: { insee: string; name: string }[] }[];
	/** Communes of the département in no sector yet. */
	without: { insee: string; name: string }[];
}

async function activeMds(db: DB): Promise<SectorMds[]> {
	const rows = await db
		.selectFrom('relay_organisations')
		.select(['id', 'name', 'address', 'phone', 'to_confirm'])
		.where('kind', '=', 'solidarityHouse')
		.where('active', '=', 1)
		.orderBy('name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		address: r.address,
		phone: r.phone,
		toConfirm: r.to_confirm === 1
	}));
}

/** The sector table: each MDS with its communes, and the communes in none. */
export async function listMdsSectors(db: DB): Promise<MdsSectors> {
	const [mds, communes] = await Promise.all([
		activeMds(db),
		db.selectFrom('communes').select(['insee', 'name', 'mds_id']).orderBy('name').execute()
	]);
	return {
		sectors: mds.map((m) => ({
			mds: m,
			communes: communes.filter((c) => c.mds_id === m.id).map(({ insee, name }) => ({ insee, name }))
		})),
		without: communes
			.filter((c) => !c.mds_id || !mds.some((m) => m.id === c.mds_id))
			.map(({ insee, name }) => ({ insee, name }))
	};
}

/** The MDS of a commune's sector, or null (no table imported, or the commune in none). */
export async function sectorMdsOf(db: DB, insee: string): Promise<SectorMds | null> {
	const row = await db
		.selectFrom('communes')
		.innerJoin('relay_organisations', 'relay_organisations.id', 'communes.mds_id')
		.select([
			'relay_organisations.id',
			'relay_organisations.name',
			'relay_organisations.address',
			'relay_organisations.phone',
			'relay_organisations.to_confirm'
		])
		.where('communes.insee', '=', insee)
		.where('relay_organisations.active', '=', 1)
		.executeTakeFirst();
	return row
		? { id: row.id, name: row.name, address: row.address, phone: row.phone, toConfirm: row.to_confirm === 1 }
		: null;
}

export const SECTOR_CSV_HEADER = ['code_insee', 'commune', 'mds'] as const;

/** The current table as the file to import (`code_insee;commune;mds`), to edit and import again. */
export async function sectorTableCsv(db: DB): Promise<string> {
	const { sectors, without } = await listMdsSectors(db);
	const rows = [
		...sectors.flatMap((s) => s.communes.map((c) => [c.insee, c.name, s.mds.id])),
		...without.map((c) => [c.insee, c.name, ''])
	].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
	return toCsv(SECTOR_CSV_HEADER, rows);
}

function refuse(problems: SectorProblem[]): never {
	throw new Refusal(
		'invalid',
		`Le fichier des secteurs contient ${problems.length} erreur${problems.length > 1 ? 's' : ''} : rien n’a été importé.`,
		problems.map((p) => ({ path: `ligne ${p.line}`, message: `Ligne ${p.line} : ${p.message}` }))
	);
}

/** Reads the file's lines: a header with `code_insee` and `mds` (any order, other columns ignored). */
export function readSectorFile(text: string): SectorLine[] {
	const reading = readCsv(text);
	if (!reading.ok) refuse([{ line: 1, message: reading.reason }]);
	const [header, ...records] = reading.records;
	const names = (header?.cells ?? []).map((c) => normaliseForSearch(c).replace(/ /g, '_'));
	const inseeAt = names.findIndex((n) => n === 'code_insee' || n === 'insee');
	const mdsAt = names.indexOf('mds');
	if (inseeAt < 0 || mdsAt < 0) {
		refuse([
			{ line: header?.line ?? 1, message: 'en-tête attendu avec les colonnes « code_insee » et « mds ».' }
		]);
	}
	return records.map((r) => ({ line: r.line, insee: r.cells[inseeAt] ?? '', mds: r.cells[mdsAt] ?? '' }));
}

/**
 * Imports the département's sector table: the file is the whole table. Every line is checked
 * first (`checkSectorTable`); any problem refuses the file with each line and its reason, and
 * nothing changes. A commune not in the file is left in no sector. Only the communes whose sector
 * changes get a new version (and reach devices).
 */
export async function importMdsSectors(
	db: DB,
	actor: SessionUser,
	text: string,
	now: Date
): Promise<{ communes: number; changed: number }> {
	const lines = readSectorFile(text);
	const [communes, mds] = await Promise.all([
		db.selectFrom('communes').select(['insee', 'name', 'mds_id']).execute(),
		activeMds(db)
	]);
	const checked = checkSectorTable(lines, new Map(communes.map((c) => [c.insee, c.name])), mds);
	if (!checked.ok) refuse(checked.problems);
	const changes = communes.filter((c) => (checked.sectors.get(c.insee) ?? null) !== c.mds_id);
	if (changes.length > 0) {
		await inTransaction(db, async (trx) => {
			const version = await nextVersion(trx);
			for (const c of changes) {
				await trx
					.updateTable('communes')
					.set({ mds_id: checked.sectors.get(c.insee) ?? null, version })
					.where('insee', '=', c.insee)
					.execute();
			}
			await audit(
				trx,
				{
					actorUserId: actor.id,
					action: 'mdsSectors.import',
					objectType: 'mdsSectors',
					objectId: 'departement',
					details: { communes: checked.sectors.size, changed: changes.length }
				},
				now
			);
		});
	}
	return { communes: checked.sectors.size, changed: changes.length };
}
