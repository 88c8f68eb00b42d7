import { NATIONAL_CRA_HEADERS, nationalCraRow, type NationalRecord } from '$lib/domain/national-export';
import { csvResponse, toCsv } from '$lib/server/csv';
import { endpoint } from '$lib/server/http';
import { exportedRecords, parseIndicatorFilter } from '$lib/server/services/indicators';
import { listCommunes, listOperators } from '$lib/server/services/referential';

/**
 * The activity records of the chosen filters in the columns and wording of the national activity
 * report of digital mediation (`lib/domain/national-export.ts`): anonymous, without the free-text note.
 */
export const GET = endpoint(['coordinator'], async ({ ctx, event }) => {
	const today = ctx.today();
	const filter = await parseIndicatorFilter(ctx.db, event.url.searchParams, today);
	const [records, operators, communes] = await Promise.all([
		exportedRecords(ctx.db, filter),
		listOperators(ctx.db),
		listCommunes(ctx.db)
	]);
	const operatorName = new Map(operators.map((o) => [o.id, o.name]));
	const commune = new Map(communes.map((c) => [c.insee, `${c.postcodes[0] ?? ''} ${c.name}`.trim()]));
	const rows = records.map((r) =>
		nationalCraRow({
			...(r as unknown as Pick<
				NationalRecord,
				'place' | 'format' | 'adminThemes' | 'digitalThemes' | 'equipment' | 'orientations' | 'outcome'
			>),
			date: r.date,
			workshop: r.workshop as NationalRecord['workshop'],
			person: {
				ageBracket: r.ageBracket as NationalRecord['person']['ageBracket'],
				status: r.personStatus as NationalRecord['person']['status']
			},
			level: r.level === 2 ? 2 : 1,
			autonomy: r.autonomy as NationalRecord['autonomy'],
			durationMinutes: r.durationMinutes,
			note: '',
			placeName: r.siteName ?? '',
			operatorName: r.operator ? (operatorName.get(r.operator) ?? r.operator) : null,
			personCommune: r.personCommuneInsee ? (commune.get(r.personCommuneInsee) ?? null) : null
		})
	);
	return csvResponse(
		`compte-rendu-national-${filter.from}-${filter.to}.csv`,
		toCsv(NATIONAL_CRA_HEADERS, rows)
	);
});
