import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OFFLINE_APPS } from '$lib/offline-apps';
import { areaRolesFor, isOfflineShell } from './guards';

describe('staff areas', () => {
	it('maps every staff path to the roles that may open it', () => {
		expect(areaRolesFor('/coordination')).toEqual(['coordinator']);
		expect(areaRolesFor('/coordination/lieux/mairie-lavit')).toEqual(['coordinator']);
		expect(areaRolesFor('/aujourdhui')).toEqual(['adviser']);
		expect(areaRolesFor('/relais')).toEqual(['relay']);
		expect(areaRolesFor('/admin')).toEqual(['admin']);
		expect(areaRolesFor('/compte')).toHaveLength(4);
	});
	it('leaves public paths and look-alike prefixes alone', () => {
		expect(areaRolesFor('/')).toBeNull();
		expect(areaRolesFor('/communes/82097')).toBeNull();
		expect(areaRolesFor('/coordinationx')).toBeNull();
		expect(areaRolesFor('/administration-publique')).toBeNull();
	});
	it('lets only the offline app shell open without a session', () => {
		expect(isOfflineShell('/aujourdhui')).toBe(true);
		expect(isOfflineShell('/aujourdhui/__data.json')).toBe(true);
		expect(isOfflineShell('/coordination/hors-ligne')).toBe(true);
		expect(isOfflineShell('/coordination/hors-ligne/__data.json')).toBe(true);
		expect(isOfflineShell('/coordination/calendrier')).toBe(false);
		expect(isOfflineShell('/coordination')).toBe(false);
		expect(isOfflineShell('/aujourdhuix')).toBe(false);
	});
});

describe('offline apps', () => {
	it('static/register-sw.js leaves every offline app to register the worker itself', () => {
		const script = readFileSync('static/register-sw.js', 'utf8');
		const listed = JSON.parse((/\[[^\]]*\]/.exec(script)?.[0] ?? '[]').replaceAll("'", '"')) as string[];
		expect(listed).toEqual([...OFFLINE_APPS]);
	});
});
