import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import { permanenceRow, siteRow } from '$lib/contracts/synced.fixtures';
import { OfflineCalendar } from './offline-calendar.svelte';

const now = () => new Date('2027-03-15T09:30:00+01:00');

const site = (id: string, tourId: string) =>
	siteRow({
		id,
		name: `Mairie ${id}`,
		address: 'Place de la mairie',
		// Tuesday and Thursday mornings.
		openingSlots: [
			{ weekday: 2, period: 'morning', start: '09:00', end: '12:00' },
			{ weekday: 4, period: 'morning', start: '09:00', end: '12:00' }
		],
		tourId
	});

const permanence = (id: string, siteId: string, tourId: string, date: string) =>
	permanenceRow({ id, siteId, tourId, date, adviserIds: ['a', 'b'] });

async function opened() {
	const found = testDevice({ role: 'coordinator', tourId: null });
	await seed(found.device, {
		tours: [
			{ id: 'tournee-2', number: 2, name: 'Sud', colour: '#a00', vehicleId: null },
			{ id: 'tournee-1', number: 1, name: 'Nord', colour: '#00a', vehicleId: null }
		],
		sites: [site('lavit', 'tournee-1'), site('dunes', 'tournee-2')],
		permanences: [
			permanence('lavit:2027-03:0', 'lavit', 'tournee-1', '2027-03-02'),
			permanence('lavit:2027-03:1', 'lavit', 'tournee-1', '2027-03-16'),
			permanence('lavit:2027-03:2', 'lavit', 'tournee-1', '2027-03-30'),
			permanence('dunes:2027-03:1', 'dunes', 'tournee-2', '2027-03-16'),
			permanence('dunes:2027-04:1', 'dunes', 'tournee-2', '2027-04-06')
		]
	});
	const app = new OfflineCalendar(now);
	const subscriptions = app.ready(found);
	await settled(() => app.permanences.length === 4 && app.sites.length === 2 && app.tours.length === 2);
	return { app, found, close: () => closeAll(subscriptions) };
}

describe('OfflineCalendar', () => {
	it('shows the permanences from today, by month, day and tour', async () => {
		const { app, close } = await opened();
		expect(app.today).toBe('2027-03-15');
		expect(app.tours.map((t) => t.number)).toEqual([1, 2]);
		expect(app.months).toEqual(['2027-03', '2027-04']);
		expect(app.month).toBe('2027-03');
		expect(app.days.map(([date, rows]) => [date, rows.map((p) => p.id)])).toEqual([
			['2027-03-16', ['dunes:2027-03:1', 'lavit:2027-03:1']],
			['2027-03-30', ['lavit:2027-03:2']]
		]);
		app.tourFilter = 'tournee-2';
		app.monthFilter = '2027-04';
		expect(app.days.map(([date]) => date)).toEqual(['2027-04-06']);
		close();
	});

	it('judges a move with the rules the device knows, then records it for the server', async () => {
		const { app, found, close } = await opened();
		const p1 = app.permanences.find((p) => p.id === 'lavit:2027-03:1')!;
		app.edit(p1);
		expect(app.unmoved(p1)).toBe(true);
		// A Wednesday: the site does not open then.
		app.editing!.date = '2027-03-17';
		expect(app.issues.length).toBeGreaterThan(0);
		// In the past.
		app.editing!.date = '2027-03-09';
		expect(app.issues.join(' ')).toMatch(/passé/);
		// A Thursday, far enough from the other passage of the month.
		app.editing!.date = '2027-03-18';
		expect(app.issues).toEqual([]);

		app.editing!.reason = 'x';
		await app.submit(p1, false);
		expect(app.problem).toMatch(/raison/);
		expect(await found.device.store.outbox()).toHaveLength(0);

		app.editing!.reason = 'Salle indisponible';
		await app.submit(p1, false);
		expect(app.problem).toBeNull();
		expect(app.saved).toMatch(
			/^Permanence de Mairie lavit du mardi 16 mars 2027, matin déplacée au jeudi 18 mars 2027/
		);
		expect(app.editing).toBeNull();
		const [sent] = await found.device.store.outbox();
		expect(sent).toMatchObject({
			name: 'movePermanence@1',
			args: {
				permanenceId: 'lavit:2027-03:1',
				base: { date: '2027-03-16', period: 'morning' },
				date: '2027-03-18'
			}
		});
		await settled(() => app.permanences.some((p) => p.id === 'lavit:2027-03:1' && p.date === '2027-03-18'));
		expect(app.permanences.find((p) => p.id === 'lavit:2027-03:1')?.unpublishedChange).toBe(
			'Salle indisponible'
		);
		close();
	});

	it('cancels a permanence on the device, and describes a refused change', async () => {
		const { app, found, close } = await opened();
		const p3 = app.permanences.find((p) => p.id === 'dunes:2027-03:1')!;
		app.edit(p3);
		app.editing!.reason = 'Route coupée';
		await app.submit(p3, true);
		await settled(() => app.permanences.find((p) => p.id === 'dunes:2027-03:1')?.status === 'cancelled');
		const [sent] = await found.device.store.outbox();
		await found.device.store.recordResults([{ id: sent!.id, status: 'rejected', reason: 'Déjà déplacée.' }]);
		await settled(() => app.reviews.length === 1);
		expect(app.describe(app.reviews[0]!)).toBe(
			'Annulation de la permanence Mairie dunes du mardi 16 mars 2027, matin'
		);
		close();
	});
});
