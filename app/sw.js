// Pantau's service worker: keeps the app shell of one build so the app opens with no
// network. The build fills in its version and files. A new build installs beside the
// old one and takes over only when the officer accepts the update, so a page never runs
// half of one build and half of another. The API is never cached here.
//
// The office screens are kept too, but only once an office screen asks for them: a field
// tablet never downloads them. Their page is fetched from the network first, so a new
// build shows at once, and comes from the cache when the server cannot be reached.
const VERSION = "{{VERSION}}";
const CACHE = `pantau-shell-${VERSION}`;
const OFFICE_CACHE = `pantau-office-${VERSION}`;
const SHELL = ["/index.html", "/manifest.webmanifest", "/icon-192.png", "/icon-512.png", {{ASSETS}}];
const OFFICE_PAGE = "/kantor/index.html";
const OFFICE = [OFFICE_PAGE, {{OFFICE_ASSETS}}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => (k.startsWith("pantau-shell-") && k !== CACHE) || (k.startsWith("pantau-office-") && k !== OFFICE_CACHE))
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "keep-office") {
    event.waitUntil(
      caches
        .open(OFFICE_CACHE)
        .then((cache) => cache.addAll(OFFICE))
        .then(() => event.source && event.source.postMessage("office-kept")),
    );
  }
});

function officePage(request) {
  return fetch(request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(OFFICE_CACHE).then((cache) => cache.put(OFFICE_PAGE, copy));
      }
      return response;
    })
    .catch(() => caches.match(OFFICE_PAGE, { cacheName: OFFICE_CACHE }).then((page) => page || Response.error()));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname === "/kantor" || url.pathname.startsWith("/kantor/")) {
    if (request.mode === "navigate") event.respondWith(officePage(request));
    return;
  }
  if (request.mode === "navigate") {
    // Every client route opens this build's shell.
    event.respondWith(caches.match("/index.html", { cacheName: CACHE }).then((shell) => shell || fetch(request)));
    return;
  }
  event.respondWith(
    caches
      .match(request, { cacheName: CACHE })
      .then((cached) => cached || caches.match(request, { cacheName: OFFICE_CACHE }))
      .then((cached) => cached || fetch(request)),
  );
});
