/**
 * Regenerates src/lib/server/referential/data/communes-82.json from two open sources:
 * - names, INSEE codes, postcodes and population: the code officiel géographique as packaged by
 *   `@etalab/decoupage-administratif` (MIT code, data Licence Ouverte);
 * - centre points: area-weighted centroids of the IGN Admin Express outlines in static/geo.
 * Run with `npm run referential:generate`; a unit test checks that the committed file is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCommunes } from './referential-sources';

const target = fileURLToPath(new URL('../src/lib/server/referential/data/communes-82.json', import.meta.url));
const geojson = JSON.parse(
	readFileSync(new URL('../static/geo/communes-82-tarn-et-garonne.geojson', import.meta.url), 'utf8')
);
const cog = JSON.parse(
	readFileSync(
		fileURLToPath(import.meta.resolve('@etalab/decoupage-administratif/data/communes.json')),
		'utf8'
	)
);
const communes = buildCommunes(cog, geojson, '82');
writeFileSync(target, JSON.stringify(communes, null, '\t') + '\n');
console.log(`${communes.length} communes written to ${target}`);
