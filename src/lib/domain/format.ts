/**
 * A count and its noun in French: « 1 lieu », « 3 lieux », « 0 date ». French counts zero and one
 * as singular; the plural is the noun with an « s » unless given.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n > 1 ? many : one}`;
}
