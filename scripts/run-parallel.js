// Runs npm scripts side by side (the type check and the lint use one core each) and fails if
// any fails. Each script's output is printed whole when it ends, so the two do not interleave.
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
const results = await Promise.all(
	scripts.map(
		(name) =>
			new Promise((resolve) => {
				const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
				let output = '';
				child.stdout.on('data', (d) => (output += d));
				child.stderr.on('data', (d) => (output += d));
				child.on('close', (code) => {
					process.stdout.write(`\n── npm run ${name} (exit ${code}) ──\n${output}`);
					resolve(code ?? 1);
				});
			})
	)
);
process.exit(results.some((code) => code !== 0) ? 1 : 0);
