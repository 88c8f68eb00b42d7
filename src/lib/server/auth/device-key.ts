import { createHmac } from 'node:crypto';

/**
 * The server's share of a device's data key (issue 20). A device keeps its data key wrapped twice:
 * by the user's password (to unlock offline) and by this secret, which the server derives for the
 * user and gives only to whoever proves the password online (`POST /api/device-key`). After a
 * password change or reset, the device unwraps its key with it and wraps it under the new
 * password: the personal data and the pending changes it holds stay readable. The server holds
 * all of that data in clear anyway; the share adds nothing to what it can read.
 */
export function deviceKeyShare(secret: string, userId: string): string {
	return createHmac('sha256', secret).update(`tfs-device-data-key:v1:${userId}`).digest('base64');
}
