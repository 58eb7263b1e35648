// Rapport's service worker: keeps the app's shell (its scripts, styles and icons) so a phone on a
// weak connection starts from its own copy. It caches nothing else, by an allow-list: no page
// (HTML), no websocket, no upload, no export, no calendar feed, no /auth or /_event answer, so no
// student's data is ever kept here. Every other request goes to the network as if it did not exist.
const CACHE = "rapport-shell-v1";
const SHELL = [
  "/rapport.css",
  "/brief-print.css",
  "/autosave.js",
  "/shell.js",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/icon-maskable-192.png",
  "/icons/icon-maskable-512.png",
  "/icons/apple-touch-icon.png",
];
// The frontend build's files carry a hash of their content in their name: one URL, one content.
const BUILT = /^\/assets\/[^/]+\.(?:js|css|woff2?)$/;

function isShell(url) {
  return url.origin === self.location.origin && (SHELL.includes(url.pathname) || BUILT.test(url.pathname));
}

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))),
  );
  // No clients.claim(): a page keeps the worker it started with (or none), never swapped midway.
});

// Enough for several releases' worth of pages; older build files go first (a cache keeps insertion order).
const MOST_KEPT = 500;

async function trim(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MOST_KEPT)).map((key) => cache.delete(key)));
}

async function fromCacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
    await trim(cache);
  }
  return response;
}

async function fromNetworkFirst(request) {
  // The unhashed files (autosave.js, shell.js, the styles) must match the server that answers:
  // the network's copy whenever there is one, the kept copy only when there is none.
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.mode === "navigate") return;
  const url = new URL(request.url);
  if (url.search || !isShell(url)) return;
  event.respondWith(BUILT.test(url.pathname) ? fromCacheFirst(request) : fromNetworkFirst(request));
});
