export const RELAY_KINDS = [
	'townHall',
	'solidarityHouse',
	'franceServices',
	'socialCentre',
	'other'
] as const;
export type RelayKind = (typeof RELAY_KINDS)[number];

export const RELAY_KIND_LABELS: Record<RelayKind, string> = {
	townHall: 'Secrétariat de mairie',
	solidarityHouse: 'Maison départementale des solidarités',
	franceServices: 'France Services fixe',
	socialCentre: 'Centre social ou CCAS',
	other: 'Autre structure'
};
