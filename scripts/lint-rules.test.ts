import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The pure core's boundaries hold because ESLint says them: check that it does. */
const eslint = new ESLint({
	overrideConfig: {
		// Type-aware rules need files on disk; these checks are syntactic.
		languageOptions: { parserOptions: { projectService: false } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'off',
			'@typescript-eslint/no-misused-promises': 'off',
			'@typescript-eslint/await-thenable': 'off'
		}
	}
});

async function ruleIds(code: string, filePath: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('pure core lint rules', () => {
	it.each(['src/lib/domain/x.ts', 'src/lib/planner/x.ts', 'src/lib/sync/x.ts'])(
		'%s may not import the framework, storage or server code',
		async (file) => {
			for (const spec of ['svelte', '$app/environment', 'dexie', '$lib/server/db', 'node:fs', 'kysely']) {
				expect(await ruleIds(`import '${spec}';\n`, file)).toContain('no-restricted-imports');
			}
		},
		// The first call loads ESLint's whole configuration: seconds on a busy two-core machine.
		30_000
	);
	it('forbids reading the clock, randomness and the network in the core', async () => {
		const ids = await ruleIds(
			'export const a = Date.now();\nexport const b = new Date();\nexport const c = Math.random();\nexport const d = fetch;\n',
			'src/lib/planner/x.ts'
		);
		expect(ids.filter((id) => id === 'no-restricted-syntax')).toHaveLength(3);
		expect(ids).toContain('no-restricted-globals');
	});
	it('lets the core use pure libraries and take time as a parameter', async () => {
		const ids = await ruleIds(
			"import { format } from 'date-fns';\nexport const f = (now: Date) => format(new Date(now.getTime()), 'yyyy');\n",
			'src/lib/domain/x.ts'
		);
		expect(ids).toEqual([]);
	});
	it('does not restrict the server', async () => {
		expect(await ruleIds("import 'kysely';\nexport const a = Date.now();\n", 'src/lib/server/x.ts')).toEqual(
			[]
		);
	});
});
