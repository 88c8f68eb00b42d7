import type { Device, DeviceUser, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import { communeNames, relayRequestsNewestFirst } from '$lib/client/queries';
import type { EntityRowOf } from '$lib/contracts/synced';
import { HOME_VISIT_STATUS_LABELS } from '$lib/domain/home-visit';
import type { ReviewItem } from '$lib/sync/engine';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** The relay's offline space (`/relais`): its structure, its requests and what became of them. */
export class RelaySpace extends OfflinePage {
	// Rows are replaced whole by their queries, never edited in place: no deep proxies.
	organisation = $state.raw<EntityRowOf<'relayOrganisations'> | null>(null);
	requests = $state.raw<EntityRowOf<'relayRequests'>[]>([]);
	communes = $state.raw(NO_NAMES);
	reviews = $state.raw<ReviewItem[]>([]);

	protected watch(device: Device, user: DeviceUser): Subscription[] {
		const db = device.db;
		return [
			live(
				device.store,
				() => db.entity('relayOrganisations').get(user.relayOrganisationId ?? ''),
				(row) => (this.organisation = row ?? null)
			),
			live(
				device.store,
				() => communeNames(db),
				(names) => (this.communes = names)
			),
			live(
				device.store,
				() => relayRequestsNewestFirst(db),
				(rows) => (this.requests = rows)
			),
			live(
				device.store,
				() => device.store.reviewRows(),
				(rows) => (this.reviews = rows)
			)
		];
	}

	communeName(insee: string | null | undefined): string {
		return (insee && this.communes.get(insee)) || (insee ?? '');
	}

	statusOf(r: EntityRowOf<'relayRequests'>): string {
		return HOME_VISIT_STATUS_LABELS[r.status] ?? r.status;
	}

	/** A change the server refused, in words. */
	describe(item: ReviewItem): string {
		const args = item.mutation.args as { request?: { communeInsee?: string; subject?: string } };
		if (item.mutation.name.startsWith('requestHomeVisit'))
			return `Demande de visite à domicile à ${this.communeName(args.request?.communeInsee)} : « ${args.request?.subject ?? ''} »`;
		return item.mutation.name;
	}
}
