import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COORDINATION_SECTIONS, currentState, mainLinks, sectionOf, subCurrentState } from './navigation';

describe('navigation', () => {
	it('puts every page of the coordination in one group', () => {
		const folders = readdirSync('src/routes/coordination', { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => `/coordination/${entry.name}`);
		const grouped = COORDINATION_SECTIONS.flatMap((s) => s.pages.map((p) => p.href));
		expect([...grouped].sort()).toEqual([...folders].sort());
		expect(new Set(grouped).size).toBe(grouped.length);
	});

	it('gives the coordinator a short main menu: what to handle, then the four groups', () => {
		expect(mainLinks('coordinator').map((l) => l.label)).toEqual([
			'Permanences',
			'À traiter',
			'Planning',
			'Visites',
			'Personnes',
			'Données',
			'Mon compte'
		]);
		expect(mainLinks('adviser').map((l) => l.href)).toEqual(['/', '/aujourdhui', '/compte']);
		expect(mainLinks('relay').map((l) => l.href)).toEqual(['/', '/relais', '/compte']);
		expect(mainLinks(null).map((l) => l.href)).toEqual(['/', '/connexion']);
	});

	it('marks the group of the page shown, sub-pages included', () => {
		const planning = mainLinks('coordinator').find((l) => l.label === 'Planning')!;
		const data = mainLinks('coordinator').find((l) => l.label === 'Données')!;
		expect(currentState(planning, '/coordination/calendrier')).toBe('page');
		expect(currentState(planning, '/coordination/lieux/mairie-lavit')).toBe('true');
		expect(currentState(data, '/coordination/lieux-mediation')).toBe('true');
		expect(currentState(planning, '/coordination/lieux-mediation')).toBeUndefined();
		expect(sectionOf('/coordination')).toBeNull();
		expect(sectionOf('/aujourdhui')).toBeNull();
		const lieux = { href: '/coordination/lieux', label: 'Lieux' };
		expect(subCurrentState(lieux, '/coordination/lieux')).toBe('page');
		expect(subCurrentState(lieux, '/coordination/lieux/mairie-lavit')).toBe('true');
		expect(subCurrentState(lieux, '/coordination/lieux-mediation')).toBeUndefined();
	});
});
