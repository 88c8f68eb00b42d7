import type { SessionUser } from '../auth/session';
import { siteScope } from '../services/referential';

/**
 * What a user's devices hold; sites follow the same rule as the API's reads (`siteScope`).
 * The key changes whenever the scope does (an adviser moved to another tour): a cursor made
 * for another scope key triggers a full resync.
 */
export interface SyncScope {
	key: string;
	/** Tombstone scopes that concern this user. */
	tombstoneScopes: string[];
	sites: { tourId?: string } | null;
	relayOrganisations: { id?: string } | null;
	/** Published permanences: all of them, or one tour's. */
	permanences: { tourId?: string } | null;
	/** Home visits with the person's contact: only a tour's advisers hold them, for their agenda. */
	homeVisits: { tourId: string } | null;
	/** A relay's own requests, without the person's data: what it sent and what became of it. */
	relayRequests: { relayOrganisationId: string } | null;
	/** An adviser's own activity records (anonymous; the coordinator's indicators are computed on the server). */
	activityRecords: { adviserId: string } | null;
	/** Operators' correspondents (professional contacts), for level-2 handovers and their follow-up. */
	correspondents: boolean;
	/** An adviser's own level-2 cases, with the contact kept to call the person back while open. */
	level2Cases: { adviserId: string } | null;
	/** An adviser's own diagnostics (follow-up code, no name): to show a person's progress next time. */
	diagnostics: { adviserId: string } | null;
	/** The referral directory (digital-mediation places, social structures): advisers orient people with it. */
	mediationPlaces: boolean;
	/** The département's rules (spacing, level-2 delay, crew wish): staff devices apply them offline. */
	localRules: boolean;
}

export function syncScopeOf(user: SessionUser): SyncScope {
	switch (user.role) {
		case 'coordinator':
		case 'admin':
			return {
				key: 'all',
				tombstoneScopes: ['all'],
				sites: siteScope(user),
				relayOrganisations: {},
				permanences: {},
				homeVisits: null,
				relayRequests: null,
				activityRecords: null,
				correspondents: true,
				level2Cases: null,
				diagnostics: null,
				mediationPlaces: true,
				localRules: true
			};
		case 'adviser': {
			const tour = user.tourId ?? '-';
			return {
				key: `tour:${tour}`,
				tombstoneScopes: ['all', `tour:${tour}`],
				sites: siteScope(user),
				relayOrganisations: {},
				permanences: { tourId: tour },
				homeVisits: { tourId: tour },
				relayRequests: null,
				activityRecords: { adviserId: user.id },
				correspondents: true,
				level2Cases: { adviserId: user.id },
				diagnostics: { adviserId: user.id },
				mediationPlaces: true,
				localRules: true
			};
		}
		case 'relay': {
			const org = user.relayOrganisationId ?? '-';
			return {
				key: `relay:${org}`,
				tombstoneScopes: ['all', `relay:${org}`],
				sites: siteScope(user),
				relayOrganisations: { id: org },
				permanences: null,
				homeVisits: null,
				relayRequests: { relayOrganisationId: org },
				activityRecords: null,
				correspondents: false,
				level2Cases: null,
				diagnostics: null,
				mediationPlaces: false,
				localRules: false
			};
		}
	}
}
