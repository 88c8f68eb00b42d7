import {
	ACTIVITY_FORMAT_LABELS,
	ACTIVITY_LEVEL_LABELS,
	ACTIVITY_OUTCOME_LABELS,
	ACTIVITY_PLACE_LABELS,
	ADMIN_THEME_LABELS,
	ADMIN_THEMES,
	AGE_BRACKET_LABELS,
	AUTONOMY_LABELS,
	DIGITAL_THEME_LABELS,
	DIGITAL_THEMES,
	EQUIPMENT_LABELS,
	ORIENTATION_LABELS,
	ORIENTATIONS,
	OTHER_OPERATOR_LABELS,
	OTHER_OPERATORS,
	PERSON_STATUS_LABELS
} from '$lib/domain/activity';
import { HOME_VISIT_STATUS_LABELS, HOME_VISIT_STATUSES } from '$lib/domain/home-visit';
import { frenchMonth, NONE } from '$lib/domain/indicators';
import type { ActivityCounts, ExportedRecord, Indicators, PermanenceCounts } from '../services/indicators';

/**
 * What the indicators page and its exports show, shaped from the computed indicators: French
 * labels from the value lists, rows in a stable order, rounded kilometres. Pure, tested beside.
 */

export interface Names {
	tours: { id: string; number: number; name: string; colour: string }[];
	sites: { id: string; name: string; communeName: string }[];
	advisers: { id: string; name: string }[];
	operators: { id: string; shortName: string }[];
}

export interface ChartSeries {
	label: string;
	colour: string;
}

export interface Chart {
	id: string;
	title: string;
	/** What a value counts, for the table's header ("Personnes", "km"…). */
	unit: string;
	/** The header of the rows' column in the data table ("Mois", "Thème"…). */
	category: string;
	series: ChartSeries[];
	rows: { label: string; values: number[]; colour?: string }[];
	note?: string;
}

export interface BreakdownRow {
	key: string;
	label: string;
	colour?: string;
	permanences: PermanenceCounts;
	activity: ActivityCounts;
}

const ACCENT = '#1d4f91';
const CANCELLED = '#a4161a';

/** One label per operator key: the referential's short name, Département/other, or none. */
export function operatorLabeller(names: Pick<Names, 'operators'>): (key: string) => string {
	const known = new Map(names.operators.map((o) => [o.id, o.shortName]));
	return (key) => {
		if (key === NONE) return 'Sans organisme';
		if ((OTHER_OPERATORS as readonly string[]).includes(key))
			return OTHER_OPERATOR_LABELS[key as (typeof OTHER_OPERATORS)[number]];
		return known.get(key) ?? key;
	};
}

/** The operator columns of the label's summary: the 9 partners in their order, then the others. */
export function operatorKeys(names: Pick<Names, 'operators'>, seen: Iterable<string> = []): string[] {
	const keys = [...names.operators.map((o) => o.id), ...OTHER_OPERATORS];
	const extra = [...new Set(seen)].filter((k) => k !== NONE && !keys.includes(k)).sort();
	return [...keys, ...extra, NONE];
}

const emptyPermanences = (): PermanenceCounts => ({ planned: 0, held: 0, cancelled: 0, upcoming: 0, km: 0 });
const emptyActivity = (): ActivityCounts => ({ records: 0, people: 0, level1: 0, level2: 0 });

function breakdown(
	ind: Indicators,
	key: 'byTour' | 'bySite' | 'byAdviser',
	order: { id: string; label: string; colour?: string }[],
	noneLabel: string
): BreakdownRow[] {
	const p = ind.permanences[key];
	const a = ind.activity[key];
	const present = new Set([...Object.keys(p), ...Object.keys(a)]);
	const rows: BreakdownRow[] = [];
	const add = (id: string, label: string, colour?: string) =>
		rows.push({
			key: id,
			label,
			...(colour ? { colour } : {}),
			permanences: p[id] ?? emptyPermanences(),
			activity: a[id] ?? emptyActivity()
		});
	for (const o of order) if (present.has(o.id)) add(o.id, o.label, o.colour);
	const named = new Set(order.map((o) => o.id));
	for (const id of [...present].filter((k) => !named.has(k) && k !== NONE).sort()) add(id, id);
	if (present.has(NONE)) add(NONE, noneLabel);
	return rows;
}

/** The charts, tables and key figures of the page. */
export function indicatorView(ind: Indicators, names: Names) {
	const operatorLabel = operatorLabeller(names);
	const months = ind.months;
	const p = ind.permanences;
	const a = ind.activity;
	const round = (km: number) => Math.round(km);
	const tourOrder = names.tours.map((t) => ({
		id: t.id,
		label: `Tournée ${t.number} — ${t.name}`,
		colour: t.colour
	}));
	const byTour = breakdown(ind, 'byTour', tourOrder, 'Sans tournée');
	const bySite = breakdown(
		ind,
		'bySite',
		names.sites.map((s) => ({ id: s.id, label: s.name })),
		'Hors permanence (visite, téléphone, autre lieu)'
	);
	const byAdviser = breakdown(
		ind,
		'byAdviser',
		names.advisers.map((u) => ({ id: u.id, label: u.name })),
		'—'
	);
	const sortDesc = (rows: Chart['rows']) => [...rows].sort((x, y) => (y.values[0] ?? 0) - (x.values[0] ?? 0));

	const charts: Chart[] = [
		{
			id: 'personnes-par-mois',
			category: 'Mois',
			title: 'Personnes reçues par mois',
			unit: 'Personnes reçues',
			series: [{ label: 'Personnes reçues', colour: ACCENT }],
			rows: months.map((m) => ({ label: frenchMonth(m, true), values: [a.byMonth[m]?.people ?? 0] }))
		},
		{
			id: 'permanences-par-mois',
			category: 'Mois',
			title: 'Permanences tenues et annulées par mois',
			unit: 'Permanences',
			series: [
				{ label: 'Tenues', colour: ACCENT },
				{ label: 'Annulées', colour: CANCELLED }
			],
			rows: months.map((m) => ({
				label: frenchMonth(m, true),
				values: [p.byMonth[m]?.held ?? 0, p.byMonth[m]?.cancelled ?? 0]
			}))
		},
		{
			id: 'km-par-mois',
			category: 'Mois',
			title: 'Kilomètres parcourus par mois (estimés d’après le planning)',
			unit: 'km',
			series: [{ label: 'Kilomètres', colour: ACCENT }],
			rows: months.map((m) => ({ label: frenchMonth(m, true), values: [round(p.byMonth[m]?.km ?? 0)] }))
		},
		{
			id: 'personnes-par-tournee',
			category: 'Tournée',
			title: 'Personnes reçues par tournée',
			unit: 'Personnes reçues',
			series: [{ label: 'Personnes reçues', colour: ACCENT }],
			rows: byTour.map((r) => ({
				label: r.label,
				values: [r.activity.people],
				...(r.colour ? { colour: r.colour } : {})
			}))
		},
		{
			id: 'themes-administratifs',
			category: 'Thème',
			title: 'Demandes par thème administratif',
			unit: 'Demandes',
			series: [{ label: 'Demandes', colour: ACCENT }],
			rows: sortDesc(ADMIN_THEMES.map((t) => ({ label: ADMIN_THEME_LABELS[t], values: [a.adminThemes[t]] }))),
			note: 'Une demande qui touche deux thèmes compte pour chacun.'
		},
		{
			id: 'themes-numeriques',
			category: 'Usage',
			title: 'Demandes par usage numérique',
			unit: 'Demandes',
			series: [{ label: 'Demandes', colour: ACCENT }],
			rows: sortDesc(
				DIGITAL_THEMES.map((t) => ({ label: DIGITAL_THEME_LABELS[t], values: [a.digitalThemes[t]] }))
			)
		},
		{
			id: 'organismes',
			category: 'Organisme',
			title: 'Demandes par organisme partenaire',
			unit: 'Demandes',
			series: [{ label: 'Demandes', colour: ACCENT }],
			rows: operatorKeys(names, Object.keys(a.operators)).map((k) => ({
				label: operatorLabel(k),
				values: [a.operators[k] ?? 0]
			}))
		},
		{
			id: 'niveaux',
			category: 'Niveau',
			title: 'Demandes de niveau 1 et de niveau 2',
			unit: 'Demandes',
			series: [{ label: 'Demandes', colour: ACCENT }],
			rows: [
				{ label: ACTIVITY_LEVEL_LABELS[1], values: [a.total.level1] },
				{ label: ACTIVITY_LEVEL_LABELS[2], values: [a.total.level2] }
			]
		},
		{
			id: 'orientations',
			category: 'Orientation',
			title: 'Orientations',
			unit: 'Personnes orientées',
			series: [{ label: 'Orientations', colour: ACCENT }],
			rows: ORIENTATIONS.map((o) => ({ label: ORIENTATION_LABELS[o], values: [a.orientations[o]] }))
		},
		{
			id: 'visites-par-etat',
			category: 'État',
			title: 'Demandes de visite à domicile par état',
			unit: 'Demandes de visite',
			series: [{ label: 'Demandes de visite', colour: ACCENT }],
			rows: HOME_VISIT_STATUSES.map((s) => ({
				label: HOME_VISIT_STATUS_LABELS[s],
				values: [ind.homeVisits.byStatus[s]]
			})),
			...(ind.homeVisits.filtered === 'tour'
				? {
						note: 'Les visites à domicile se rattachent à une tournée, pas à un lieu ni à un conseiller : ces filtres ne s’y appliquent pas.'
					}
				: {})
		}
	];

	const keyFigures = [
		{ id: 'people', label: 'Personnes reçues', value: a.total.people },
		{ id: 'records', label: 'Demandes (fiches)', value: a.total.records },
		{ id: 'level2', label: 'Demandes de niveau 2', value: a.total.level2 },
		{ id: 'held', label: 'Permanences tenues', value: p.total.held },
		{ id: 'cancelled', label: 'Permanences annulées', value: p.total.cancelled },
		{ id: 'km', label: 'Kilomètres parcourus (estimés)', value: round(p.total.km) },
		{ id: 'homeVisitsDone', label: 'Visites à domicile réalisées', value: ind.homeVisits.byStatus.done }
	];

	return {
		keyFigures,
		charts,
		byTour,
		bySite,
		byAdviser,
		places: (Object.keys(a.places) as (keyof typeof ACTIVITY_PLACE_LABELS)[]).map((k) => ({
			label: ACTIVITY_PLACE_LABELS[k],
			value: a.places[k]
		})),
		formats: (Object.keys(a.formats) as (keyof typeof ACTIVITY_FORMAT_LABELS)[]).map((k) => ({
			label: ACTIVITY_FORMAT_LABELS[k],
			value: a.formats[k]
		})),
		permanenceTotal: p.total,
		activityTotal: a.total
	};
}

// ---- CSV --------------------------------------------------------------------------------------

const list = (codes: readonly string[], labels: Record<string, string>) =>
	codes.map((c) => labels[c] ?? c).join(' | ');
const label = (code: string | null, labels: Record<string, string>) => (code ? (labels[code] ?? code) : '');

export const RECORDS_CSV_HEADER = [
	'identifiant',
	'date',
	'mois',
	'tournee',
	'conseiller',
	'lieu_de_permanence',
	'lieu',
	'format',
	'atelier',
	'personnes_recues',
	'tranche_age',
	'commune_personne',
	'code_insee_personne',
	'situation',
	'themes_administratifs',
	'themes_numeriques',
	'organisme',
	'niveau',
	'autonomie',
	'equipement',
	'aidants_connect',
	'orientations',
	'duree_minutes',
	'issue',
	'version_listes'
];

/** One CSV row per record, French labels (lists joined with « | »). */
export function recordCsvRows(records: readonly ExportedRecord[], names: Pick<Names, 'operators'>) {
	const operatorLabel = operatorLabeller(names);
	return records.map((r) => [
		r.id,
		r.date,
		r.date.slice(0, 7),
		r.tourNumber,
		r.adviserName,
		r.siteName,
		label(r.place, ACTIVITY_PLACE_LABELS),
		label(r.format, ACTIVITY_FORMAT_LABELS),
		r.workshop?.title ?? '',
		r.format === 'collective' ? (r.workshop?.participants ?? 0) : 1,
		label(r.ageBracket, AGE_BRACKET_LABELS),
		r.personCommuneName,
		r.personCommuneInsee,
		label(r.personStatus, PERSON_STATUS_LABELS),
		list(r.adminThemes, ADMIN_THEME_LABELS),
		list(r.digitalThemes, DIGITAL_THEME_LABELS),
		r.operator ? operatorLabel(r.operator) : '',
		r.level,
		label(r.autonomy, AUTONOMY_LABELS),
		list(r.equipment, EQUIPMENT_LABELS),
		r.aidantsConnect ? 'oui' : 'non',
		list(r.orientations, ORIENTATION_LABELS),
		r.durationMinutes,
		label(r.outcome, ACTIVITY_OUTCOME_LABELS),
		r.listsVersion
	]);
}

/**
 * The France Services label's monthly summary: one row per month of the period, the requests
 * (activity records) per operator in columns, then the month's total; a last row of totals.
 */
export function operatorSummaryCsv(
	months: readonly string[],
	byMonth: Record<string, Record<string, number>>,
	names: Pick<Names, 'operators'>
): { header: string[]; rows: (string | number)[][] } {
	const operatorLabel = operatorLabeller(names);
	const keys = operatorKeys(
		names,
		Object.values(byMonth).flatMap((m) => Object.keys(m))
	);
	const header = ['mois', ...keys.map(operatorLabel), 'total'];
	const totals = keys.map(() => 0);
	const rows: (string | number)[][] = months.map((month) => {
		const values = keys.map((k, i) => {
			const v = byMonth[month]?.[k] ?? 0;
			totals[i] = (totals[i] ?? 0) + v;
			return v;
		});
		return [month, ...values, values.reduce((t, v) => t + v, 0)];
	});
	rows.push(['total', ...totals, totals.reduce((t, v) => t + v, 0)]);
	return { header, rows };
}
