import type { Device, DeviceUser, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import { communesByName, operatorsInOrder } from '$lib/client/queries';
import { homeVisitRequestInput } from '$lib/contracts/home-visits';
import { fieldErrors } from '$lib/forms/fields';
import { homeVisitFormInput } from '$lib/forms/home-visit';

/**
 * A relay's home-visit request (`/relais/visites/nouvelle`), offline if need be: checked on the
 * device with the server's own contract, then recorded as a `requestHomeVisit` mutation that the
 * sync sends when the network allows.
 */
export class RelayRequest extends OfflinePage {
	communes = $state.raw<{ insee: string; name: string }[]>([]);
	operators = $state.raw<{ id: string; shortName: string }[]>([]);
	result = $state<{ error: string; errors: Record<string, string> } | null>(null);
	/** What the form shows again after a refusal; the relay's own commune first. */
	values = $state.raw<Record<string, string | string[]>>({});

	constructor(private readonly newId: () => string) {
		super();
	}

	protected watch(device: Device, user: DeviceUser): Subscription[] {
		const db = device.db;
		return [
			// A first visit fills the lists from the server: the sync's pull brings them here.
			live(
				device.store,
				() => communesByName(db),
				(rows) => (this.communes = rows.map((c) => ({ insee: c.insee, name: c.name })))
			),
			live(
				device.store,
				() => operatorsInOrder(db),
				(rows) => (this.operators = rows.map((o) => ({ id: o.id, shortName: o.shortName })))
			),
			// Most requests come from the relay's own commune (a list of 195 otherwise).
			live(
				device.store,
				() => db.entity('relayOrganisations').get(user.relayOrganisationId ?? ''),
				(organisation) => {
					if (organisation && !this.values.communeInsee)
						this.values = { ...this.values, communeInsee: organisation.communeInsee };
				}
			)
		];
	}

	/** Records the request on the device; true when it was (the page then returns to the space). */
	async submit(form: FormData): Promise<boolean> {
		const device = this.device;
		if (!device) return false;
		const read = homeVisitFormInput(form);
		this.values = read.values;
		const parsed = homeVisitRequestInput.safeParse(read.candidate);
		if (!parsed.success) {
			this.result = {
				error: 'Le formulaire contient des erreurs : corrigez les champs signalés.',
				errors: fieldErrors(parsed.error)
			};
			return false;
		}
		try {
			await device.engine.mutate('requestHomeVisit@1', { requestId: this.newId(), request: parsed.data });
		} catch (e) {
			this.result = { error: e instanceof Error ? e.message : String(e), errors: {} };
			return false;
		}
		await this.changed(device);
		return true;
	}
}
