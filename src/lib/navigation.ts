import { homePathFor, type Role } from '$lib/domain/roles';

export interface NavLink {
	href: string;
	label: string;
}

/** A group of the coordinator's pages: one entry in the main menu, its pages in a second row. */
export interface NavSection extends NavLink {
	pages: NavLink[];
}

/**
 * The coordinator's pages, grouped by what the coordinator is doing: planning the tours, the home
 * visits, the people (advisers, relays, organisations' correspondents), the data. Each group's
 * entry opens its first page. Every folder under `src/routes/coordination` belongs to one group
 * (a unit test checks it).
 */
export const COORDINATION_SECTIONS: readonly NavSection[] = [
	{
		href: '/coordination/calendrier',
		label: 'Planning',
		pages: [
			{ href: '/coordination/calendrier', label: 'Calendrier' },
			{ href: '/coordination/hors-ligne', label: 'Calendrier hors ligne' },
			{ href: '/coordination/absences', label: 'Absences' },
			{ href: '/coordination/tournees', label: 'Tournées' },
			{ href: '/coordination/lieux', label: 'Lieux' },
			{ href: '/coordination/carte', label: 'Carte' },
			{ href: '/coordination/regles', label: 'Règles' }
		]
	},
	{
		href: '/coordination/visites',
		label: 'Visites',
		pages: [{ href: '/coordination/visites', label: 'Visites à domicile' }]
	},
	{
		href: '/coordination/equipe',
		label: 'Personnes',
		pages: [
			{ href: '/coordination/equipe', label: 'Équipe' },
			{ href: '/coordination/relais', label: 'Relais' },
			{ href: '/coordination/correspondants', label: 'Correspondants' },
			{ href: '/coordination/secteurs', label: 'Secteurs des MDS' }
		]
	},
	{
		href: '/coordination/indicateurs',
		label: 'Données',
		pages: [
			{ href: '/coordination/indicateurs', label: 'Indicateurs' },
			{ href: '/coordination/lieux-mediation', label: 'Lieux de médiation' },
			{ href: '/coordination/import', label: "Import d'un appareil" }
		]
	}
];

/** Whether `pathname` is the page `href` or one of its sub-pages. */
function within(pathname: string, href: string): boolean {
	return pathname === href || pathname.startsWith(`${href}/`);
}

/** The group of the coordinator's pages that `pathname` belongs to, if any. */
export function sectionOf(pathname: string): NavSection | null {
	return COORDINATION_SECTIONS.find((s) => s.pages.some((p) => within(pathname, p.href))) ?? null;
}

/** The main menu for a signed-in user (or a visitor). */
export function mainLinks(role: Role | null): NavLink[] {
	const links: NavLink[] = [{ href: '/', label: 'Permanences' }];
	if (role === null) return [...links, { href: '/connexion', label: 'Connexion' }];
	if (role === 'coordinator') {
		links.push(
			{ href: '/coordination', label: 'À traiter' },
			...COORDINATION_SECTIONS.map(({ href, label }) => ({ href, label }))
		);
	} else {
		links.push({ href: homePathFor(role), label: role === 'adviser' ? "Aujourd'hui" : 'Mon espace' });
	}
	return [...links, { href: '/compte', label: 'Mon compte' }];
}

/**
 * How a main-menu link relates to the page shown: `page` when it is that page, `true` when the
 * page is in the link's group (its sub-menu then shows where), nothing otherwise.
 */
export function currentState(link: NavLink, pathname: string): 'page' | 'true' | undefined {
	if (pathname === link.href) return 'page';
	const section = COORDINATION_SECTIONS.find((s) => s.href === link.href);
	return section && sectionOf(pathname) === section ? 'true' : undefined;
}

/** How a sub-menu link relates to the page shown (a site's own page is under « Lieux »). */
export function subCurrentState(link: NavLink, pathname: string): 'page' | 'true' | undefined {
	if (pathname === link.href) return 'page';
	return within(pathname, link.href) ? 'true' : undefined;
}
