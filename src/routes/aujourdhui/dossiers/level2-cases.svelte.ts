import type { Device, Subscription } from '$lib/client/device';
import { live } from '$lib/client/live';
import { OfflinePage } from '$lib/client/offline-page.svelte';
import { level2CaseStep } from '$lib/contracts/level2';
import type { EntityRowOf } from '$lib/contracts/synced';
import { OTHER_OPERATOR_LABELS } from '$lib/domain/activity';
import { parisDate } from '$lib/domain/dates';
import { compareLevel2Cases, isAwaitingAnswer, isOverdue, type Level2Action } from '$lib/domain/level2';
import { fieldErrors } from '$lib/forms/fields';

type Case = EntityRowOf<'level2Cases'>;

const VERBS: Record<Level2Action, string> = {
	chase: 'relancé',
	answer: 'marqué « réponse reçue »',
	close: 'clos'
};

/**
 * The adviser's level-2 cases on the device (`/aujourdhui/dossiers`): those waiting for the
 * correspondent's answer first (the late ones counted), and the steps to take — chased, answer
 * received, closed — each recorded offline as `updateLevel2Case` and checked again by the server.
 */
export class Level2Cases extends OfflinePage {
	cases = $state.raw<Case[]>([]);
	operators = $state.raw<EntityRowOf<'operators'>[]>([]);
	correspondents = $state.raw<EntityRowOf<'correspondents'>[]>([]);
	saved = $state<string | null>(null);
	/** Field errors of each case's form, by case id. */
	errors = $state.raw<Record<string, Record<string, string>>>({});
	readonly today: string;

	constructor(now: () => Date) {
		super();
		this.today = parisDate(now());
	}

	sorted = $derived([...this.cases].sort(compareLevel2Cases));
	waiting = $derived(this.sorted.filter((c) => isAwaitingAnswer(c.state)));
	others = $derived(this.sorted.filter((c) => !isAwaitingAnswer(c.state)));
	late = $derived(this.waiting.filter((c) => isOverdue(c, this.today)).length);

	protected watch(device: Device): Subscription[] {
		const db = device.db;
		return [
			live(
				device.store,
				() => db.entity('level2Cases').toArray(),
				(rows) => (this.cases = rows)
			),
			live(
				device.store,
				() => db.entity('operators').toArray(),
				(rows) => (this.operators = rows)
			),
			live(
				device.store,
				() => db.entity('correspondents').toArray(),
				(rows) => (this.correspondents = rows)
			)
		];
	}

	operatorName(id: string | null): string {
		const o = this.operators.find((row) => row.id === id);
		if (o) return o.shortName;
		return id && id in OTHER_OPERATOR_LABELS
			? OTHER_OPERATOR_LABELS[id as keyof typeof OTHER_OPERATOR_LABELS]
			: (id ?? '');
	}

	correspondentOf(id: string | null): EntityRowOf<'correspondents'> | undefined {
		return this.correspondents.find((c) => c.id === id);
	}

	/** Records a step of a case on the device, today; the form's fields checked by the contract. */
	async takeStep(c: Case, action: Level2Action, form: { dueOn: string; note: string }): Promise<void> {
		const device = this.device;
		if (!device) return;
		const parsed = level2CaseStep.safeParse({
			caseId: c.id,
			action,
			on: this.today,
			dueOn: action === 'chase' ? form.dueOn : null,
			note: form.note
		});
		if (!parsed.success) {
			this.errors = { ...this.errors, [c.id]: fieldErrors(parsed.error) };
			return;
		}
		this.errors = { ...this.errors, [c.id]: {} };
		try {
			await device.engine.mutate('updateLevel2Case@1', parsed.data);
		} catch (e) {
			this.problem = e instanceof Error ? e.message : String(e);
			return;
		}
		this.saved = `Dossier « ${c.subject} » ${VERBS[action]} sur l'appareil. Il part au serveur dès que le réseau le permet.`;
		await this.changed(device);
	}
}
