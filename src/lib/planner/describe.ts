import { WEEKDAY_LABELS } from '$lib/domain/site';
import { PERIOD_LABELS } from './calendar';
import type { Pattern } from './types';

/** "1er et 3e mardis du mois, matin" — how citizens remember a permanence. */
export function describePattern(pattern: Pick<Pattern, 'weekday' | 'period' | 'weeks'>): string {
	const weeks = pattern.weeks === 'odd' ? '1er et 3e' : '2e et 4e';
	return `${weeks} ${WEEKDAY_LABELS[pattern.weekday]}s du mois, ${PERIOD_LABELS[pattern.period]}`;
}
