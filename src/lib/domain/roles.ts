export const ROLES = ['coordinator', 'adviser', 'relay', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	coordinator: 'Coordination',
	adviser: 'Conseiller ou conseillère',
	relay: 'Structure relais',
	admin: 'Administration'
};

export const ADVISER_KINDS = ['franceServicesAgent', 'digitalAdviser'] as const;
export type AdviserKind = (typeof ADVISER_KINDS)[number];

export const ADVISER_KIND_LABELS: Record<AdviserKind, string> = {
	franceServicesAgent: 'Agent France Services',
	digitalAdviser: 'Conseiller numérique'
};

/** Staff are the département's own people; relays belong to partner organisations. */
export function isStaff(role: Role): boolean {
	return role === 'coordinator' || role === 'adviser' || role === 'admin';
}

/** The page a user lands on after signing in. */
export function homePathFor(role: Role): string {
	switch (role) {
		case 'coordinator':
			return '/coordination';
		case 'adviser':
			return '/aujourdhui';
		case 'relay':
			return '/relais';
		case 'admin':
			return '/admin';
	}
}
