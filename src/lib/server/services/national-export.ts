import writeXlsxFile from 'write-excel-file/node';
import { OTHER_OPERATOR_LABELS } from '$lib/domain/activity';
import {
	COOP_ACTIVITY_HEADERS,
	coopActivityRows,
	frenchDay,
	type CoopCell,
	type CoopRecord
} from '$lib/domain/national-export';
import { toCsv } from '../csv';
import type { DB } from '../db';
import { filteredRecords, parseCodes, type IndicatorFilter } from './indicators';

const codes = <T extends string>(text: string | null): T[] => parseCodes(text) as T[];
const firstPostcode = (text: string | null): string => parseCodes(text)[0] ?? '';

/**
 * The records of a filter in the shape of the national activity report (`CoopRecord`), by date
 * then id: the place of a permanence with its address, the commune of a home visit (never the
 * person's address), the person's commune, the operator's name.
 */
export async function coopRecords(db: DB, filter: IndicatorFilter): Promise<CoopRecord[]> {
	const q = filteredRecords(db, filter)
		.leftJoin('sites as s', 's.id', 'r.site_id')
		.leftJoin('communes as sc', 'sc.insee', 's.commune_insee')
		.leftJoin('home_visit_requests as v', 'v.id', 'r.home_visit_id')
		.leftJoin('communes as vc', 'vc.insee', 'v.commune_insee')
		.leftJoin('communes as pc', 'pc.insee', 'r.person_commune_insee')
		.leftJoin('operators as o', 'o.id', 'r.operator')
		.select([
			'r.id',
			'r.date',
			'r.created_at',
			'r.updated_at',
			'r.place',
			'r.format',
			'r.workshop',
			'r.age_bracket',
			'r.person_status',
			'r.admin_themes',
			'r.digital_themes',
			'r.operator',
			'r.level',
			'r.autonomy',
			'r.equipment',
			'r.orientations',
			'r.duration_minutes',
			's.name as site_name',
			's.address as site_address',
			'sc.insee as site_insee',
			'sc.name as site_commune',
			'sc.postcodes as site_postcodes',
			'vc.insee as visit_insee',
			'vc.name as visit_commune',
			'vc.postcodes as visit_postcodes',
			'pc.insee as person_insee',
			'pc.name as person_commune',
			'pc.postcodes as person_postcodes',
			'o.name as operator_name'
		]);
	const rows = await q.orderBy('r.date').orderBy('r.id').execute();
	return rows.map((r): CoopRecord => {
		const workshop = r.workshop
			? (JSON.parse(r.workshop) as { title?: string; level?: string; participants?: number })
			: null;
		const operator = r.operator as keyof typeof OTHER_OPERATOR_LABELS | null;
		return {
			id: r.id,
			date: r.date,
			createdAt: r.created_at,
			updatedAt: r.updated_at,
			place: r.place as CoopRecord['place'],
			format: r.format === 'collective' ? 'collective' : 'individual',
			workshop: workshop
				? {
						title: workshop.title ?? '',
						level: (workshop.level ?? 'beginner') as NonNullable<CoopRecord['workshop']>['level'],
						participants: workshop.participants ?? 1
					}
				: null,
			person: {
				ageBracket: r.age_bracket as CoopRecord['person']['ageBracket'],
				status: r.person_status as CoopRecord['person']['status']
			},
			adminThemes: codes(r.admin_themes),
			digitalThemes: codes(r.digital_themes),
			level: Number(r.level) === 2 ? 2 : 1,
			autonomy: r.autonomy as CoopRecord['autonomy'],
			equipment: codes(r.equipment),
			orientations: codes(r.orientations),
			durationMinutes: Number(r.duration_minutes),
			location: r.site_name
				? {
						name: r.site_name,
						address: r.site_address ?? '',
						commune: r.site_commune ?? '',
						postcode: firstPostcode(r.site_postcodes),
						insee: r.site_insee ?? ''
					}
				: r.visit_insee
					? {
							name: '',
							address: '',
							commune: r.visit_commune ?? '',
							postcode: firstPostcode(r.visit_postcodes),
							insee: r.visit_insee
						}
					: null,
			operatorName: operator ? (r.operator_name ?? OTHER_OPERATOR_LABELS[operator] ?? operator) : null,
			personCommune: r.person_insee
				? { name: r.person_commune ?? '', postcode: firstPostcode(r.person_postcodes), insee: r.person_insee }
				: null
		};
	});
}

const DATE_COLUMN = COOP_ACTIVITY_HEADERS.indexOf('Date');

/** The national sheet as CSV (same columns and rows as the XLSX; the day written dd/mm/yyyy). */
export function coopCsv(records: readonly CoopRecord[]): string {
	const rows = records
		.flatMap(coopActivityRows)
		.map((row) => row.map((cell, i) => (i === DATE_COLUMN ? frenchDay(String(cell)) : cell)));
	return toCsv(COOP_ACTIVITY_HEADERS, rows);
}

const toCell = (cell: CoopCell, column: number) => {
	if (column === DATE_COLUMN) {
		const [y, m, d] = String(cell).split('-').map(Number);
		return { value: new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)), type: Date, format: 'dd/mm/yyyy' };
	}
	return typeof cell === 'number'
		? { value: cell, type: Number }
		: { value: cell, type: String, wrap: cell.includes('\n') };
};

/**
 * The national sheet as an XLSX workbook (write-excel-file): one sheet « Activités », a header row
 * then one row per participant, the day as a real date cell, lists in a cell one per line.
 */
export async function coopWorkbook(records: readonly CoopRecord[]): Promise<Buffer> {
	const header = COOP_ACTIVITY_HEADERS.map((h) => ({ value: h, type: String, fontWeight: 'bold' as const }));
	const rows = records.flatMap(coopActivityRows).map((row) => row.map(toCell));
	return writeXlsxFile([header, ...rows], {
		sheet: 'Activités',
		stickyRowsCount: 1,
		columns: COOP_ACTIVITY_HEADERS.map((h) => ({ width: Math.max(12, Math.min(40, h.length + 2)) }))
	}).toBuffer();
}
