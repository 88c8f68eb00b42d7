// Starts the built app in demo mode on the embedded SQLite database: the Tarn-et-Garonne
// referential and the demo accounts are seeded at start and the accounts are printed.
process.env.DEMO ??= 'true';
// A few months of past permanences and activity records, for the coordinator's indicators.
process.env.DEMO_HISTORY ??= 'true';
process.env.DATABASE_PATH ??= 'data/demo.sqlite';
process.env.PORT ??= '3000';
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// A computed specifier: the type checker does not follow it into the generated bundle.
await import(new URL('../build/index.js', import.meta.url).href);

export {};
