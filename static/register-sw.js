// Registers the service worker on every page, including those rendered without framework JavaScript.
if ('serviceWorker' in navigator) {
	addEventListener('load', function () {
		navigator.serviceWorker.register('/service-worker.js', { type: 'module' }).catch(function () {});
	});
}
