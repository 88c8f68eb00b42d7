import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** What the pure core (domain, planner, sync) must never import: framework, browser storage, network. */
const PURE_CORE_FORBIDDEN = [
	{
		group: ['svelte', 'svelte/*', '@sveltejs/*', '$app/*', '$env/*'],
		message: 'The pure core imports no framework.'
	},
	{
		group: ['dexie', 'dexie/*', 'idb-keyval', 'workbox-*'],
		message: 'The pure core imports no browser storage.'
	},
	{
		group: [
			'$lib/server/*',
			'$lib/client/*',
			'$lib/state/*',
			'$lib/components/*',
			'node:*',
			'pg',
			'better-sqlite3',
			'kysely'
		],
		message: 'The pure core imports no adapter: pass ports in.'
	}
];

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// The app is served at the root (no paths.base): plain hrefs are correct.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['src/**/*.ts', 'tests/**/*.ts'],
		ignores: ['**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true } }
	},
	{
		// Promise safety everywhere, pages and their controllers included: a promise is awaited,
		// or explicitly let go with `void`.
		files: ['src/**/*.ts', 'tests/**/*.ts', 'src/**/*.svelte'],
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error'
		}
	},
	{
		// Pages and components are markup over controllers: the device's database is reached through
		// lib/client, and the time through a clock passed in (lib/client/clock.ts).
		files: ['src/routes/**/*.svelte', 'src/routes/**/*.svelte.ts', 'src/lib/components/**/*.svelte'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['dexie', 'dexie/*'], message: 'Read the device through lib/client.' }] }
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
					message: 'Take the time from a clock passed in (lib/client/clock.ts).'
				},
				{
					selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
					message: 'Take the time from a clock passed in (lib/client/clock.ts).'
				}
			]
		}
	},
	{
		files: ['src/lib/domain/**/*.ts', 'src/lib/planner/**/*.ts', 'src/lib/sync/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: PURE_CORE_FORBIDDEN }],
			'no-restricted-globals': [
				'error',
				{ name: 'fetch', message: 'The pure core does no I/O.' },
				{ name: 'window', message: 'The pure core runs without a DOM.' },
				{ name: 'document', message: 'The pure core runs without a DOM.' },
				{ name: 'localStorage', message: 'The pure core runs without a DOM.' },
				{ name: 'indexedDB', message: 'The pure core runs without a DOM.' }
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
					message: 'Pass the time in: no Date.now() in the pure core.'
				},
				{
					selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
					message: 'Pass the time in: no new Date() in the pure core.'
				},
				{
					selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
					message: 'Pass a seeded generator in: no Math.random() in the pure core.'
				}
			]
		}
	},
	{
		// No import cycle under src/lib: a module's dependencies must be loadable before it (the rule
		// follows value imports; madge, run by hand, also sees type-only ones).
		files: ['src/lib/**/*.ts'],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
			// The modules it follows are TypeScript: parse them as such to see their imports.
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
			'import-x/extensions': ['.ts', '.js']
		},
		rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
	}
);
