import { createHash } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { MediationPlace, MediationPlaceKind } from '$lib/domain/mediation';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { MediationPlaceTable } from '../db/schema';
import { notFound, Refusal } from '../errors';
import {
	readNationalFile,
	type CheckedPlace,
	type DirectoryArea,
	type NationalFileCheck,
	type RowProblem
} from '../mediation/national-file';
import { TARN_ET_GARONNE } from '../referential/tarn-et-garonne';
import { inTransaction, nextVersion } from '../sync/versions';
import { audit } from './audit';
import { listCommunes } from './referential';
import demoFile from '../referential/data/lieux-mediation-numerique-82-demo.csv?raw';

/** Largest file accepted: a département's export is a few hundred kilobytes. */
export const MAX_DIRECTORY_FILE_BYTES = 5 * 1024 * 1024;

/** The wire and page shape of a stored place. */
export function toMediationPlace(r: Selectable<MediationPlaceTable>): MediationPlace {
	const list = (json: string) => JSON.parse(json) as string[];
	return {
		id: r.id,
		kind: r.kind as MediationPlaceKind,
		name: r.name,
		address: r.address,
		addressDetail: r.address_detail,
		postcode: r.postcode,
		communeName: r.commune_name,
		communeInsee: r.commune_insee,
		lat: r.lat,
		lon: r.lon,
		approximatePosition: r.approximate_position === 1,
		openingHours: r.opening_hours,
		openingHoursText: r.opening_hours_text,
		phone: r.phone,
		emails: list(r.emails),
		websites: list(r.websites),
		appointmentUrl: r.appointment_url,
		services: list(r.services),
		typologies: list(r.typologies),
		publics: list(r.publics),
		accessModes: list(r.access_modes),
		fees: list(r.fees),
		summary: r.summary,
		source: r.source,
		updatedOn: r.updated_on,
		active: r.active === 1
	};
}

export async function listMediationPlaces(db: DB): Promise<MediationPlace[]> {
	const rows = await db
		.selectFrom('mediation_places')
		.selectAll()
		.orderBy('commune_name')
		.orderBy('name')
		.execute();
	return rows.map(toMediationPlace);
}

/** When the directory was last imported with success, and by whom (from the audit trail). */
export async function lastDirectoryImport(
	db: DB
): Promise<{ at: string; by: string | null; fileName: string } | null> {
	const rows = await db
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.actor_user_id')
		.select(['audit_log.at', 'audit_log.object_id', 'audit_log.details', 'users.display_name'])
		.where('audit_log.action', '=', 'mediationPlaces.import')
		.orderBy('audit_log.at', 'desc')
		.limit(20)
		.execute();
	const done = rows.find((r) => (JSON.parse(r.details) as { ok?: boolean }).ok === true);
	return done ? { at: done.at, by: done.display_name, fileName: done.object_id } : null;
}

/** The columns an import writes (everything but `active`, which the coordination decides). */
function importedColumns(p: CheckedPlace) {
	return {
		kind: p.kind,
		name: p.name,
		address: p.address,
		address_detail: p.addressDetail,
		postcode: p.postcode,
		commune_name: p.communeName,
		commune_insee: p.communeInsee,
		lat: p.lat,
		lon: p.lon,
		approximate_position: p.approximatePosition ? 1 : 0,
		opening_hours: p.openingHours,
		opening_hours_text: p.openingHoursText,
		phone: p.phone,
		emails: JSON.stringify(p.emails),
		websites: JSON.stringify(p.websites),
		appointment_url: p.appointmentUrl,
		services: JSON.stringify(p.services),
		typologies: JSON.stringify(p.typologies),
		publics: JSON.stringify(p.publics),
		access_modes: JSON.stringify(p.accessModes),
		fees: JSON.stringify(p.fees),
		summary: p.summary,
		source: p.source,
		pivot: p.pivot,
		updated_on: p.updatedOn
	};
}

function fingerprintOf(columns: ReturnType<typeof importedColumns>): string {
	return createHash('sha256').update(JSON.stringify(columns)).digest('hex');
}

/** The département whose places are kept, with its communes as the referential holds them. */
async function directoryArea(db: DB): Promise<DirectoryArea> {
	return { departement: TARN_ET_GARONNE.departement, communes: await listCommunes(db) };
}

interface ReportBase {
	fileName: string;
	format: 'csv' | 'json' | null;
	rowsRead: number;
	outside: NationalFileCheck['outside'];
	warnings: string[];
}

/** What an import did, or why it did nothing. */
export type DirectoryImportReport =
	| (ReportBase & {
			ok: false;
			/** The file as a whole could not be read (encoding, columns, syntax). */
			fileProblem: string | null;
			/** Every bad row, with its line and reasons. */
			problems: RowProblem[];
	  })
	| (ReportBase & {
			ok: true;
			created: number;
			updated: number;
			unchanged: number;
			/** Places already known that this file does not list: kept, the coordination decides. */
			absent: number;
			/** Places of the file the coordination had withdrawn: updated, still withdrawn. */
			stillWithdrawn: number;
	  });

/**
 * Imports a file in the national schema of digital-mediation places. All or nothing: a file with
 * any bad row imports nothing and the report names each bad row's line and reasons. A good file
 * upserts by national identifier, in one transaction and one server version; a place whose data
 * did not change is not touched, so importing the same file again changes nothing. Places of
 * other départements are skipped and counted. The import is audited either way.
 */
export async function importMediationPlaces(
	db: DB,
	actor: SessionUser | null,
	file: { name: string; bytes: Uint8Array },
	now: Date
): Promise<DirectoryImportReport> {
	if (file.bytes.byteLength > MAX_DIRECTORY_FILE_BYTES) {
		throw new Refusal(
			'tooLarge',
			'Fichier trop volumineux (5 Mo au plus) : exportez les lieux du département seulement.'
		);
	}
	const reading = readNationalFile(file.name, file.bytes, await directoryArea(db));
	const base = { fileName: file.name };
	let report: DirectoryImportReport;
	if (!reading.ok) {
		report = {
			...base,
			ok: false,
			format: null,
			rowsRead: 0,
			outside: { count: 0, lines: [] },
			warnings: [],
			fileProblem: reading.problem,
			problems: []
		};
	} else {
		const { check } = reading;
		const summary = {
			...base,
			format: check.format,
			rowsRead: check.rowsRead,
			outside: check.outside,
			warnings: check.warnings
		};
		if (check.problems.length > 0) {
			report = { ...summary, ok: false, fileProblem: null, problems: check.problems };
		} else if (check.places.length === 0) {
			report = {
				...summary,
				ok: false,
				fileProblem: `Aucun lieu du ${TARN_ET_GARONNE.departement.name} dans ce fichier (${check.outside.count} lieu(x) d’autres départements ignoré(s)).`,
				problems: []
			};
		} else {
			report = { ...summary, ok: true, ...(await upsertPlaces(db, check.places, now)) };
		}
	}
	await audit(
		db,
		{
			actorUserId: actor?.id ?? null,
			action: 'mediationPlaces.import',
			objectType: 'mediationPlaces',
			objectId: file.name.slice(0, 200),
			details: report.ok
				? {
						ok: true,
						created: report.created,
						updated: report.updated,
						unchanged: report.unchanged,
						outside: report.outside.count
					}
				: { ok: false, badRows: report.problems.length, fileProblem: report.fileProblem }
		},
		now
	);
	return report;
}

/** Rows per INSERT statement (30 bound values each: well within both engines' limits). */
const ROWS_PER_INSERT = 100;

async function upsertPlaces(db: DB, places: readonly CheckedPlace[], now: Date) {
	return inTransaction(db, async (trx) => {
		const existing = new Map(
			(await trx.selectFrom('mediation_places').select(['id', 'fingerprint', 'active']).execute()).map(
				(r) => [r.id, r]
			)
		);
		const stamp = now.toISOString();
		const inserts: Insertable<MediationPlaceTable>[] = [];
		const updates: { id: string; columns: ReturnType<typeof importedColumns>; fingerprint: string }[] = [];
		let unchanged = 0;
		let stillWithdrawn = 0;
		for (const place of places) {
			const columns = importedColumns(place);
			const fingerprint = fingerprintOf(columns);
			const known = existing.get(place.id);
			if (!known)
				inserts.push({ id: place.id, ...columns, fingerprint, created_at: stamp, updated_at: stamp });
			else if (known.fingerprint === fingerprint) unchanged++;
			else {
				updates.push({ id: place.id, columns, fingerprint });
				if (known.active === 0) stillWithdrawn++;
			}
		}
		if (inserts.length + updates.length > 0) {
			// One version for the whole import: devices see it all at once or not at all.
			const version = await nextVersion(trx);
			for (let i = 0; i < inserts.length; i += ROWS_PER_INSERT) {
				await trx
					.insertInto('mediation_places')
					.values(inserts.slice(i, i + ROWS_PER_INSERT).map((row) => ({ ...row, version })))
					.execute();
			}
			for (const u of updates) {
				await trx
					.updateTable('mediation_places')
					.set({ ...u.columns, fingerprint: u.fingerprint, updated_at: stamp, version })
					.where('id', '=', u.id)
					.execute();
			}
		}
		const inFile = new Set(places.map((p) => p.id));
		const absent = [...existing.keys()].filter((id) => !inFile.has(id)).length;
		return { created: inserts.length, updated: updates.length, unchanged, absent, stillWithdrawn };
	});
}

/** The coordination withdraws a place from the directory (never proposed to advisers), or brings it back. */
export async function setMediationPlaceActive(
	db: DB,
	actor: SessionUser,
	id: string,
	active: boolean,
	now: Date
): Promise<MediationPlace> {
	return inTransaction(db, async (trx) => {
		const row = await trx.selectFrom('mediation_places').selectAll().where('id', '=', id).executeTakeFirst();
		if (!row) throw notFound('Lieu');
		if ((row.active === 1) === active) return toMediationPlace(row);
		const version = await nextVersion(trx);
		const stamp = now.toISOString();
		await trx
			.updateTable('mediation_places')
			.set({ active: active ? 1 : 0, updated_at: stamp, version })
			.where('id', '=', id)
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: active ? 'mediationPlace.activate' : 'mediationPlace.withdraw',
				objectType: 'mediationPlace',
				objectId: id
			},
			now
		);
		return toMediationPlace({ ...row, active: active ? 1 : 0, updated_at: stamp, version });
	});
}

/** The demonstration file (see src/lib/server/referential/data/README.md), for tests and the demo. */
export const DEMO_DIRECTORY_FILE = { name: 'lieux-mediation-numerique-82-demo.csv', text: demoFile };

/**
 * In demo mode, an empty directory gets the demonstration file, through the same import as the
 * coordinator's. Never in production, never over places already there.
 */
export async function seedDemoMediationPlaces(db: DB, now: Date): Promise<number> {
	const any = await db.selectFrom('mediation_places').select('id').limit(1).executeTakeFirst();
	if (any) return 0;
	const report = await importMediationPlaces(
		db,
		null,
		{ name: DEMO_DIRECTORY_FILE.name, bytes: new TextEncoder().encode(DEMO_DIRECTORY_FILE.text) },
		now
	);
	if (!report.ok) throw new Error(`The demonstration directory does not import: ${JSON.stringify(report)}`);
	return report.created;
}
