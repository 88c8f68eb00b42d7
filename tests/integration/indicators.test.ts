import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HomeVisitRequestInput } from '../../src/lib/contracts';
import { ADMIN_THEMES, DIGITAL_THEMES, ORIENTATIONS } from '../../src/lib/domain/activity';
import { greatCircleKm } from '../../src/lib/domain/geo';
import { createApp, type AppContext } from '../../src/lib/server/app';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { readConfig } from '../../src/lib/server/config';
import { createHomeVisitRequest, transitionHomeVisit } from '../../src/lib/server/services/home-visits';
import { computeIndicators, type IndicatorFilter } from '../../src/lib/server/services/indicators';
import { cancelPermanence } from '../../src/lib/server/services/permanences';
import { push } from '../../src/lib/server/sync/push';
import { enginesUnderTest } from './engines';
import { userByEmail } from './users';

const engines = await enginesUnderTest();

/**
 * Issue 6, item 5: the indicators the server computes equal a naive recount, written here
 * independently, of the same random records — whatever order they arrived in, with records
 * pushed twice (another device of the adviser, or a replayed batch) counted once.
 */

const OPERATORS = ['caf', 'assurance-maladie', 'dgfip', 'france-travail', 'interieur', 'department', 'other'];
const MONTHS = ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];
const TODAY = '2026-11-20';

interface Generated {
	adviser: number;
	device: number;
	place: 'permanence' | 'phone' | 'other';
	permanence: number;
	daysAgo: number;
	collective: boolean;
	participants: number;
	adminThemes: string[];
	digitalThemes: string[];
	operator: string | null;
	level: 1 | 2;
	orientations: string[];
}

const generatedRecord: fc.Arbitrary<Generated> = fc.record({
	adviser: fc.nat(5),
	device: fc.nat(1),
	place: fc.constantFrom('permanence', 'permanence', 'phone', 'other'),
	permanence: fc.nat(1000),
	daysAgo: fc.nat(59),
	collective: fc.integer({ min: 0, max: 9 }).map((k) => k < 2),
	participants: fc.integer({ min: 1, max: 60 }),
	adminThemes: fc.subarray([...ADMIN_THEMES], { maxLength: 3 }),
	digitalThemes: fc.subarray([...DIGITAL_THEMES], { maxLength: 2 }),
	operator: fc.option(fc.constantFrom(...OPERATORS), { nil: null }),
	level: fc.constantFrom(1 as const, 2 as const),
	orientations: fc.subarray([...ORIENTATIONS])
});

/** A stored record as the test itself knows it: what it sent, and where the server should place it. */
interface Known {
	id: string;
	adviserId: string;
	tourId: string;
	date: string;
	siteId: string | null;
	place: string;
	format: 'individual' | 'collective';
	participants: number;
	adminThemes: string[];
	digitalThemes: string[];
	operator: string | null;
	level: number;
	orientations: string[];
}

interface PermanenceRow {
	id: string;
	site_id: string;
	tour_id: string;
	date: string;
	period: string;
	status: string;
	adviser_ids: string;
}

/** The naive recount: every record and permanence looked at one by one. */
function recount(
	records: readonly Known[],
	permanences: readonly PermanenceRow[],
	filter: IndicatorFilter,
	today: string
) {
	const first = `${filter.from}-01`;
	const last = `${filter.to}-31`;
	const activityCell = () => ({ records: 0, people: 0, level1: 0, level2: 0 });
	const activity = {
		total: activityCell(),
		byMonth: {} as Record<string, ReturnType<typeof activityCell>>,
		byTour: {} as Record<string, ReturnType<typeof activityCell>>,
		bySite: {} as Record<string, ReturnType<typeof activityCell>>,
		byAdviser: {} as Record<string, ReturnType<typeof activityCell>>,
		adminThemes: Object.fromEntries(ADMIN_THEMES.map((t) => [t, 0])) as Record<string, number>,
		digitalThemes: Object.fromEntries(DIGITAL_THEMES.map((t) => [t, 0])) as Record<string, number>,
		operators: {} as Record<string, number>,
		operatorsByMonth: {} as Record<string, Record<string, number>>,
		orientations: Object.fromEntries(ORIENTATIONS.map((t) => [t, 0])) as Record<string, number>,
		places: { permanence: 0, homeVisit: 0, phone: 0, other: 0 } as Record<string, number>,
		formats: { individual: 0, collective: 0 } as Record<string, number>
	};
	for (const r of records) {
		if (r.date < first || r.date > last) continue;
		if (filter.tourId && r.tourId !== filter.tourId) continue;
		if (filter.siteId && r.siteId !== filter.siteId) continue;
		if (filter.adviserId && r.adviserId !== filter.adviserId) continue;
		const month = r.date.slice(0, 7);
		const people = r.format === 'collective' ? r.participants : 1;
		for (const [map, key] of [
			[activity.byMonth, month],
			[activity.byTour, r.tourId],
			[activity.bySite, r.siteId ?? ''],
			[activity.byAdviser, r.adviserId]
		] as const) {
			map[key] ??= activityCell();
		}
		for (const c of [
			activity.total,
			activity.byMonth[month],
			activity.byTour[r.tourId],
			activity.bySite[r.siteId ?? ''],
			activity.byAdviser[r.adviserId]
		]) {
			if (!c) continue;
			c.records++;
			c.people += people;
			if (r.level === 2) c.level2++;
			else c.level1++;
		}
		for (const t of r.adminThemes) activity.adminThemes[t] = (activity.adminThemes[t] ?? 0) + 1;
		for (const t of r.digitalThemes) activity.digitalThemes[t] = (activity.digitalThemes[t] ?? 0) + 1;
		for (const o of r.orientations) activity.orientations[o] = (activity.orientations[o] ?? 0) + 1;
		const op = r.operator ?? '';
		activity.operators[op] = (activity.operators[op] ?? 0) + 1;
		const byMonth = (activity.operatorsByMonth[month] ??= {});
		byMonth[op] = (byMonth[op] ?? 0) + 1;
		activity.places[r.place] = (activity.places[r.place] ?? 0) + 1;
		activity.formats[r.format] = (activity.formats[r.format] ?? 0) + 1;
	}

	const permanenceCell = () => ({ planned: 0, held: 0, cancelled: 0, upcoming: 0 });
	const perm = {
		total: permanenceCell(),
		byMonth: {} as Record<string, ReturnType<typeof permanenceCell>>,
		byTour: {} as Record<string, ReturnType<typeof permanenceCell>>,
		bySite: {} as Record<string, ReturnType<typeof permanenceCell>>,
		byAdviser: {} as Record<string, ReturnType<typeof permanenceCell>>
	};
	for (const p of permanences) {
		if (p.date < first || p.date > last) continue;
		if (filter.tourId && p.tour_id !== filter.tourId) continue;
		if (filter.siteId && p.site_id !== filter.siteId) continue;
		const crew = JSON.parse(p.adviser_ids) as string[];
		if (filter.adviserId && !crew.includes(filter.adviserId)) continue;
		const what = p.status === 'cancelled' ? 'cancelled' : p.date < today ? 'held' : 'upcoming';
		const cells = [
			perm.total,
			(perm.byMonth[p.date.slice(0, 7)] ??= permanenceCell()),
			(perm.byTour[p.tour_id] ??= permanenceCell()),
			(perm.bySite[p.site_id] ??= permanenceCell()),
			...crew.map((a) => (perm.byAdviser[a] ??= permanenceCell()))
		];
		for (const c of cells) {
			c.planned++;
			c[what]++;
		}
	}
	return { activity, permanences: perm };
}

/** Kilometres driven, recounted: each vehicle's day as a loop from the depot, morning site first. */
function recountKm(
	permanences: readonly PermanenceRow[],
	sites: Map<string, { lat: number; lon: number }>,
	depot: { lat: number; lon: number },
	filter: IndicatorFilter,
	today: string
): number {
	const held = permanences.filter(
		(p) =>
			p.status !== 'cancelled' &&
			p.date < today &&
			p.date >= `${filter.from}-01` &&
			p.date <= `${filter.to}-31` &&
			(!filter.tourId || p.tour_id === filter.tourId)
	);
	const days = new Map<string, PermanenceRow[]>();
	for (const p of held)
		days.set(`${p.tour_id} ${p.date}`, [...(days.get(`${p.tour_id} ${p.date}`) ?? []), p]);
	let total = 0;
	for (const day of days.values()) {
		const ordered = [...day].sort(
			(a, b) => (a.period === 'morning' ? 0 : 1) - (b.period === 'morning' ? 0 : 1)
		);
		let km = 0;
		let here = depot;
		for (const p of ordered) {
			const site = sites.get(p.site_id);
			if (!site) continue;
			km += greatCircleKm(here, site) * 1.3;
			here = site;
		}
		km += greatCircleKm(here, depot) * 1.3;
		for (const p of day) {
			if (filter.siteId && p.site_id !== filter.siteId) continue;
			if (filter.adviserId && !(JSON.parse(p.adviser_ids) as string[]).includes(filter.adviserId)) continue;
			total += km / day.length;
		}
	}
	return total;
}

const withoutKm = <T extends { km: number }>(cells: Record<string, T>) =>
	Object.fromEntries(Object.entries(cells).map(([k, { km: _km, ...rest }]) => [k, rest]));

describe.each(engines)('indicators against a naive recount on $name', (engine) => {
	let ctx: AppContext;
	let clock = new Date('2026-09-01T08:00:00Z');
	let advisers: SessionUser[];
	let permanences: PermanenceRow[];
	let sites: Map<string, { lat: number; lon: number }>;
	let depot: { lat: number; lon: number };
	let runs = 0;

	beforeAll(async () => {
		// The demo calendar is planned on 1 September (September to November, the first two
		// published); the records are then made in the two months to 20 November.
		ctx = await createApp(readConfig({ ...engine.freshEnv(), DEMO: 'true' }), () => clock);
		clock = new Date(`${TODAY}T17:00:00Z`);
		const coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		advisers = await Promise.all(
			[1, 2, 3, 4, 5, 6].map((i) => userByEmail(ctx, `conseiller${i}@demo.tournees.fr`))
		);
		const all = await ctx.db.selectFrom('permanences').select('id').orderBy('id').execute();
		// Some permanences cancelled, past and future.
		for (const p of all.filter((_, i) => i % 11 === 3))
			await cancelPermanence(ctx.db, coordinator, p.id, 'Véhicule en panne', clock);
		permanences = await ctx.db
			.selectFrom('permanences')
			.select(['id', 'site_id', 'tour_id', 'date', 'period', 'status', 'adviser_ids'])
			.execute();
		const siteRows = await ctx.db.selectFrom('sites').select(['id', 'lat', 'lon', 'kind']).execute();
		sites = new Map(siteRows.map((s) => [s.id, { lat: s.lat, lon: s.lon }]));
		const hq = siteRows.find((s) => s.kind === 'departmentHeadquarters');
		if (!hq) throw new Error('no Hôtel du Département');
		depot = { lat: hq.lat, lon: hq.lon };
		expect(permanences.some((p) => p.status === 'cancelled' && p.date < TODAY)).toBe(true);
	});
	afterAll(async () => {
		await ctx?.close();
	});

	it('equal the recount of random records, in any arrival order, replays counted once', async () => {
		const filterArb = fc
			.record({
				months: fc.subarray(MONTHS, { minLength: 1, maxLength: 2 }),
				tour: fc.option(fc.constantFrom('tournee-1', 'tournee-2', 'tournee-3'), { nil: null }),
				site: fc.option(fc.nat(1000), { nil: null }),
				adviser: fc.option(fc.nat(5), { nil: null })
			})
			.map(({ months, tour, site, adviser }) => ({ months, tour, site, adviser }));

		await fc.assert(
			fc.asyncProperty(
				fc.array(generatedRecord, { maxLength: 30 }),
				// Arrival: a sort key per sending, and which records are sent twice and how.
				fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
				fc.array(fc.constantFrom('otherDevice', 'replayBatch'), { maxLength: 8 }),
				fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
				filterArb,
				async (generated, order, duplicates, batchSizes, f) => {
					runs++;
					await ctx.db.deleteFrom('activity_records').execute();
					const known: Known[] = [];
					const sendings: { known: Known; input: unknown; device: string }[] = [];
					for (const [i, g] of generated.entries()) {
						const adviser = advisers[g.adviser] as SessionUser;
						const tourId = adviser.tourId as string;
						let date = addDays(TODAY, -g.daysAgo);
						let permanenceId: string | null = null;
						let siteId: string | null = null;
						if (g.place === 'permanence') {
							const candidates = permanences.filter(
								(p) => p.tour_id === tourId && p.date <= TODAY && p.date >= addDays(TODAY, -59)
							);
							const p = candidates[g.permanence % candidates.length];
							if (p) {
								permanenceId = p.id;
								siteId = p.site_id;
								date = p.date;
							}
						}
						const adminThemes =
							g.adminThemes.length + g.digitalThemes.length === 0 ? ['papers'] : g.adminThemes;
						const operator = g.level === 2 && !g.operator ? 'caf' : g.operator;
						const record: Known = {
							id: `0000${runs.toString(16).padStart(4, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
							adviserId: adviser.id,
							tourId,
							date,
							siteId,
							place: g.place,
							format: g.collective ? 'collective' : 'individual',
							participants: g.participants,
							adminThemes,
							digitalThemes: g.digitalThemes,
							operator,
							level: g.level,
							orientations: g.orientations
						};
						known.push(record);
						sendings.push({
							known: record,
							device: `run${runs}-adv${g.adviser}-dev${g.device}`,
							input: {
								recordId: record.id,
								record: {
									date,
									place: g.place,
									permanenceId,
									homeVisitId: null,
									format: record.format,
									workshop: g.collective
										? { title: 'Atelier smartphone', level: 'beginner', participants: g.participants }
										: null,
									person: { ageBracket: null, communeInsee: null, status: null },
									adminThemes,
									digitalThemes: g.digitalThemes,
									operator,
									level: g.level,
									autonomy: null,
									equipment: [],
									aidantsConnect: null,
									orientations: g.orientations,
									durationMinutes: 30,
									outcome: 'resolved',
									note: ''
								}
							}
						});
					}
					// Records sent again from the adviser's other device.
					for (const [i, how] of duplicates.entries()) {
						const s = sendings[i % Math.max(1, generated.length)];
						if (s && how === 'otherDevice')
							sendings.push({
								...s,
								device: s.device.replace(/dev\d$/, (d) => `dev${1 - Number(d.at(-1))}`)
							});
					}
					// Any arrival order.
					const arrival = sendings
						.map((s, i) => ({ s, key: order[i % order.length] ?? 0, i }))
						.sort((a, b) => a.key - b.key || a.i - b.i)
						.map((x) => x.s);
					// Consecutive sendings of one device travel in one push; some pushes are replayed whole.
					const nextId = new Map<string, number>();
					let b = 0;
					for (let i = 0; i < arrival.length;) {
						const first = arrival[i] as (typeof arrival)[number];
						const size = batchSizes[b++ % batchSizes.length] ?? 1;
						const batch = [first];
						while (batch.length < size && arrival[i + batch.length]?.device === first.device)
							batch.push(arrival[i + batch.length] as (typeof arrival)[number]);
						i += batch.length;
						const user = advisers.find((a) => a.id === first.known.adviserId) as SessionUser;
						const start = nextId.get(first.device) ?? 1;
						nextId.set(first.device, start + batch.length);
						const payload = {
							clientId: first.device,
							schemaVersion: 1,
							mutations: batch.map((s, k) => ({ id: start + k, name: 'recordActivity@1', args: s.input }))
						};
						const res = await push(ctx.db, user, payload, clock);
						expect(res.results.map((r) => r.status)).toEqual(batch.map(() => 'applied'));
						if (duplicates.includes('replayBatch') && b % 3 === 0) {
							const again = await push(ctx.db, user, payload, clock);
							expect(again.results.map((r) => r.status)).toEqual(batch.map(() => 'applied'));
						}
					}
					// The store is keyed by record id: one row per record, however often it came.
					const stored = await ctx.db.selectFrom('activity_records').select('id').execute();
					expect(stored.map((r) => r.id).sort()).toEqual(known.map((k) => k.id).sort());

					const siteIds = [...new Set(permanences.map((p) => p.site_id))].sort();
					const filters: IndicatorFilter[] = [
						{ from: '2026-08', to: '2026-12', tourId: null, siteId: null, adviserId: null },
						{
							from: f.months[0] as string,
							to: (f.months[1] ?? f.months[0]) as string,
							tourId: f.tour,
							siteId: f.site === null ? null : (siteIds[f.site % siteIds.length] ?? null),
							adviserId: f.adviser === null ? null : (advisers[f.adviser]?.id ?? null)
						}
					];
					for (const filter of filters) {
						const got = await computeIndicators(ctx.db, filter, TODAY);
						const want = recount(known, permanences, filter, TODAY);
						expect(got.activity).toEqual(want.activity);
						expect({
							total: withoutKm({ total: got.permanences.total }).total,
							byMonth: withoutKm(got.permanences.byMonth),
							byTour: withoutKm(got.permanences.byTour),
							bySite: withoutKm(got.permanences.bySite),
							byAdviser: withoutKm(got.permanences.byAdviser)
						}).toEqual(want.permanences);
						expect(got.permanences.total.km).toBeCloseTo(
							recountKm(permanences, sites, depot, filter, TODAY),
							6
						);
						const byMonthKm = Object.values(got.permanences.byMonth).reduce((t, c) => t + c.km, 0);
						expect(byMonthKm).toBeCloseTo(got.permanences.total.km, 6);
					}
				}
			),
			{ numRuns: Number(process.env.INDICATOR_RUNS ?? 25), seed: Number(process.env.INDICATOR_SEED ?? 6) }
		);
	});

	it('counts home visits by state in the month they were asked for, by tour', async () => {
		const relay = await userByEmail(ctx, 'relais.dunes@demo.tournees.fr');
		const coordinator = await userByEmail(ctx, 'coordination@demo.tournees.fr');
		const request: HomeVisitRequestInput = {
			personName: 'Personne Test',
			personPhone: '05 63 00 00 00',
			communeInsee: '82050',
			street: '1 rue du Test',
			accessNotes: '',
			reasons: ['age'],
			operatorId: null,
			subject: 'Dossier de retraite',
			availability: { weekdays: [1, 2, 3, 4, 5], periods: ['morning'], from: null, to: null, note: '' },
			consent: true
		};
		const a = await createHomeVisitRequest(ctx.db, relay, request, new Date('2026-10-31T23:30:00Z'));
		const b = await createHomeVisitRequest(ctx.db, relay, request, new Date('2026-11-05T10:00:00Z'));
		await transitionHomeVisit(ctx.db, coordinator, b.id, { to: 'refused', reason: 'Hors secteur' }, clock);
		const all = await computeIndicators(
			ctx.db,
			{ from: '2026-10', to: '2026-11', tourId: null, siteId: null, adviserId: null },
			TODAY
		);
		// 23:30 UTC on 31 October is 1 November in Paris.
		expect(all.homeVisits.byMonth).toEqual({
			'2026-11': expect.objectContaining({ requested: 1, refused: 1 }) as unknown
		});
		expect(all.homeVisits.total).toBe(2);
		expect(all.homeVisits.filtered).toBe('all');
		const otherTour = await computeIndicators(
			ctx.db,
			{
				from: '2026-10',
				to: '2026-11',
				tourId: a.tourId === 'tournee-1' ? 'tournee-2' : 'tournee-1',
				siteId: null,
				adviserId: null
			},
			TODAY
		);
		expect(otherTour.homeVisits.total).toBe(0);
	});
});

function addDays(date: string, days: number): string {
	const d = new Date(`${date}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
