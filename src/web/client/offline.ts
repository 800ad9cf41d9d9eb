/**
 * Register the play page's service worker (src/web/public/play-sw.js): a reload
 * on a flaky network shows the page from the phone's cache and resumes. Best
 * effort: without service workers (old browsers, plain-http origins other than
 * localhost in some browsers) the immutable HTTP caching still applies.
 */
export function registerPlayOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/play-sw.js', { scope: '/play' }).catch(() => undefined);
}
