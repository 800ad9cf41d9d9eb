/*
 * Service worker of the play page (scope /play), served at /play-sw.js by
 * src/web/offline.ts and registered by src/web/client/offline.ts. A phone on a
 * flaky hall Wi-Fi gets the page back at once on a reload:
 * - content-hashed scripts and styles: from the cache, fetched once;
 * - the /play page itself: from the network, but after 3 s without an answer (or
 *   at once when the network is down) from the copy saved on the last visit — the
 *   page then resumes the player over its socket when the network returns.
 */
const CACHE = 'civiq-play-v1';
const HASHED = /^\/static\/build\/[A-Za-z0-9._-]+-[A-Za-z0-9]{8,}\.(js|css)$/;
const NETWORK_WAIT_MS = 3000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

async function fromCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

async function page(request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (res) => {
    if (res.ok) await cache.put(request, res.clone());
    return res;
  });
  const late = new Promise((resolve) => setTimeout(() => resolve(null), NETWORK_WAIT_MS));
  const first = await Promise.race([network.catch(() => null), late]);
  if (first) return first;
  const saved = (await cache.match(request)) ?? (await cache.match('/play', { ignoreSearch: true }));
  return saved ?? network;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (HASHED.test(url.pathname)) event.respondWith(fromCacheFirst(request));
  else if (request.mode === 'navigate' && url.pathname === '/play') event.respondWith(page(request));
});
