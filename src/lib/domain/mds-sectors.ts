import { normaliseForSearch } from './text';

/**
 * The sectors of the maisons départementales des solidarités (MDS): each commune of the
 * département belongs to the sector of one MDS, where its inhabitants are received for social
 * support. The département keeps that table; the coordination imports it as a CSV file, one line
 * per commune (`code_insee`, `mds`), and the file is the whole table.
 */
export interface SectorLine {
	/** The line of the file (the header is line 1). */
	line: number;
	insee: string;
	/** The MDS, by its id or its name as the application knows it; empty: no sector. */
	mds: string;
}

export interface SectorProblem {
	line: number;
	message: string;
}

export interface KnownMds {
	id: string;
	name: string;
}

/**
 * Checks every line of a sector table against the communes of the département and its MDS:
 * unknown commune, commune twice, unknown MDS — each problem with its line, in French. The whole
 * table or nothing: any problem refuses the file.
 */
export function checkSectorTable(
	lines: readonly SectorLine[],
	communes: ReadonlyMap<string, string>,
	mds: readonly KnownMds[]
): { ok: true; sectors: Map<string, string> } | { ok: false; problems: SectorProblem[] } {
	const byKey = new Map<string, string>();
	for (const m of mds) {
		byKey.set(m.id, m.id);
		byKey.set(normaliseForSearch(m.name), m.id);
	}
	const problems: SectorProblem[] = [];
	const sectors = new Map<string, string>();
	const seenOn = new Map<string, number>();
	for (const l of lines) {
		const insee = l.insee.trim();
		const wanted = l.mds.trim();
		if (!/^\d[\dAB]\d{3}$/.test(insee)) {
			problems.push({ line: l.line, message: `code INSEE « ${insee} » invalide (5 caractères, ex. 82121).` });
			continue;
		}
		if (!communes.has(insee)) {
			problems.push({ line: l.line, message: `la commune ${insee} n’est pas une commune du département.` });
			continue;
		}
		const first = seenOn.get(insee);
		if (first !== undefined) {
			problems.push({
				line: l.line,
				message: `${communes.get(insee)} (${insee}) figure déjà ligne ${first} : une commune appartient à un seul secteur.`
			});
			continue;
		}
		seenOn.set(insee, l.line);
		// An empty MDS: the commune is in no sector (as the exported table writes it).
		if (wanted === '') continue;
		const id = byKey.get(wanted) ?? byKey.get(normaliseForSearch(wanted));
		if (!id) {
			problems.push({
				line: l.line,
				message: `MDS « ${wanted} » inconnue (attendu : l’identifiant ou le nom d’une maison départementale des solidarités).`
			});
			continue;
		}
		sectors.set(insee, id);
	}
	if (lines.length === 0) problems.push({ line: 1, message: 'le fichier ne contient aucune commune.' });
	return problems.length > 0 ? { ok: false, problems } : { ok: true, sectors };
}

/** The MDS of a commune's sector as a device reads it from its synced communes and relay organisations. */
export interface SectorMdsOnDevice {
	name: string;
	address: string;
	phone: string | null;
}

/**
 * The MDS of the sector of `insee`, from a device's rows (the commune's `mdsId`, the relay
 * organisation it names), or null when the commune has no sector or the MDS is unknown or closed.
 */
export function sectorMdsFrom(
	insee: string | null | undefined,
	communes: readonly Readonly<Record<string, unknown>>[],
	relays: readonly Readonly<Record<string, unknown>>[]
): SectorMdsOnDevice | null {
	if (!insee) return null;
	const mdsId = communes.find((c) => c.insee === insee)?.mdsId;
	if (typeof mdsId !== 'string') return null;
	const mds = relays.find((r) => r.id === mdsId && r.active !== false);
	if (!mds) return null;
	return {
		name: String(mds.name),
		address: String(mds.address),
		phone: typeof mds.phone === 'string' && mds.phone !== '' ? mds.phone : null
	};
}
