import type { Device, DeviceUser, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import { communesByName, tourPermanencesAfter } from '$lib/client/queries';
import { diagnosticInput } from '$lib/contracts/diagnostic';
import type { EntityRowOf } from '$lib/contracts/synced';
import { formatFrenchDate, parisDate } from '$lib/domain/dates';
import {
	DIAGNOSTIC_VERSION,
	newFollowUpCode,
	normaliseFollowUpCode,
	questionsOf
} from '$lib/domain/diagnostic';
import { sectorMdsFrom } from '$lib/domain/mds-sectors';
import { nearestPlaces } from '$lib/domain/mediation';
import { diagnosticFromForm } from '$lib/forms/diagnostic';
import { fieldErrors } from '$lib/forms/fields';

type Diagnostic = EntityRowOf<'diagnostics'>;

/** The newest of `rows` (by date). */
const newest = (rows: Diagnostic[]) => [...rows].sort((a, b) => b.date.localeCompare(a.date))[0] ?? null;

/**
 * The digital-skills diagnostic (`/aujourdhui/diagnostic`), led by the adviser, offline: the
 * conditions of access, then everyday tasks by area. Scored on the device with the server's
 * rules, recorded as `recordDiagnostic`, and summed up on one page the person takes away, with a
 * follow-up code that finds this diagnostic again next time.
 */
export class DiagnosticSession extends OfflinePage {
	communes = $state.raw<EntityRowOf<'communes'>[]>([]);
	diagnostics = $state.raw<Diagnostic[]>([]);
	permanences = $state.raw<EntityRowOf<'permanences'>[]>([]);
	sites = $state.raw<EntityRowOf<'sites'>[]>([]);
	relays = $state.raw<EntityRowOf<'relayOrganisations'>[]>([]);
	places = $state.raw<EntityRowOf<'mediationPlaces'>[]>([]);
	/** The form's refusal: a message and the fields in error. */
	result = $state<{ error: string; errors: Record<string, string> } | null>(null);
	/** The diagnostic just recorded, shown as the person's summary. */
	shownId = $state<string | null>(null);
	/** The previous diagnostic of the same person, found by the follow-up code they brought. */
	previous = $state.raw<Diagnostic | null>(null);
	typedCode = $state('');
	codeMessage = $state<string | null>(null);
	/** Changes to empty the form for a new diagnostic. */
	formKey = $state(0);
	readonly today: string;
	readonly questions = questionsOf(DIAGNOSTIC_VERSION);

	constructor(
		now: () => Date,
		private readonly random: () => number,
		private readonly newId: () => string
	) {
		super();
		this.today = parisDate(now());
	}

	shown = $derived(this.diagnostics.find((d) => d.id === this.shownId) ?? null);
	/** The person's diagnostic before the one shown, by the follow-up code. */
	shownPrevious = $derived.by(() => {
		const shown = this.shown;
		if (!shown?.followUpCode) return null;
		return newest(
			this.diagnostics.filter(
				(d) => d.followUpCode === shown.followUpCode && d.id !== shown.id && d.date <= shown.date
			)
		);
	});
	/** The MDS of the person's sector (the département's table, synced with the communes). */
	sectorMds = $derived(sectorMdsFrom(this.shown?.communeInsee, this.communes, this.relays));
	/** The two digital-mediation places nearest to the person's commune. */
	nearby = $derived.by(() => {
		const commune = this.communes.find((c) => c.insee === this.shown?.communeInsee);
		if (!commune) return [];
		return nearestPlaces(
			this.places.filter((p) => p.kind === 'mediation'),
			commune,
			2
		);
	});
	/** The tour's next planned permanence after today. */
	nextPermanence = $derived(
		this.permanences
			.filter((p) => p.status === 'planned')
			.sort((a, b) => `${a.date}${a.start}`.localeCompare(`${b.date}${b.start}`))[0]
	);

	protected watch(device: Device, user: DeviceUser): Subscription[] {
		const db = device.db;
		return [
			live(
				device.store,
				() => communesByName(db),
				(rows) => (this.communes = rows)
			),
			live(
				device.store,
				() => db.entity('diagnostics').toArray(),
				(rows) => (this.diagnostics = rows)
			),
			live(
				device.store,
				() => tourPermanencesAfter(db, user.tourId ?? '', this.today),
				(rows) => (this.permanences = rows)
			),
			live(
				device.store,
				() => db.entity('sites').toArray(),
				(rows) => (this.sites = rows)
			),
			live(
				device.store,
				() => db.entity('relayOrganisations').toArray(),
				(rows) => (this.relays = rows)
			),
			live(
				device.store,
				() => db.entity('mediationPlaces').toArray(),
				(rows) => (this.places = rows)
			)
		];
	}

	err(path: string): string | undefined {
		return this.result?.errors[path];
	}

	siteName(id: string): string {
		return this.sites.find((s) => s.id === id)?.name ?? id;
	}

	/** Finds the person's last diagnostic by the code they brought: the new one will keep it. */
	findPrevious(): void {
		const code = normaliseFollowUpCode(this.typedCode);
		if (!code) {
			this.previous = null;
			this.codeMessage =
				'Ce code ne ressemble pas à un code de suivi (six lettres ou chiffres, par exemple K7M-4QX).';
			return;
		}
		const found = newest(this.diagnostics.filter((d) => d.followUpCode === code));
		this.previous = found;
		this.codeMessage = found
			? `Diagnostic précédent trouvé : ${formatFrenchDate(found.date)}. Le nouveau gardera ce code pour montrer les progrès.`
			: 'Aucun diagnostic avec ce code sur cet appareil : un nouveau code sera donné.';
	}

	/** Records the filled form on the device; true when it was, and its summary is then shown. */
	async record(form: FormData): Promise<boolean> {
		const device = this.device;
		if (!device) return false;
		const parsed = diagnosticInput.safeParse(
			diagnosticFromForm(form, this.questions, {
				date: this.today,
				questionnaireVersion: DIAGNOSTIC_VERSION,
				followUpCode: this.previous?.followUpCode ?? newFollowUpCode(this.random)
			})
		);
		if (!parsed.success) {
			this.result = {
				error: 'Le diagnostic est incomplet : complétez les réponses signalées.',
				errors: fieldErrors(parsed.error)
			};
			return false;
		}
		const diagnosticId = this.newId();
		try {
			await device.engine.mutate('recordDiagnostic@1', { diagnosticId, diagnostic: parsed.data });
		} catch (e) {
			this.result = { error: e instanceof Error ? e.message : String(e), errors: {} };
			return false;
		}
		this.result = null;
		this.shownId = diagnosticId;
		await this.changed(device);
		return true;
	}

	/** Back to an empty form, for the next person. */
	startAgain(): void {
		this.shownId = null;
		this.previous = null;
		this.typedCode = '';
		this.codeMessage = null;
		this.formKey++;
	}
}
