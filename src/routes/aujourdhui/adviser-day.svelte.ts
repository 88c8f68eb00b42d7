import type { Device, DeviceUser, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import { tourSites, tourPermanencesAfter, tourVehicle, waitingLevel2Cases } from '$lib/client/queries';
import type { EntityRowOf } from '$lib/contracts/synced';
import { buildAgenda, type AgendaItem } from '$lib/domain/agenda';
import { addDaysIso, formatFrenchDate, parisDate } from '$lib/domain/dates';
import { formatTime } from '$lib/domain/site';
import { suggestVisitSlots, visitSlotsInputFromRows, type VisitSlot } from '$lib/planner';
import type { ReviewItem } from '$lib/sync/engine';

type PermanenceRow = EntityRowOf<'permanences'>;
type VisitRow = EntityRowOf<'homeVisits'>;
type SiteRow = EntityRowOf<'sites'>;

/** Days with something shown after today; « Afficher les jours suivants » adds as many again. */
export const AGENDA_DAYS = 7;
/** Where the vans start when the device has no commune yet (Montauban's centre). */
const MONTAUBAN = { insee: '82121', lat: 44.0176, lon: 1.355 };

const asItem = <R extends PermanenceRow | VisitRow>(row: R): AgendaItem & { row: R } => ({
	id: row.id,
	date: row.date,
	start: row.start ?? '',
	end: row.end ?? '',
	row
});

/**
 * The adviser's day (`/aujourdhui`), offline: the tour's agenda (permanences and home visits
 * interleaved by the hour), the visits to plan with slots proposed on the device, outcomes at the
 * door, the sites' access notes, the level-2 cases waiting for an answer and the changes to review.
 */
export class AdviserDay extends OfflinePage {
	sites = $state.raw<SiteRow[]>([]);
	tour = $state.raw<EntityRowOf<'tours'> | null>(null);
	vehicle = $state.raw<EntityRowOf<'vehicles'> | null>(null);
	permanences = $state.raw<PermanenceRow[]>([]);
	/** Home visits from today on, whatever became of them (done, absent, cancelled: shown as such). */
	visits = $state.raw<VisitRow[]>([]);
	/** Accepted requests, to be given a slot. */
	toPlan = $state.raw<VisitRow[]>([]);
	waitingCases = $state.raw<EntityRowOf<'level2Cases'>[]>([]);
	reviews = $state.raw<ReviewItem[]>([]);
	/** The slots proposed for each visit to plan, by visit id. */
	proposals = $state.raw<Record<string, VisitSlot[]>>({});
	saved = $state<string | null>(null);
	/** The confirmation of a site's access notes, shown in that site's card (where the person is). */
	notesSaved = $state<{ siteId: string; message: string } | null>(null);
	upcomingDays = $state(AGENDA_DAYS);
	/** The visit whose map is open, if any (one at a time). */
	mapOpen = $state<string | null>(null);
	readonly today: string;
	/** The first day a visit may be booked: tomorrow. */
	private readonly bookableFrom: string;

	constructor(now: () => Date) {
		super();
		this.today = parisDate(now());
		this.bookableFrom = addDaysIso(this.today, 1);
	}

	/** The days in order: permanences and home visits interleaved by their hours. */
	agenda = $derived.by(() =>
		buildAgenda({
			today: this.today,
			permanences: this.permanences.map(asItem),
			visits: this.visits.map(asItem),
			upcomingDays: this.upcomingDays
		})
	);

	protected watch(device: Device, user: DeviceUser): Subscription[] {
		const db = device.db;
		const tourId = user.tourId ?? '';
		return [
			live(
				device.store,
				() => tourSites(db, tourId),
				(rows) => (this.sites = rows)
			),
			live(
				device.store,
				() => db.entity('tours').get(tourId),
				(row) => (this.tour = row ?? null)
			),
			live(
				device.store,
				() => tourVehicle(db, tourId),
				(row) => (this.vehicle = row ?? null)
			),
			live(
				device.store,
				() => db.entity('homeVisits').where('status').equals('accepted').toArray(),
				(rows) => (this.toPlan = rows)
			),
			live(
				device.store,
				() => db.entity('homeVisits').where('date').aboveOrEqual(this.today).toArray(),
				(rows) => (this.visits = rows)
			),
			// The tour's published permanences from today (synced, so they are there offline).
			live(
				device.store,
				() => tourPermanencesAfter(db, tourId, this.today, true),
				(rows) => (this.permanences = rows)
			),
			live(
				device.store,
				() => waitingLevel2Cases(db),
				(rows) => (this.waitingCases = rows)
			),
			live(
				device.store,
				() => device.store.reviewRows(),
				(rows) => (this.reviews = rows)
			)
		];
	}

	hours(row: PermanenceRow | VisitRow): string {
		return `${formatTime(row.start ?? '')} – ${formatTime(row.end ?? '')}`;
	}

	siteOf(id: string): SiteRow | undefined {
		return this.sites.find((s) => s.id === id);
	}

	/** Shows a week more; the index of the first day added (for the focus). */
	showMoreDays(): number {
		const firstHidden = this.agenda.days.length;
		this.upcomingDays += AGENDA_DAYS;
		return firstHidden;
	}

	private failed(e: unknown): void {
		this.problem = e instanceof Error ? e.message : String(e);
	}

	async saveNotes(site: SiteRow, value: string): Promise<void> {
		const device = this.device;
		if (!device) return;
		try {
			await device.engine.mutate('updateSiteAccessNotes@1', {
				siteId: site.id,
				base: site.accessNotes,
				value
			});
			this.notesSaved = {
				siteId: site.id,
				message: `Notes d'accès de « ${site.name} » enregistrées sur l'appareil.`
			};
			await this.changed(device);
		} catch (e) {
			this.notesSaved = null;
			this.failed(e);
		}
	}

	async recordOutcome(visit: VisitRow, outcome: 'done' | 'absent', note: string): Promise<void> {
		const device = this.device;
		if (!device) return;
		try {
			await device.engine.mutate('recordHomeVisitOutcome@1', { visitId: visit.id, outcome, note });
			this.saved = `Visite chez ${visit.personName} : ${outcome === 'done' ? 'réalisée' : 'personne absente'} (enregistré sur l'appareil).`;
			await this.changed(device);
		} catch (e) {
			this.saved = null;
			this.failed(e);
		}
	}

	/**
	 * The three best slots for an accepted request, computed on the device from the tour's agenda
	 * as it knows it (the planner is pure code): works offline. The server checks the slot again.
	 */
	async propose(visit: VisitRow): Promise<void> {
		const device = this.device;
		if (!device || !this.user) return;
		const db = device.db;
		const [permanences, sites, booked, depot] = await Promise.all([
			db.entity('permanences').where('date').aboveOrEqual(this.bookableFrom).toArray(),
			db.entity('sites').toArray(),
			device.store.opened(await db.entity('homeVisits').where('status').equals('scheduled').toArray()),
			db.entity('communes').get(MONTAUBAN.insee)
		]);
		const slots = suggestVisitSlots(
			visitSlotsInputFromRows({
				tourId: this.user.tourId ?? '',
				from: this.bookableFrom,
				visit,
				permanences,
				booked,
				sites,
				depot: depot ?? MONTAUBAN
			})
		);
		this.proposals = { ...this.proposals, [visit.id]: slots };
	}

	/** Books the proposed slot chosen (`date|period|start`) for the visit. */
	async book(visit: VisitRow, choice: string): Promise<void> {
		const device = this.device;
		const slot = this.proposals[visit.id]?.find((s) => `${s.date}|${s.period}|${s.start}` === choice);
		if (!device || !slot) return;
		try {
			await device.engine.mutate('scheduleHomeVisit@1', {
				visitId: visit.id,
				slot: { date: slot.date, period: slot.period, start: slot.start, end: slot.end }
			});
			this.saved = `Visite chez ${visit.personName} planifiée le ${formatFrenchDate(slot.date)} à ${formatTime(slot.start)} (enregistré sur l'appareil).`;
			await this.changed(device);
		} catch (e) {
			this.saved = null;
			this.failed(e);
		}
	}

	/** A change the server refused, in words. */
	describe(item: ReviewItem): string {
		const name = item.mutation.name;
		const args = item.mutation.args as {
			siteId?: string;
			value?: string;
			visitId?: string;
			slot?: { date: string; start: string };
			record?: { date?: string };
			subject?: string;
			caseId?: string;
		};
		const visit = [...this.visits, ...this.toPlan].find((v) => v.id === args.visitId);
		const atVisit = `Visite à domicile${visit ? ` chez ${visit.personName}` : ''}`;
		if (name.startsWith('scheduleHomeVisit'))
			return `${atVisit} le ${args.slot ? `${formatFrenchDate(args.slot.date)} à ${formatTime(args.slot.start)}` : ''}`;
		if (name.startsWith('recordHomeVisitOutcome')) return atVisit;
		if (name.startsWith('recordActivity'))
			return `Fiche d'accompagnement${args.record?.date ? ` du ${formatFrenchDate(args.record.date)}` : ''}`;
		if (name.startsWith('openLevel2Case') || name.startsWith('updateLevel2Case')) {
			const subject = args.subject ?? this.waitingCases.find((c) => c.id === args.caseId)?.subject;
			return `Dossier de niveau 2${subject ? ` « ${subject} »` : ''}`;
		}
		if (name.startsWith('updateSiteAccessNotes')) {
			const site = args.siteId ? this.siteOf(args.siteId) : undefined;
			return `Notes d'accès de ${site ? site.name : (args.siteId ?? 'un lieu')} : « ${args.value ?? ''} »`;
		}
		return name;
	}
}

/** One entry of a day of the agenda: a permanence or a home visit, with its row. */
export type DayEntry = AdviserDay['agenda']['days'][number]['entries'][number];
