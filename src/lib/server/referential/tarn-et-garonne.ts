import type { SiteKind, SiteStatus } from '$lib/domain/site';
import type { RelayKind } from '$lib/domain/relay';
import { TOUR_COLOURS } from '$lib/domain/tour';
import { slugify } from '$lib/domain/text';
import communes from './data/communes-82.json';

/**
 * The referential of the Tarn-et-Garonne itinerant France Services, from the département's
 * deliberation CD20210324_14 of 24 March 2021 (see docs/referential.md for the sources).
 * Addresses the deliberation does not give are placeholders marked `addressToConfirm`:
 * the coordinator corrects them in the app. Seeding never overwrites an edited row.
 */
export interface SiteSeed {
	id: string;
	kind: SiteKind;
	insee: string;
	name: string;
	/** The deliberation's spelling when it differs from the official name. */
	sourceName?: string;
	address: string;
	addressToConfirm: boolean;
	tour: 1 | 2 | 3;
	status: SiteStatus;
	/** The relay organisation (a France Services being labelled) whose opening ends this site. */
	replacedBy?: string;
}

export interface RelaySeed {
	id: string;
	kind: RelayKind;
	insee: string;
	name: string;
	address: string;
	toConfirm: boolean;
}

export interface ReferentialDataset {
	departement: { code: string; name: string };
	communes: typeof communes;
	vehicles: { id: string; name: string }[];
	tours: { id: string; number: 1 | 2 | 3; name: string; colour: string; vehicleId: string }[];
	sites: SiteSeed[];
	operators: { id: string; name: string; shortName: string; description: string }[];
	relayOrganisations: RelaySeed[];
}

const communeByInsee = new Map(communes.map((c) => [c.insee, c]));
function commune(insee: string) {
	const c = communeByInsee.get(insee);
	if (!c) throw new Error(`Unknown commune ${insee}`);
	return c;
}
function townHallAddress(insee: string): string {
	const c = commune(insee);
	return `Mairie, ${c.postcodes[0] ?? ''} ${c.name}`;
}

/** The 21 communes whose mairie or salle communale hosts a permanence, with their tour. */
const TOWN_HALL_SITES: { insee: string; tour: 1 | 2 | 3; sourceName?: string }[] = [
	{ insee: '82117', tour: 3, sourceName: 'Montaigne-de-Quercy' },
	{ insee: '82042', tour: 3 },
	{ insee: '82127', tour: 2 },
	{ insee: '82008', tour: 2 },
	{ insee: '82050', tour: 2 },
	{ insee: '82089', tour: 2 },
	{ insee: '82074', tour: 1 },
	{ insee: '82097', tour: 1, sourceName: 'Lavit-de-Lomagne' },
	{ insee: '82013', tour: 1 },
	{ insee: '82180', tour: 1 },
	{ insee: '82105', tour: 1 },
	{ insee: '82194', tour: 3 },
	{ insee: '82195', tour: 2 },
	{ insee: '82096', tour: 2 },
	{ insee: '82076', tour: 3 },
	{ insee: '82113', tour: 3 },
	{ insee: '82026', tour: 3 },
	{ insee: '82137', tour: 3 },
	{ insee: '82088', tour: 3 },
	{ insee: '82017', tour: 1 },
	{ insee: '82190', tour: 1 }
];

const MONTAUBAN = '82121';

/**
 * The France Services the deliberation announces, whose labelling ends the permanences of their
 * commune (§ III: « seront arrêtées dès que la labellisation … sera effective »): the postal MSAP
 * of Lamagistère, Laguépie, Molières, La Ville-Dieu-du-Temple and Villebrumier, and the projects
 * of Montech and Beaumont-de-Lomagne. With the host when the deliberation names it.
 */
const ANNOUNCED_FRANCE_SERVICES: readonly (readonly [string, string | null])[] = [
	['82089', 'La Poste'],
	['82088', 'La Poste'],
	['82113', 'La Poste'],
	['82096', 'La Poste'],
	['82194', 'La Poste'],
	['82125', null],
	['82013', null]
];
const franceServicesId = (insee: string) => `france-services-${slugify(commune(insee).name)}`;
const announcedIn = new Set(ANNOUNCED_FRANCE_SERVICES.map(([insee]) => insee));

const sites: SiteSeed[] = [
	...TOWN_HALL_SITES.map(({ insee, tour, sourceName }): SiteSeed => {
		const c = commune(insee);
		return {
			id: `mairie-${slugify(c.name)}`,
			kind: 'townHall',
			insee,
			name: `Mairie de ${c.name}`,
			...(sourceName ? { sourceName } : {}),
			address: townHallAddress(insee),
			addressToConfirm: true,
			tour,
			status: 'active'
		};
	}),
	...(
		[
			// Montauban's three MDS are three sites (« les Chênes », « Marcel Unal », « Labat »): each its own
			// name and its own address to confirm, never one shared placeholder.
			{
				id: 'mds-montauban-les-chenes',
				insee: MONTAUBAN,
				label: 'Montauban — Les Chênes',
				place: 'Les Chênes',
				tour: 3
			},
			{
				id: 'mds-montauban-marcel-unal',
				insee: MONTAUBAN,
				label: 'Montauban — Marcel Unal',
				place: 'Marcel Unal',
				tour: 1
			},
			{ id: 'mds-montauban-labat', insee: MONTAUBAN, label: 'Montauban — Labat', place: 'Labat', tour: 2 },
			{ id: 'mds-montech', insee: '82125', label: 'Montech', tour: 1 },
			{ id: 'mds-valence', insee: '82186', label: "Valence d'Agen", tour: 2, sourceName: "Valence d'Agen" }
		] as const
	).map(({ id, insee, label, tour, ...rest }): SiteSeed => ({
		id,
		kind: 'solidarityHouse',
		insee,
		name: `Maison départementale des solidarités ${label}`,
		...('sourceName' in rest ? { sourceName: rest.sourceName } : {}),
		address: `Maison départementale des solidarités${'place' in rest ? ` « ${rest.place} »` : ''}, ${commune(insee).postcodes[0]} ${commune(insee).name}`,
		addressToConfirm: true,
		tour,
		status: 'active'
	})),
	{
		id: 'hotel-du-departement',
		kind: 'departmentHeadquarters',
		insee: MONTAUBAN,
		name: 'Hôtel du Département',
		address: '100 boulevard Hubert Gouze, 82000 Montauban',
		addressToConfirm: true,
		tour: 2,
		status: 'active'
	}
];

/**
 * Partner relays: the mairies of the 24 communes, the 5 MDS, and the France Services the
 * deliberation announces (postal MSAP being labelled, then Montech and Beaumont-de-Lomagne).
 * Other fixed France Services of the département are added by the coordinator.
 */
const relayOrganisations: RelaySeed[] = [
	...[...new Set(sites.map((s) => s.insee))].map((insee): RelaySeed => ({
		id: `mairie-${slugify(commune(insee).name)}`,
		kind: 'townHall',
		insee,
		name: `Mairie de ${commune(insee).name}`,
		address: townHallAddress(insee),
		toConfirm: true
	})),
	...sites
		.filter((s) => s.kind === 'solidarityHouse')
		.map((s): RelaySeed => ({
			id: s.id,
			kind: 'solidarityHouse',
			insee: s.insee,
			name: s.name,
			address: s.address,
			toConfirm: true
		})),
	...ANNOUNCED_FRANCE_SERVICES.map(([insee, host]): RelaySeed => ({
		id: franceServicesId(insee),
		kind: 'franceServices',
		insee,
		name: `France Services de ${commune(insee).name}${host ? ` (${host})` : ''}`,
		address: `${commune(insee).postcodes[0]} ${commune(insee).name}`,
		toConfirm: true
	}))
];

// The sites of a commune with an announced France Services end when it is labelled.
for (const site of sites) {
	if (site.kind !== 'departmentHeadquarters' && announcedIn.has(site.insee)) {
		site.replacedBy = franceServicesId(site.insee);
	}
}

export const TARN_ET_GARONNE: ReferentialDataset = {
	departement: { code: '82', name: 'Tarn-et-Garonne' },
	communes,
	vehicles: [1, 2, 3].map((n) => ({ id: `vehicule-${n}`, name: `Véhicule ${n}` })),
	tours: [
		{
			id: 'tournee-1',
			number: 1,
			name: 'Lomagne et Garonne',
			colour: TOUR_COLOURS[0],
			vehicleId: 'vehicule-1'
		},
		{ id: 'tournee-2', number: 2, name: 'Deux-Rives', colour: TOUR_COLOURS[1], vehicleId: 'vehicule-2' },
		{
			id: 'tournee-3',
			number: 3,
			name: 'Quercy et Aveyron',
			colour: TOUR_COLOURS[2],
			vehicleId: 'vehicule-3'
		}
	],
	sites,
	operators: [
		{
			id: 'caf',
			shortName: 'CAF',
			name: "Caisse d'allocations familiales",
			description: 'Allocations familiales, aides au logement, RSA, prime d’activité.'
		},
		{
			id: 'assurance-maladie',
			shortName: 'Assurance maladie',
			name: 'Assurance maladie (CPAM)',
			description: 'Carte Vitale, remboursements, complémentaire santé solidaire, arrêts de travail.'
		},
		{
			id: 'dgfip',
			shortName: 'Impôts',
			name: 'Direction générale des finances publiques',
			description: 'Déclaration de revenus, impôts locaux, prélèvement à la source, paiement en ligne.'
		},
		{
			id: 'justice',
			shortName: 'Justice',
			name: 'Ministère de la Justice',
			description: 'Accès au droit, aide juridictionnelle, casier judiciaire, démarches auprès des tribunaux.'
		},
		{
			id: 'la-poste',
			shortName: 'La Poste',
			name: 'La Poste',
			description: 'Identité numérique La Poste, services postaux et bancaires de base.'
		},
		{
			id: 'msa',
			shortName: 'MSA',
			name: 'Mutualité sociale agricole',
			description: 'Protection sociale des exploitants et salariés agricoles : santé, famille, retraite.'
		},
		{
			id: 'france-travail',
			shortName: 'France Travail',
			name: 'France Travail (anciennement Pôle emploi)',
			description: 'Inscription, actualisation, indemnisation, recherche d’emploi.'
		},
		{
			id: 'interieur',
			shortName: 'Préfecture (ANTS)',
			name: "Ministère de l'Intérieur",
			description: 'Carte d’identité, passeport, permis de conduire, carte grise (ANTS).'
		},
		{
			id: 'assurance-retraite',
			shortName: 'Assurance retraite',
			name: 'Assurance retraite (CARSAT)',
			description: 'Relevé de carrière, demande de retraite, pension de réversion.'
		}
	],
	relayOrganisations
};
