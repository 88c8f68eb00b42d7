// Lets the scripts run by tsx (benchmarks, admin:create) import a file with Vite's `?raw` suffix,
// as the app's modules do: its text as the default export, as Vite gives it in the build.
// Used as `tsx --import ./scripts/node/raw-import.js script.ts`.
import { register } from 'node:module';

register('./raw-import-hooks.js', import.meta.url);
