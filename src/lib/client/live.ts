import { liveQuery } from 'dexie';
import type { Subscription } from './device';

/**
 * A query of the device's database kept current: `set` receives its result now and again
 * whenever a write changes what it read (Dexie's `liveQuery`), its sealed rows opened by the
 * device's store. Page controllers use it, so that no page depends on Dexie.
 */
export function live<T>(
	store: { opened<V>(value: V): Promise<V> },
	query: () => Promise<T>,
	set: (value: T) => void
): Subscription {
	// The rows come sealed (issue 20): they are opened outside the query, which may only wait on
	// IndexedDB; a later answer that opens faster is never overwritten by an earlier one.
	let latest = 0;
	return liveQuery(query).subscribe((value) => {
		const mine = ++latest;
		void store.opened(value).then((opened) => {
			if (mine === latest) set(opened);
		});
	});
}
