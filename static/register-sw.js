// Registers the service worker on every page, including those rendered without framework JavaScript.
// The offline apps register it themselves (UpdatePrompt), after their first sync on a first visit.
if (
	'serviceWorker' in navigator &&
	[
		'/aujourdhui',
		'/aujourdhui/fiche',
		'/aujourdhui/dossiers',
		'/aujourdhui/diagnostic',
		'/aujourdhui/orientation',
		'/coordination/hors-ligne',
		'/relais',
		'/relais/visites/nouvelle'
	].indexOf(location.pathname) < 0
) {
	addEventListener('load', function () {
		navigator.serviceWorker.register('/service-worker.js', { type: 'module' }).catch(function () {});
	});
}
