import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import type { EntityRowOf } from '$lib/contracts/synced';
import { Level2Cases } from './level2-cases.svelte';

const now = () => new Date('2027-03-15T09:30:00+01:00');

const kase = (id: string, fields: Partial<EntityRowOf<'level2Cases'>> = {}): EntityRowOf<'level2Cases'> => ({
	id,
	recordId: `record-${id}`,
	operator: 'caf',
	correspondentId: 'anne',
	subject: `Dossier ${id}`,
	contact: 'Mme D., 06 12 34 56 78',
	state: 'transmitted',
	transmittedOn: '2027-03-01',
	dueOn: '2027-03-16',
	chaseCount: 0,
	lastChasedOn: null,
	answeredOn: null,
	closedOn: null,
	note: '',
	...fields
});

async function opened() {
	const found = testDevice();
	await seed(found.device, {
		operators: [
			{ id: 'caf', name: 'Caisse d’allocations familiales', shortName: 'CAF', description: '', sortOrder: 1 }
		],
		correspondents: [
			{
				id: 'anne',
				operatorId: 'caf',
				name: 'Anne Martin',
				title: 'Référente',
				email: null,
				phone: '05 63 00 00 00',
				area: 'Tarn-et-Garonne',
				active: true
			}
		],
		level2Cases: [
			kase('6f1c2b4e-0d1a-4c55-9a44-2b7d6c1e9f01', { dueOn: '2027-03-10' }),
			kase('6f1c2b4e-0d1a-4c55-9a44-2b7d6c1e9f02'),
			kase('6f1c2b4e-0d1a-4c55-9a44-2b7d6c1e9f03', {
				state: 'answered',
				answeredOn: '2027-03-12',
				operator: 'department'
			})
		]
	});
	const app = new Level2Cases(now);
	const subscriptions = app.ready(found);
	await settled(
		() => app.cases.length === 3 && app.operators.length === 1 && app.correspondents.length === 1
	);
	return { app, found, close: () => closeAll(subscriptions) };
}

describe('Level2Cases', () => {
	it('puts the cases waiting for an answer first, counts the late ones and names who answers', async () => {
		const { app, close } = await opened();
		expect(app.waiting.map((c) => c.id.slice(-2))).toEqual(['01', '02']);
		expect(app.others.map((c) => c.id.slice(-2))).toEqual(['03']);
		expect(app.late).toBe(1);
		expect(app.operatorName('caf')).toBe('CAF');
		expect(app.operatorName('department')).not.toBe('department');
		expect(app.correspondentOf('anne')?.name).toBe('Anne Martin');
		close();
	});

	it('records a chase on the device, and refuses a chase without a due date', async () => {
		const { app, found, close } = await opened();
		const late = app.waiting[0]!;
		await app.takeStep(late, 'chase', { dueOn: '', note: '' });
		expect(app.errors[late.id]).toHaveProperty('dueOn');
		expect(await found.device.store.outbox()).toHaveLength(0);

		await app.takeStep(late, 'chase', { dueOn: '2027-03-25', note: 'Relancée par téléphone' });
		expect(app.errors[late.id]).toEqual({});
		expect(app.saved).toMatch(/relancé sur l'appareil/);
		await settled(() => app.cases.find((c) => c.id === late.id)?.chaseCount === 1);
		expect(app.late).toBe(0);
		const [sent] = await found.device.store.outbox();
		expect(sent).toMatchObject({
			name: 'updateLevel2Case@1',
			args: { caseId: late.id, action: 'chase', on: '2027-03-15', dueOn: '2027-03-25' }
		});
		close();
	});

	it('closes an answered case, which erases the contact on the device', async () => {
		const { app, close } = await opened();
		const answered = app.others[0]!;
		await app.takeStep(answered, 'close', { dueOn: '', note: '' });
		await settled(() => app.cases.find((c) => c.id === answered.id)?.state === 'closed');
		expect(app.cases.find((c) => c.id === answered.id)).toMatchObject({
			contact: null,
			closedOn: '2027-03-15'
		});
		close();
	});
});
