import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'tfs-raw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the ?raw import of the scripts run outside Vite', () => {
	it('gives a file’s text as its default export, as Vite does', () => {
		writeFileSync(join(dir, 'lieux.csv'), 'id;nom\n1;« Mairie », Dunes\n');
		writeFileSync(
			join(dir, 'main.mjs'),
			"import text from './lieux.csv?raw';\nconsole.log(JSON.stringify(text));\n"
		);
		const out = execFileSync(
			process.execPath,
			['--import', './scripts/node/raw-import.js', join(dir, 'main.mjs')],
			{
				encoding: 'utf8'
			}
		);
		expect(JSON.parse(out)).toBe('id;nom\n1;« Mairie », Dunes\n');
	});

	it('leaves other imports to Node: a .csv without ?raw is still refused', () => {
		writeFileSync(join(dir, 'plain.mjs'), "import text from './lieux.csv';\nconsole.log(text);\n");
		expect(() =>
			execFileSync(process.execPath, ['--import', './scripts/node/raw-import.js', join(dir, 'plain.mjs')], {
				encoding: 'utf8',
				stdio: 'pipe'
			})
		).toThrow(/ERR_UNKNOWN_FILE_EXTENSION/);
	});
});
