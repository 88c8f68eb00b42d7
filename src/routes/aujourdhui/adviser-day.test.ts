import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import type { EntityRowOf } from '$lib/contracts/synced';
import { permanenceRow, siteRow } from '$lib/contracts/synced.fixtures';
import { AdviserDay } from './adviser-day.svelte';

const now = () => new Date('2027-03-15T09:30:00+01:00');

const site = siteRow({ accessNotes: 'Code 1234' });

const permanence = (date: string, period: 'morning' | 'afternoon' = 'morning') =>
	permanenceRow({
		id: `mairie-lavit:${date.slice(0, 7)}:${date.slice(8)}`,
		date,
		period,
		start: period === 'morning' ? '09:00' : '14:00',
		end: period === 'morning' ? '12:00' : '17:00'
	});

const visit = (id: string, fields: Partial<EntityRowOf<'homeVisits'>>): EntityRowOf<'homeVisits'> => ({
	id,
	status: 'scheduled',
	date: null,
	period: null,
	start: null,
	end: null,
	personName: 'Marcelle Dupuy',
	phone: '05 63 00 00 00',
	street: '12 chemin de la Garenne',
	communeInsee: '82094',
	communeName: 'Lavit',
	accessNotes: '',
	subject: 'Dossier de retraite',
	operatorId: null,
	availability: {
		weekdays: [1, 2, 3, 4, 5],
		periods: ['morning', 'afternoon'],
		from: null,
		to: null,
		note: ''
	},
	lat: 43.97,
	lon: 0.93,
	...fields
});

async function opened() {
	const found = testDevice();
	await seed(found.device, {
		tours: [{ id: 'tournee-1', number: 1, name: 'Nord', colour: '#00a', vehicleId: 'van-1' }],
		vehicles: [{ id: 'van-1', name: 'Kangoo 1', registration: null }],
		communes: [
			{
				insee: '82121',
				name: 'Montauban',
				postcodes: ['82000'],
				population: 60000,
				lat: 44.02,
				lon: 1.35,
				mdsId: null
			}
		],
		sites: [site],
		permanences: [permanence('2027-03-15'), permanence('2027-03-17', 'afternoon'), permanence('2027-04-20')],
		homeVisits: [
			visit('0b8e2c1a-0000-4000-8000-000000000001', {
				date: '2027-03-15',
				period: 'afternoon',
				start: '14:00',
				end: '15:00'
			}),
			visit('0b8e2c1a-0000-4000-8000-000000000002', { status: 'accepted', personName: 'Jean Martin' })
		]
	});
	const app = new AdviserDay(now);
	const subscriptions = app.ready(found);
	await settled(
		() =>
			app.permanences.length === 3 &&
			app.visits.length === 1 &&
			app.toPlan.length === 1 &&
			app.vehicle !== null
	);
	return { app, found, close: () => closeAll(subscriptions) };
}

describe('AdviserDay', () => {
	it('interleaves the day’s permanences and visits by the hour, a week at a time', async () => {
		const { app, close } = await opened();
		expect(app.tour?.name).toBe('Nord');
		expect(app.vehicle?.name).toBe('Kangoo 1');
		const [today, ...later] = app.agenda.days;
		expect(today?.entries.map((e) => e.kind)).toEqual(['permanence', 'visit']);
		// Days with something, not calendar days: the next seven of them are shown.
		expect(later.map((d) => d.date)).toEqual(['2027-03-17', '2027-04-20']);
		expect(app.agenda.later.days).toBe(0);
		expect(app.showMoreDays()).toBe(3);
		expect(app.upcomingDays).toBe(14);
		expect(app.hours(app.permanences[0]!)).toMatch(/^9 h/);
		close();
	});

	it('records access notes and a visit’s outcome on the device', async () => {
		const { app, found, close } = await opened();
		await app.saveNotes(app.sites[0]!, 'Code 5678, sonner à gauche');
		expect(app.notesSaved).toEqual({
			siteId: 'mairie-lavit',
			message: "Notes d'accès de « Mairie de Lavit » enregistrées sur l'appareil."
		});
		await app.recordOutcome(app.visits[0]!, 'absent', '');
		expect(app.saved).toMatch(/personne absente/);
		await settled(
			() => app.visits[0]?.status === 'absent' && app.sites[0]?.accessNotes.startsWith('Code 5678') === true
		);
		expect((await found.device.store.outbox()).map((m) => m.name)).toEqual([
			'updateSiteAccessNotes@1',
			'recordHomeVisitOutcome@1'
		]);
		close();
	});

	it('proposes slots for a visit to plan from tomorrow, and books the one chosen', async () => {
		const { app, found, close } = await opened();
		const toPlan = app.toPlan[0]!;
		await app.propose(toPlan);
		const slots = app.proposals[toPlan.id] ?? [];
		expect(slots.length).toBeGreaterThan(0);
		expect(slots.every((s) => s.date >= '2027-03-16')).toBe(true);
		const first = slots[0]!;
		await app.book(toPlan, `${first.date}|${first.period}|${first.start}`);
		expect(app.saved).toMatch(/^Visite chez Jean Martin planifiée le/);
		const outbox = await found.device.store.outbox();
		expect(outbox.at(-1)).toMatchObject({ name: 'scheduleHomeVisit@1', args: { visitId: toPlan.id } });
		// The booked visit reaches the agenda once its live query has delivered (rows opened apart).
		await settled(() => app.visits.some((v) => v.id === toPlan.id));
		const refused = { ...outbox.at(-1)!, result: { id: outbox.at(-1)!.id, status: 'rejected' as const } };
		expect(app.describe({ mutation: refused, status: 'rejected', reason: '' })).toMatch(
			/^Visite à domicile chez Jean Martin le/
		);
		close();
	});
});
