// @socialgouv/jours-feries ships CommonJS without types: a function of the year returning
// local-midnight Dates keyed by French names. Used by holidays.test.ts as an oracle.
declare module '@socialgouv/jours-feries' {
	export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
