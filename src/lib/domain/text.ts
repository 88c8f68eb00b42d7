/**
 * Search-friendly form of a French place name: lower case, no accents, and hyphens,
 * apostrophes and repeated spaces folded to one space, so that "ville dieu",
 * "Ville-Dieu" and "VILLE–DIEU" all match "La Ville-Dieu-du-Temple".
 */
export function normaliseForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.replace(/[\s\-‐‑‒–—'’`´.,;:/()]+/g, ' ')
		.trim();
}

/** Whether every word of the query starts a word of the name, or the query is inside it. */
export function matchesPlaceName(name: string, query: string): boolean {
	const n = normaliseForSearch(name);
	const q = normaliseForSearch(query);
	if (q === '') return false;
	if (n.includes(q)) return true;
	const words = n.split(' ');
	return q.split(' ').every((part) => words.some((w) => w.startsWith(part)));
}

/** A URL- and id-safe form of a name: "Valence d'Agen" → "valence-d-agen". */
export function slugify(text: string, maxLength = 60): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, maxLength)
		.replace(/-$/, '');
}
