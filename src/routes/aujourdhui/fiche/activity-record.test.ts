import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import { permanenceRow, siteRow } from '$lib/contracts/synced.fixtures';
import { ActivityRecordForm } from './activity-record.svelte';

const now = () => new Date('2027-03-15T10:30:00+01:00');
let ids = 0;
const newId = () => `9a1f3c5e-7b2d-4e6f-8a0b-${String(++ids).padStart(12, '0')}`;

const permanence = permanenceRow({ date: '2027-03-15' });

/** The common case: one theme, an operator, level 1, the default duration. */
function filled(fields: Record<string, string | string[]> = {}): FormData {
	const form = new FormData();
	const all: Record<string, string | string[]> = {
		adminThemes: 'moneyTaxes',
		operator: 'dgfip',
		level: '1',
		duration: '30',
		outcome: 'resolved',
		...fields
	};
	for (const [name, value] of Object.entries(all))
		for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
	return form;
}

async function opened(opening?: { visit: string | null; permanence: string | null }) {
	const found = testDevice();
	await seed(found.device, {
		operators: [
			{ id: 'dgfip', name: 'Finances publiques', shortName: 'DGFiP', description: '', sortOrder: 2 },
			{ id: 'caf', name: 'Caisse d’allocations familiales', shortName: 'CAF', description: '', sortOrder: 1 }
		],
		sites: [siteRow({ address: 'Place de la mairie' })],
		permanences: [permanence],
		correspondents: [
			{
				id: 'a7d3e9f1-2b4c-4d6e-8f0a-1b2c3d4e5f60',
				operatorId: 'caf',
				name: 'Anne Martin',
				title: 'Référente',
				email: null,
				phone: null,
				area: 'Tarn-et-Garonne',
				active: true
			}
		]
	});
	const app = new ActivityRecordForm(now, newId, opening);
	const subscriptions = app.ready(found);
	await settled(
		() => app.todays.length === 1 && app.operators.length === 2 && app.correspondents.length === 1
	);
	return { app, found, close: () => closeAll(subscriptions) };
}

describe('ActivityRecordForm', () => {
	it('proposes the permanence under way as the place, operators in their order', async () => {
		const { app, close } = await opened();
		expect(app.operators.map((o) => o.id)).toEqual(['caf', 'dgfip']);
		expect(app.chosenContext).toBe('permanence:mairie-lavit:2027-03:1');
		expect(app.contexts[0]?.label).toBe('Permanence : Mairie de Lavit, matin');
		app.context = 'other:';
		expect(app.chosenContext).toBe('other:');
		close();
	});

	it('records a record in a few taps, and refuses one without a theme', async () => {
		const { app, found, close } = await opened();
		expect(await app.record(filled({ adminThemes: [] }))).toBe(false);
		expect(app.err('adminThemes')).toMatch(/au moins un thème/);
		expect(await app.record(filled())).toBe(true);
		expect(app.saved).toMatch(/^Fiche enregistrée sur l’appareil/);
		const [sent] = await found.device.store.outbox();
		expect(sent).toMatchObject({
			name: 'recordActivity@1',
			args: {
				record: {
					date: '2027-03-15',
					place: 'permanence',
					permanenceId: 'mairie-lavit:2027-03:1',
					adminThemes: ['moneyTaxes'],
					durationMinutes: 30
				}
			}
		});
		await settled(() => app.todaysRecords.length === 1);
		expect(app.summary(app.todaysRecords[0]!)).toMatch(/ · niveau 1 · 30 min$/);
		close();
	});

	it('opens the level-2 case with a level-2 record, and corrects a record without opening another', async () => {
		const { app, found, close } = await opened({ visit: null, permanence: null });
		app.level = 2;
		app.operatorChoice = 'caf';
		expect(app.operatorLabel).toBe('CAF');
		const level2 = filled({
			operator: 'caf',
			level: '2',
			l2Correspondent: 'a7d3e9f1-2b4c-4d6e-8f0a-1b2c3d4e5f60',
			l2Subject: 'Prime d’activité bloquée',
			l2Contact: 'Mme D., 06 12 34 56 78',
			l2DueOn: '2027-03-30'
		});
		expect(await app.record(level2), JSON.stringify(app.result)).toBe(true);
		expect(app.saved).toMatch(/et dossier de niveau 2 ouvert/);
		expect((await found.device.store.outbox()).map((m) => m.name)).toEqual([
			'recordActivity@1',
			'openLevel2Case@1'
		]);

		await settled(() => app.todaysRecords.length === 1 && app.casesByRecord.size === 1);
		app.startEditing(app.todaysRecords[0]!);
		expect([app.level, app.operatorChoice, app.formKey]).toEqual([2, 'caf', 2]);
		expect(app.existingCase?.subject).toBe('Prime d’activité bloquée');
		expect(app.has('adminThemes', 'moneyTaxes')).toBe(true);
		expect(await app.record(filled({ operator: 'caf', level: '2', duration: '45' }))).toBe(true);
		expect(app.saved).toMatch(/^Fiche corrigée sur l’appareil/);
		expect((await found.device.store.outbox()).map((m) => m.name)).toEqual([
			'recordActivity@1',
			'openLevel2Case@1',
			'amendActivity@1'
		]);
		expect(app.editing).toBeNull();
		close();
	});

	it('takes the place the agenda opened it for', async () => {
		const { app, close } = await opened({ visit: null, permanence: 'mairie-lavit:2027-03:1' });
		expect(app.context).toBe('permanence:mairie-lavit:2027-03:1');
		close();
	});
});
