// Registers the service worker on every page, including those rendered without framework JavaScript.
// The offline apps register it themselves (UpdatePrompt), after their first sync on a first visit.
// On the staff's pages, once per tab after a sign-in, it asks the worker to store the offline apps
// with this session (and who uses the device), so that they open offline whichever page came first.
(function () {
	if (!('serviceWorker' in navigator)) return;
	var path = location.pathname;
	var STORED_KEY = 'tfs-offline-apps-stored';
	var STAFF = /^\/(coordination|admin|compte)(\/|$)/;
	try {
		if (path === '/connexion' || path === '/deconnexion') sessionStorage.removeItem(STORED_KEY);
	} catch {
		// storage refused: the worker stores the apps at install only
	}
	if (
		[
			'/aujourdhui',
			'/aujourdhui/fiche',
			'/aujourdhui/dossiers',
			'/aujourdhui/diagnostic',
			'/aujourdhui/orientation',
			'/coordination/hors-ligne',
			'/relais',
			'/relais/visites/nouvelle'
		].indexOf(path) >= 0
	)
		return;
	addEventListener('load', function () {
		navigator.serviceWorker
			.register('/service-worker.js', { type: 'module' })
			.then(function () {
				if (!STAFF.test(path) || sessionStorage.getItem(STORED_KEY)) return;
				return navigator.serviceWorker.ready.then(function (registration) {
					if (!registration.active) return;
					sessionStorage.setItem(STORED_KEY, '1');
					registration.active.postMessage({ type: 'STORE_OFFLINE_APPS' });
				});
			})
			.catch(function () {});
	});
})();
