/**
 * The pages that work offline from the device's database: the adviser's day and activity record, the coordinator's
 * calendar, the relay's space. Their shells hold no data (the sync API checks the session), so
 * the server opens them without a session and the service worker keeps them for offline use;
 * they register the service worker themselves, after their first sync (static/register-sw.js
 * lists them too: it is a static file and cannot import this one; a test keeps them equal).
 */
export const OFFLINE_APPS: readonly string[] = [
	'/aujourdhui',
	'/aujourdhui/fiche',
	'/aujourdhui/dossiers',
	'/aujourdhui/diagnostic',
	'/aujourdhui/orientation',
	'/coordination/hors-ligne',
	'/relais',
	'/relais/visites/nouvelle'
];
