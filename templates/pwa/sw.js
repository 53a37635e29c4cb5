{% autoescape off %}// KAM's service worker (kam/pwa.py renders it). It keeps the static files and the
// offline page, never a page with customer data: those always come from KAM.
"use strict";

const CACHE = "kam-{{ version }}";
const ASSETS = {{ assets }};
const OFFLINE_URL = {{ offline_url }};
const STATIC_PREFIX = {{ static_prefix }};
// Hashed file names (production) never change content: the cache answers first.
// Otherwise (development) the network does, and the cache only without signal.
const CACHE_FIRST = {{ cache_first }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([OFFLINE_URL, ...ASSETS]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("kam-") && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function fromCache(request) {
  return caches.match(request, { ignoreSearch: true });
}

function staticFile(request) {
  if (CACHE_FIRST) {
    return fromCache(request).then((hit) => hit || fetch(request));
  }
  return fetch(request).catch(() =>
    fromCache(request).then((hit) => hit || Response.error()),
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // A page (or a form sent) that cannot reach KAM: the offline page, which says
    // what was kept on the phone.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(OFFLINE_URL).then((hit) => hit || Response.error()),
      ),
    );
    return;
  }
  if (request.method === "GET" && url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(staticFile(request));
  }
});
{% endautoescape %}
