import type { Device, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import type { EntityRowOf } from '$lib/contracts/synced';
import { matchingCommunes, nearestPlaces, type MediationPlaceKind } from '$lib/domain/mediation';

type Commune = EntityRowOf<'communes'>;

/** Places shown at first, and added by « Afficher plus de lieux ». */
export const PLACES_STEP = 8;

/**
 * Orientation (`/aujourdhui/orientation`): the adviser picks the person's commune and sees the
 * nearest digital-mediation places and social structures of the directory on the device.
 */
export class Orientation extends OfflinePage {
	communes = $state.raw<Commune[]>([]);
	places = $state.raw<EntityRowOf<'mediationPlaces'>[]>([]);
	/** True once the directory was read from the device (empty or not). */
	loaded = $state(false);
	query = $state('');
	selectedInsee = $state<string | null>(null);
	kind = $state<'all' | MediationPlaceKind>('all');
	shown = $state(PLACES_STEP);

	/** `commune`: the INSEE code the page was opened with (`?commune=`), if any. */
	constructor(commune: string | null) {
		super();
		this.selectedInsee = commune;
	}

	selected = $derived(this.communes.find((c) => c.insee === this.selectedInsee) ?? null);
	/** The communes the typed text designates, unless it is the chosen commune's name. */
	matches = $derived(
		this.selected && this.query === this.selected.name ? [] : matchingCommunes(this.communes, this.query)
	);
	active = $derived(this.places.filter((p) => p.active));
	candidates = $derived(this.kind === 'all' ? this.active : this.active.filter((p) => p.kind === this.kind));
	nearest = $derived(this.selected ? nearestPlaces(this.candidates, this.selected, this.shown) : []);

	protected watch(device: Device): Subscription[] {
		const db = device.db;
		return [
			live(
				device.store,
				() => db.entity('communes').toArray(),
				(rows) => {
					this.communes = rows;
					const initial = rows.find((c) => c.insee === this.selectedInsee);
					if (initial && this.query === '') this.query = initial.name;
				}
			),
			live(
				device.store,
				() => db.entity('mediationPlaces').toArray(),
				(rows) => {
					this.places = rows;
					this.loaded = true;
				}
			)
		];
	}

	countOf(kind: MediationPlaceKind): number {
		return this.active.filter((p) => p.kind === kind).length;
	}

	choose(c: Commune): void {
		this.selectedInsee = c.insee;
		this.query = c.name;
		this.shown = PLACES_STEP;
	}

	showMore(): void {
		this.shown += PLACES_STEP;
	}
}
