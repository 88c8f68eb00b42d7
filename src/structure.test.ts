import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? filesUnder(join(dir, e.name), suffix)
			: e.name.endsWith(suffix)
				? [join(dir, e.name)]
				: []
	);
}

/**
 * The layers of src/lib and what each may import, as the README's architecture drawing shows.
 * `navigation.ts` and `offline-apps.ts` (directly under src/lib: menus and the list of offline
 * apps) import only the domain; the pages, the server and the device (which clears the offline
 * apps' cached data at sign-out) may import them.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
	domain: [],
	contracts: ['domain'],
	sync: ['contracts', 'domain'],
	planner: ['contracts', 'domain'],
	forms: ['domain'],
	client: ['sync', 'contracts', 'domain', 'offline-apps'],
	components: ['client', 'sync', 'contracts', 'domain', 'forms', 'navigation', 'offline-apps'],
	server: ['planner', 'sync', 'forms', 'contracts', 'domain', 'navigation', 'offline-apps'],
	navigation: ['domain'],
	'offline-apps': ['domain']
};

/** The layer of a file under src/lib (`server` for src/lib/server/…, `navigation` for src/lib/navigation.ts). */
function layerOf(file: string): string | null {
	const rel = relative(join('src', 'lib'), file);
	if (rel.startsWith('..')) return null;
	const first = rel.split(/[\\/]/)[0] ?? '';
	return first.replace(/\.ts$/, '');
}

/** The files under src/lib a module imports (value and type imports, `$lib/…` and relative). */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:from|import)\s+['"]([^'"]+)['"]/g)].flatMap(([, spec = '']) => {
		if (spec.startsWith('$lib/')) return [join('src', 'lib', spec.slice(5))];
		if (spec.startsWith('.')) return [normalize(join(dirname(file), spec))];
		return [];
	});
}

/**
 * The shape the code keeps (issue 19): pages are markup over controllers, small enough to read;
 * routes call a service or a view, never the database; the server's modules have distinct names.
 * The lint forbids Dexie and clocks in pages; this checks what the lint cannot see.
 */
describe('structure', () => {
	it('has no Svelte file over 300 lines', () => {
		const long = filesUnder('src', '.svelte')
			.map((f) => [f, readFileSync(f, 'utf8').split('\n').length] as const)
			.filter(([, lines]) => lines > 300);
		expect(long).toEqual([]);
	});

	it('reaches Dexie only from lib/client', () => {
		const outside = [...filesUnder('src', '.ts'), ...filesUnder('src', '.svelte')].filter(
			(f) =>
				!f.startsWith(join('src', 'lib', 'client')) && /from ['"]dexie['"/]/.test(readFileSync(f, 'utf8'))
		);
		expect(outside).toEqual([]);
	});

	it('runs no database query under src/routes: routes call a service or a view', () => {
		const querying = filesUnder(join('src', 'routes'), '.ts').filter((f) =>
			/from ['"]kysely['"]|\.(selectFrom|insertInto|updateTable|deleteFrom)\(/.test(readFileSync(f, 'utf8'))
		);
		expect(querying).toEqual([]);
	});

	it('gives each module of lib/server its own name (tests and index files aside)', () => {
		const modules = filesUnder(join('src', 'lib', 'server'), '.ts').filter(
			(f) => !f.endsWith('.test.ts') && basename(f) !== 'index.ts' && !f.includes(join('db', 'migrations'))
		);
		const shared = modules.filter((f) => modules.some((g) => g !== f && basename(g) === basename(f)));
		expect(shared).toEqual([]);
	});

	it('keeps each layer of src/lib to the imports the architecture drawing allows', () => {
		const sources = [
			...filesUnder(join('src', 'lib'), '.ts'),
			...filesUnder(join('src', 'lib'), '.svelte')
		].filter(
			(f) =>
				!/\.test\.ts$|\.fixtures\.ts$|test-device\.ts$/.test(f) &&
				f !== join('src', 'lib', 'planner', 'fixtures.ts')
		);
		const unknown = sources.map(layerOf).filter((l): l is string => l !== null && !(l in MAY_IMPORT));
		expect(unknown).toEqual([]);
		const outOfBounds = sources.flatMap((f) => {
			const from = layerOf(f) as string;
			return importsOf(f)
				.map((target) => layerOf(target))
				.filter((to): to is string => to !== null && to !== from && !(MAY_IMPORT[from] ?? []).includes(to))
				.map((to) => `${f} → ${to}`);
		});
		expect(outOfBounds).toEqual([]);
	});

	it('keeps the docs readable in a terminal: no Markdown line over 200 characters, tables included', () => {
		const docs = ['README.md', ...filesUnder('docs', '.md'), ...filesUnder(join('src', 'lib'), 'README.md')];
		const long = docs.flatMap((f) =>
			readFileSync(f, 'utf8')
				.split('\n')
				.flatMap((line, k) => (line.length > 200 ? [`${f}:${k + 1} (${line.length})`] : []))
		);
		expect(long).toEqual([]);
	});
});
