import { liveQuery } from 'dexie';
import type { Subscription } from './device';

/**
 * A query of the device's database kept current: `set` receives its result now and again
 * whenever a write changes what it read (Dexie's `liveQuery`). Page controllers use it, so that
 * no page depends on Dexie.
 */
export function live<T>(query: () => Promise<T>, set: (value: T) => void): Subscription {
	return liveQuery(query).subscribe(set);
}
