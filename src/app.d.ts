import type { SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			/** The cookie names a session closed on purpose (lost device, « se déconnecter partout »). */
			sessionRevoked: boolean;
		}
	}
}

export {};
