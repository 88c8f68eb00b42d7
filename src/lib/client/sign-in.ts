import { LocalDatabase } from './db/local-db';
import { deviceLock } from './device-lock.svelte';
import { deviceUser } from './device-user';

/**
 * Right after a sign-in, with the password the server just accepted: remembers who uses the
 * device and puts their data key in memory (set up the first time, recovered after a password
 * change, `DeviceLock.establish`). A failure here only means the offline pages will ask for the
 * password once.
 */
export async function openDataKeyAfterSignIn(password: string): Promise<void> {
	const { user } = await deviceUser();
	if (!user) return;
	const db = new LocalDatabase(`tfs-${user.id}`);
	try {
		await deviceLock.establish(user.id, db, password);
	} finally {
		db.close();
	}
}
