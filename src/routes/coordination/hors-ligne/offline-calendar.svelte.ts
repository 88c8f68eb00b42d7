import type { Device, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import { localRules, publishedPermanencesFrom, toursInOrder } from '$lib/client/queries';
import type { EntityRowOf } from '$lib/contracts/synced';
import { PERIOD_LABELS, formatFrenchDate, parisDate } from '$lib/domain/dates';
import { localRulesFromRow } from '$lib/domain/local-rules';
import type { HalfDayPeriod } from '$lib/domain/site';
import { checkMoveOnDevice, plannerInputFromRows } from '$lib/planner';
import type { ReviewItem } from '$lib/sync/engine';

type PermanenceRow = EntityRowOf<'permanences'>;

/**
 * The coordinator's calendar on the device (`/coordination/hors-ligne`): the published
 * permanences by month and tour, moved or cancelled offline with the rules the device can judge.
 */
export class OfflineCalendar extends OfflinePage {
	tours = $state.raw<EntityRowOf<'tours'>[]>([]);
	sites = $state.raw<EntityRowOf<'sites'>[]>([]);
	permanences = $state.raw<PermanenceRow[]>([]);
	reviews = $state.raw<ReviewItem[]>([]);
	/** The département's rules as synced (spacing): defaults until the first sync brings them. */
	rules = $state.raw(localRulesFromRow(undefined));
	tourFilter = $state('');
	monthFilter = $state('');
	saved = $state<string | null>(null);
	/** The move being edited: one form open at a time. */
	editing = $state<{ id: string; date: string; period: HalfDayPeriod; reason: string } | null>(null);
	readonly today: string;

	constructor(now: () => Date) {
		super();
		this.today = parisDate(now());
	}

	/** The months that have permanences (they come in date order). */
	months = $derived(
		this.permanences.map((p) => p.date.slice(0, 7)).filter((m, i, all) => i === 0 || all[i - 1] !== m)
	);
	/** The month shown: the one chosen, else the first with permanences. */
	month = $derived(this.months.includes(this.monthFilter) ? this.monthFilter : (this.months[0] ?? ''));
	/** The month's permanences by day (they come in date order), of the tour chosen or all. */
	days = $derived.by(() => {
		const byDay: [string, PermanenceRow[]][] = [];
		for (const p of this.permanences) {
			if ((this.tourFilter && p.tourId !== this.tourFilter) || p.date.slice(0, 7) !== this.month) continue;
			const last = byDay.at(-1);
			if (last && last[0] === p.date) last[1].push(p);
			else byDay.push([p.date, [p]]);
		}
		return byDay;
	});

	/** The planner's rules the device can judge, live while the coordinator picks a date. */
	issues = $derived.by(() => {
		if (!this.editing?.date) return [];
		return checkMoveOnDevice({
			...plannerInputFromRows(this),
			permanenceId: this.editing.id,
			to: { date: this.editing.date, period: this.editing.period },
			today: this.today,
			rules: this.rules
		}).map((i) => i.message);
	});

	protected watch(device: Device): Subscription[] {
		const db = device.db;
		return [
			live(
				device.store,
				() => toursInOrder(db),
				(rows) => (this.tours = rows)
			),
			live(
				device.store,
				() => db.entity('sites').toArray(),
				(rows) => (this.sites = rows)
			),
			live(
				device.store,
				() => publishedPermanencesFrom(db, this.today),
				(rows) => (this.permanences = rows)
			),
			live(
				device.store,
				() => device.store.reviewRows(),
				(rows) => (this.reviews = rows)
			),
			live(
				device.store,
				() => localRules(db),
				(rules) => (this.rules = rules)
			)
		];
	}

	siteName(id: string | undefined): string {
		return this.sites.find((s) => s.id === id)?.name ?? id ?? '';
	}

	tourOf(id: string): EntityRowOf<'tours'> | undefined {
		return this.tours.find((t) => t.id === id);
	}

	describePermanence(p: PermanenceRow): string {
		return `${this.siteName(p.siteId)} du ${formatFrenchDate(p.date)}, ${PERIOD_LABELS[p.period]}`;
	}

	/** Opens the form of a permanence, or closes it when it is the one open. */
	edit(p: PermanenceRow): void {
		this.saved = null;
		this.editing =
			this.editing?.id === p.id ? null : { id: p.id, date: p.date, period: p.period, reason: '' };
	}

	/** Whether the form's date and half-day are where the permanence already is. */
	unmoved(p: PermanenceRow): boolean {
		return this.editing?.date === p.date && this.editing.period === p.period;
	}

	/** Records the move (or the cancellation) on the device; the server judges it at the next sync. */
	async submit(p: PermanenceRow, cancel: boolean): Promise<void> {
		const device = this.device;
		const editing = this.editing;
		if (!device || !editing) return;
		const reason = editing.reason.trim();
		if (reason.length < 3) {
			this.problem =
				'Indiquez la raison du changement (au moins 3 caractères) : elle sera annoncée au public.';
			return;
		}
		if (!cancel && this.issues.length > 0) return;
		const what = this.describePermanence(p);
		const base = { date: p.date, period: p.period };
		try {
			if (cancel) {
				await device.engine.mutate('cancelPermanence@1', { permanenceId: p.id, base, reason });
				this.saved = `Permanence de ${what} annulée sur l'appareil.`;
			} else {
				await device.engine.mutate('movePermanence@1', {
					permanenceId: p.id,
					base,
					date: editing.date,
					period: editing.period,
					reason
				});
				this.saved = `Permanence de ${what} déplacée au ${formatFrenchDate(editing.date)}, ${PERIOD_LABELS[editing.period]}, sur l'appareil.`;
			}
			this.saved +=
				' Envoi au serveur dès que le réseau le permet ; annonce au public à la prochaine publication.';
			this.problem = null;
			this.editing = null;
			await this.changed(device);
		} catch (e) {
			this.saved = null;
			this.problem = e instanceof Error ? e.message : String(e);
		}
	}

	/** A change the server refused, in words. */
	describe(item: ReviewItem): string {
		const args = item.mutation.args as {
			permanenceId?: string;
			base?: { date: string; period: HalfDayPeriod };
			date?: string;
			period?: HalfDayPeriod;
		};
		const where = args.base
			? `${this.siteName(this.permanences.find((p) => p.id === args.permanenceId)?.siteId ?? args.permanenceId)} du ${formatFrenchDate(args.base.date)}, ${PERIOD_LABELS[args.base.period]}`
			: String(args.permanenceId);
		if (item.mutation.name.startsWith('movePermanence'))
			return `Déplacement de la permanence ${where} au ${args.date ? formatFrenchDate(args.date) : '?'}, ${args.period ? PERIOD_LABELS[args.period] : ''}`;
		if (item.mutation.name.startsWith('cancelPermanence')) return `Annulation de la permanence ${where}`;
		return item.mutation.name;
	}
}
