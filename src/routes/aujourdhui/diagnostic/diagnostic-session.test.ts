import { describe, expect, it } from 'vitest';
import { closeAll, seed, settled, testDevice } from '$lib/client/test-device';
import type { EntityRowOf } from '$lib/contracts/synced';
import { communeRow, permanenceRow } from '$lib/contracts/synced.fixtures';
import { questionsOf } from '$lib/domain/diagnostic';
import { DiagnosticSession } from './diagnostic-session.svelte';

const now = () => new Date('2027-03-15T09:30:00+01:00');
let ids = 0;
const newId = () => `5d0c6a52-8f4e-4c7b-9d3a-${String(++ids).padStart(12, '0')}`;

const earlier: EntityRowOf<'diagnostics'> = {
	id: 'c2b7f0a4-1111-4c7b-9d3a-000000000001',
	date: '2026-09-01',
	questionnaireVersion: 1,
	followUpCode: 'K7M-4QX',
	communeInsee: '82121',
	answers: {},
	access: { equipment: [], connection: 'none', reading: 'easy', needs: [] },
	areas: { information: { score: 0.5, level: 'accompanied' } },
	overall: 'accompanied',
	overallScore: 0.5,
	recommendations: [],
	createdAt: '2026-09-01T10:00:00Z'
};

/** A filled form: every task "with help", a smartphone on mobile data. */
function filled(commune = '82121'): FormData {
	const form = new FormData();
	for (const q of questionsOf(1)) form.set(q.id, '1');
	form.append('equipment', 'smartphone');
	form.set('connection', 'mobileOnly');
	form.set('reading', 'easy');
	form.append('needs', 'none');
	form.set('communeInsee', commune);
	return form;
}

async function opened() {
	const found = testDevice();
	await seed(found.device, {
		communes: [
			communeRow('82121', 'Montauban', { population: 60000, lat: 44.02, lon: 1.35 }),
			communeRow('82033', 'Castelsarrasin', {
				postcodes: ['82100'],
				population: 14000,
				lat: 44.04,
				lon: 1.11
			})
		],
		diagnostics: [earlier],
		permanences: [
			permanenceRow({
				id: 'lavit:2027-03:2',
				siteId: 'lavit',
				date: '2027-03-30',
				period: 'afternoon',
				start: '14:00',
				end: '17:00'
			}),
			permanenceRow({ id: 'lavit:2027-03:1', siteId: 'lavit', date: '2027-03-15' })
		]
	});
	const app = new DiagnosticSession(now, () => 0.5, newId);
	const subscriptions = app.ready(found);
	await settled(
		() => app.communes.length === 2 && app.diagnostics.length === 1 && app.permanences.length === 1
	);
	return { app, found, close: () => closeAll(subscriptions) };
}

describe('DiagnosticSession', () => {
	it('lists the communes by name and the tour’s next permanence after today', async () => {
		const { app, close } = await opened();
		expect(app.communes.map((c) => c.name)).toEqual(['Castelsarrasin', 'Montauban']);
		expect(app.nextPermanence?.date).toBe('2027-03-30');
		close();
	});

	it('refuses an incomplete form, naming what is missing, and records nothing', async () => {
		const { app, found, close } = await opened();
		const form = filled();
		form.delete('connection');
		expect(await app.record(form)).toBe(false);
		expect(app.err('access.connection')).toBeTruthy();
		expect(await found.device.store.outbox()).toHaveLength(0);
		close();
	});

	it('finds the person’s last diagnostic by their code, and the new one keeps it to show progress', async () => {
		const { app, found, close } = await opened();
		app.typedCode = 'zzz';
		app.findPrevious();
		expect(app.previous).toBeNull();
		expect(app.codeMessage).toMatch(/ne ressemble pas/);
		app.typedCode = 'k7m 4qx';
		app.findPrevious();
		expect(app.previous?.id).toBe(earlier.id);

		expect(await app.record(filled())).toBe(true);
		const [sent] = await found.device.store.outbox();
		expect(sent).toMatchObject({
			name: 'recordDiagnostic@1',
			args: { diagnostic: { date: '2027-03-15', followUpCode: 'K7M-4QX', communeInsee: '82121' } }
		});
		await settled(() => app.shown !== null);
		expect(app.shown?.overall).toBeDefined();
		expect(app.shownPrevious?.id).toBe(earlier.id);

		app.startAgain();
		expect([app.shown, app.previous, app.typedCode, app.formKey]).toEqual([null, null, '', 1]);
		close();
	});

	it('gives a new follow-up code to a first diagnostic', async () => {
		const { app, found, close } = await opened();
		expect(await app.record(filled('82033'))).toBe(true);
		const [sent] = await found.device.store.outbox();
		const code = (sent?.args as { diagnostic: { followUpCode: string } }).diagnostic.followUpCode;
		expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
		expect(code).not.toBe('K7M-4QX');
		close();
	});
});
