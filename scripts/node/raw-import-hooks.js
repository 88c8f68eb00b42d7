// Node module hooks (see raw-import.js): `import text from './file.csv?raw'` gives the file's text.
import { readFile } from 'node:fs/promises';

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
	const parsed = new URL(url);
	if (parsed.protocol === 'file:' && parsed.search === '?raw') {
		parsed.search = '';
		const text = await readFile(parsed, 'utf8');
		return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
	}
	return nextLoad(url, context);
}
