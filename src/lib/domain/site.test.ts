import { describe, expect, it } from 'vitest';
import {
	announcedEndText,
	awaitsLabelling,
	defaultOpeningSlots,
	lifecycleAtLabelling,
	describeOpeningSlots,
	effectiveStatus,
	lifecycleChangeProblem,
	siteServesOn,
	slotProblem,
	type SiteLifecycle
} from './site';

const active: SiteLifecycle = { status: 'active', closingOn: null, redirect: null };

describe('opening slots', () => {
	it('summarises the default week in one line', () => {
		expect(describeOpeningSlots(defaultOpeningSlots())).toEqual([
			'Lundi au vendredi : 9 h – 12 h et 14 h – 17 h'
		]);
	});
	it('groups days that share hours and splits the others', () => {
		const lines = describeOpeningSlots([
			{ weekday: 2, period: 'morning', start: '09:00', end: '12:00' },
			{ weekday: 4, period: 'morning', start: '09:00', end: '12:00' },
			{ weekday: 5, period: 'afternoon', start: '13:30', end: '16:30' }
		]);
		expect(lines).toEqual(['Mardi : 9 h – 12 h', 'Jeudi : 9 h – 12 h', 'Vendredi : 13 h 30 – 16 h 30']);
	});
	it('refuses inverted hours and a morning ending in the afternoon', () => {
		expect(slotProblem({ weekday: 1, period: 'morning', start: '11:00', end: '10:00' })).toMatch(/fin/);
		expect(slotProblem({ weekday: 1, period: 'morning', start: '09:00', end: '15:00' })).toMatch(/13 h/);
		expect(slotProblem({ weekday: 1, period: 'afternoon', start: '14:00', end: '17:00' })).toBeNull();
	});
});

describe('site life cycle', () => {
	it('a closing site serves until its last day, then is closed', () => {
		const closing: SiteLifecycle = { status: 'closing', closingOn: '2027-01-31', redirect: null };
		expect(siteServesOn(closing, '2027-01-31')).toBe(true);
		expect(effectiveStatus(closing, '2027-02-01')).toBe('closed');
		expect(siteServesOn(closing, '2027-02-01')).toBe(false);
	});
	it('a planned site does not serve yet', () => {
		expect(siteServesOn({ status: 'planned', closingOn: null, redirect: null }, '2027-01-01')).toBe(false);
	});
	it('closing needs a future date', () => {
		expect(
			lifecycleChangeProblem(active, { status: 'closing', closingOn: null, redirect: null }, '2026-11-23')
		).toMatch(/date/);
		expect(
			lifecycleChangeProblem(
				active,
				{ status: 'closing', closingOn: '2026-11-01', redirect: null },
				'2026-11-23'
			)
		).toMatch(/passée/);
		expect(
			lifecycleChangeProblem(
				active,
				{ status: 'closing', closingOn: '2027-03-31', redirect: null },
				'2026-11-23'
			)
		).toBeNull();
	});
	it('refuses transitions outside the life cycle', () => {
		expect(
			lifecycleChangeProblem(
				{ status: 'closed', closingOn: '2026-01-01', redirect: null },
				{ status: 'closing', closingOn: '2027-01-01', redirect: null },
				'2026-11-23'
			)
		).toMatch(/ne peut pas/);
		expect(
			lifecycleChangeProblem(active, { status: 'planned', closingOn: null, redirect: null }, '2026-11-23')
		).toMatch(/ne peut pas/);
	});
});

describe('an end announced at the labelling of a France Services', () => {
	const redirect = {
		name: 'France Services de Lamagistère (La Poste)',
		address: '82340 Lamagistère',
		phone: null
	};
	it('says so to citizens before the date is known', () => {
		expect(announcedEndText('France Services de Lamagistère (La Poste)')).toBe(
			"Cette permanence s'arrêtera lorsque la France Services de Lamagistère (La Poste) ouvrira."
		);
		expect(announcedEndText('Espace public numérique')).toBe(
			"Cette permanence s'arrêtera à l'ouverture de « Espace public numérique »."
		);
	});
	it('waits for the labelling only while the site is in service with no closing date', () => {
		expect(awaitsLabelling(active, redirect)).toBe(true);
		expect(awaitsLabelling(active, null)).toBe(false);
		expect(awaitsLabelling(lifecycleAtLabelling('2027-04-01', redirect, '2027-03-15'), redirect)).toBe(false);
	});
	it('ends the day before the opening: closing when ahead, closed when past', () => {
		const ahead = lifecycleAtLabelling('2027-04-01', redirect, '2027-03-15');
		expect(ahead).toEqual({ status: 'closing', closingOn: '2027-03-31', redirect });
		expect(lifecycleChangeProblem(active, ahead, '2027-03-15')).toBeNull();
		expect(effectiveStatus(ahead, '2027-04-01')).toBe('closed');
		expect(lifecycleAtLabelling('2027-03-16', redirect, '2027-03-15').status).toBe('closing');
		const past = lifecycleAtLabelling('2027-03-15', redirect, '2027-03-15');
		expect(past).toEqual({ status: 'closed', closingOn: '2027-03-14', redirect });
		expect(lifecycleChangeProblem(active, past, '2027-03-15')).toBeNull();
	});
});
