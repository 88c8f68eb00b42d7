import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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
});
