import type { Device, DeviceUser, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import {
	communesByName,
	correspondentsByName,
	level2CasesByRecord,
	localRules,
	operatorsInOrder,
	tourPlannedPermanencesOn
} from '$lib/client/queries';
import { activityRecordInput } from '$lib/contracts/activity';
import { level2CaseOpening } from '$lib/contracts/level2';
import type { EntityRowOf } from '$lib/contracts/synced';
import {
	ACTIVITY_PLACES,
	ACTIVITY_PLACE_LABELS,
	ADMIN_THEME_LABELS,
	DIGITAL_THEME_LABELS,
	DURATION_PRESETS,
	OTHER_OPERATOR_LABELS,
	type AdminTheme,
	type DigitalTheme
} from '$lib/domain/activity';
import { itemAt } from '$lib/domain/agenda';
import { PERIOD_LABELS, parisDate, parisTime } from '$lib/domain/dates';
import { localRulesFromRow } from '$lib/domain/local-rules';
import { sectorMdsFrom } from '$lib/domain/mds-sectors';
import { activityRecordFromForm } from '$lib/forms/activity';
import { fieldErrors } from '$lib/forms/fields';
import { level2OpeningInput } from '$lib/forms/level2';

type RecordRow = EntityRowOf<'activityRecords'>;
type Listed = 'adminThemes' | 'digitalThemes' | 'equipment' | 'orientations';

const NO_CASES: ReadonlyMap<string, EntityRowOf<'level2Cases'>> = new Map();

/**
 * The activity record (`/aujourdhui/fiche`), offline, in a few taps: the place comes from today's
 * permanence (or the visit chosen in the agenda), the common case is one theme, maybe an operator,
 * and « Enregistrer ». Checked on the device with the server's own contract, then recorded as a
 * `recordActivity` mutation (a correction as `amendActivity`); a level-2 record opens its case.
 */
export class ActivityRecordForm extends OfflinePage {
	operators = $state.raw<EntityRowOf<'operators'>[]>([]);
	communes = $state.raw<EntityRowOf<'communes'>[]>([]);
	sites = $state.raw<EntityRowOf<'sites'>[]>([]);
	todays = $state.raw<EntityRowOf<'permanences'>[]>([]);
	visits = $state.raw<EntityRowOf<'homeVisits'>[]>([]);
	todaysRecords = $state.raw<RecordRow[]>([]);
	correspondents = $state.raw<EntityRowOf<'correspondents'>[]>([]);
	relays = $state.raw<EntityRowOf<'relayOrganisations'>[]>([]);
	rules = $state.raw(localRulesFromRow(undefined));
	/** The record ids that already have a level-2 case (a correction does not open another). */
	casesByRecord = $state.raw(NO_CASES);
	saved = $state<string | null>(null);
	result = $state<{ error: string; errors: Record<string, string> } | null>(null);
	/** The record being corrected (its stored values fill the form), or null for a new one. */
	editing = $state.raw<{ id: string; record: RecordRow } | null>(null);
	/** Where the help took place as chosen (`place:ref`); empty: the one under way. */
	context = $state('');
	format = $state<'individual' | 'collective'>('individual');
	/** The level and operator chosen: level 2 asks for the handover to the operator's correspondent. */
	level = $state<1 | 2>(1);
	operatorChoice = $state<string | null>(null);
	/** The person's commune as chosen: names the MDS of its sector under « Orientations ». */
	personCommune = $state('');
	/** Changes to empty the form (or fill it with the record corrected). */
	formKey = $state(0);
	readonly today: string;
	/** The time of day (Paris) when the page opened: the place proposed is what is under way then. */
	private readonly openedAt: string;

	/** `opened`: the visit or permanence the agenda opened the page for. */
	constructor(
		now: () => Date,
		private readonly newId: () => string,
		opened: { visit: string | null; permanence: string | null } = { visit: null, permanence: null }
	) {
		super();
		const at = now();
		this.today = parisDate(at);
		this.openedAt = parisTime(at);
		if (opened.visit) this.context = `homeVisit:${opened.visit}`;
		else if (opened.permanence) this.context = `permanence:${opened.permanence}`;
	}

	initial = $derived(this.editing?.record ?? null);
	aidants = $derived(this.initial?.aidantsConnect ?? null);
	workshop = $derived(this.initial?.workshop ?? null);
	duration = $derived(this.initial?.durationMinutes ?? 30);
	presetDuration = $derived((DURATION_PRESETS as readonly number[]).includes(this.duration));
	sectorMds = $derived(sectorMdsFrom(this.personCommune, this.communes, this.relays));
	existingCase = $derived(this.editing ? this.casesByRecord.get(this.editing.id) : undefined);
	operatorLabel = $derived.by(() => {
		const o = this.operators.find((row) => row.id === this.operatorChoice);
		if (o) return o.shortName;
		const other = this.operatorChoice;
		return other && other in OTHER_OPERATOR_LABELS
			? OTHER_OPERATOR_LABELS[other as keyof typeof OTHER_OPERATOR_LABELS]
			: null;
	});
	/** The places to choose from: today's permanences and visits, then elsewhere. */
	contexts = $derived([
		...this.todays.map((p) => ({
			value: `permanence:${p.id}`,
			label: `Permanence : ${this.sites.find((s) => s.id === p.siteId)?.name ?? p.siteId}, ${PERIOD_LABELS[p.period]}`
		})),
		...this.visits.map((v) => ({
			value: `homeVisit:${v.id}`,
			label: `Visite à domicile : ${v.personName} (${v.communeName})`
		})),
		...ACTIVITY_PLACES.filter((p) => p !== 'permanence' && p !== 'homeVisit').map((p) => ({
			value: `${p}:`,
			label: ACTIVITY_PLACE_LABELS[p]
		}))
	]);
	underWay = $derived.by(() =>
		itemAt(
			[
				...this.todays.map((p) => ({ id: `permanence:${p.id}`, start: p.start, end: p.end })),
				...this.visits.map((v) => ({ id: `homeVisit:${v.id}`, start: v.start ?? '', end: v.end ?? '' }))
			],
			this.openedAt
		)
	);
	chosenContext = $derived(
		this.contexts.some((c) => c.value === this.context)
			? this.context
			: (this.underWay?.id ?? this.contexts[0]?.value ?? 'other:')
	);

	protected watch(device: Device, user: DeviceUser): Subscription[] {
		const db = device.db;
		const tourId = user.tourId ?? '';
		return [
			live(
				device.store,
				() => operatorsInOrder(db),
				(rows) => (this.operators = rows)
			),
			live(
				device.store,
				() => communesByName(db),
				(rows) => (this.communes = rows)
			),
			live(
				device.store,
				() => db.entity('sites').toArray(),
				(rows) => (this.sites = rows)
			),
			live(
				device.store,
				() => tourPlannedPermanencesOn(db, tourId, this.today),
				(rows) => (this.todays = rows)
			),
			live(
				device.store,
				() => db.entity('homeVisits').where('date').equals(this.today).toArray(),
				(rows) => (this.visits = rows)
			),
			live(
				device.store,
				() => db.entity('activityRecords').where('date').equals(this.today).toArray(),
				(rows) => (this.todaysRecords = rows)
			),
			live(
				device.store,
				() => correspondentsByName(db),
				(rows) => (this.correspondents = rows)
			),
			live(
				device.store,
				() => level2CasesByRecord(db),
				(cases) => (this.casesByRecord = cases)
			),
			live(
				device.store,
				() => db.entity('relayOrganisations').toArray(),
				(rows) => (this.relays = rows)
			),
			live(
				device.store,
				() => localRules(db),
				(rules) => (this.rules = rules)
			)
		];
	}

	err(path: string): string | undefined {
		return this.result?.errors[path];
	}

	/** Whether the record corrected has `code` among its `field`. */
	has(field: Listed, code: string): boolean {
		return this.initial?.[field].includes(code) ?? false;
	}

	person(field: keyof RecordRow['person']): string {
		return this.initial?.person[field] ?? '';
	}

	/** A record in a line: its themes, level and duration. */
	summary(r: RecordRow): string {
		return (
			[
				...(r.adminThemes as AdminTheme[]).map((t) => ADMIN_THEME_LABELS[t]),
				...(r.digitalThemes as DigitalTheme[]).map((t) => DIGITAL_THEME_LABELS[t])
			].join(', ') + ` · niveau ${r.level} · ${r.durationMinutes} min`
		);
	}

	/** Fills the form with a record of today, to correct or complete it. */
	startEditing(row: RecordRow): void {
		this.saved = null;
		this.result = null;
		this.editing = { id: row.id, record: row };
		this.context =
			row.place === 'permanence'
				? `permanence:${row.permanenceId ?? ''}`
				: row.place === 'homeVisit'
					? `homeVisit:${row.homeVisitId ?? ''}`
					: `${row.place}:`;
		this.format = row.format === 'collective' ? 'collective' : 'individual';
		this.level = row.level;
		this.operatorChoice = row.operator;
		this.personCommune = row.person.communeInsee ?? '';
		this.formKey++;
	}

	/** Back to an empty form. */
	cancelEditing(): void {
		this.editing = null;
		this.reset();
	}

	private reset(): void {
		this.format = 'individual';
		this.level = 1;
		this.operatorChoice = null;
		this.personCommune = '';
		this.formKey++;
	}

	/** Records the filled form on the device (with the level-2 case it opens); true when it was. */
	async record(form: FormData): Promise<boolean> {
		const device = this.device;
		if (!device) return false;
		this.saved = null;
		const editing = this.editing;
		const parsed = activityRecordInput.safeParse(
			activityRecordFromForm(form, {
				date: this.today,
				context: this.chosenContext,
				format: this.format,
				signedOn: this.initial?.date ?? this.today,
				recordedUntil: this.aidants?.until ?? null
			})
		);
		if (!parsed.success) {
			this.result = {
				error: 'La fiche contient des erreurs : corrigez les champs signalés.',
				errors: fieldErrors(parsed.error)
			};
			return false;
		}
		const recordId = editing?.id ?? this.newId();
		// Level 2 opens the case of the handover with the record (once: a correction keeps its case).
		const opening =
			parsed.data.level === 2 && !this.existingCase
				? level2CaseOpening.safeParse(
						level2OpeningInput(form, { caseId: this.newId(), recordId }, this.today)
					)
				: null;
		if (opening && !opening.success) {
			this.result = {
				error: 'La transmission au correspondant est incomplète : corrigez les champs signalés.',
				errors: fieldErrors(opening.error)
			};
			return false;
		}
		try {
			if (editing) await device.engine.mutate('amendActivity@1', { recordId, record: parsed.data });
			else await device.engine.mutate('recordActivity@1', { recordId, record: parsed.data });
			if (opening?.success) await device.engine.mutate('openLevel2Case@1', opening.data);
		} catch (e) {
			this.result = { error: e instanceof Error ? e.message : String(e), errors: {} };
			return false;
		}
		this.result = null;
		this.saved = `${editing ? 'Fiche corrigée' : 'Fiche enregistrée'}${opening ? ' et dossier de niveau 2 ouvert' : ''} sur l’appareil. Elle part au serveur dès que le réseau le permet.`;
		this.editing = null;
		this.reset();
		await this.changed(device);
		return true;
	}
}
