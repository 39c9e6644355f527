// Pantau's service worker: keeps the app shell of one build so the app opens with no
// network. The build fills in its version and files. A new build installs beside the
// old one and takes over only when the officer accepts the update, so a page never runs
// half of one build and half of another. The API is never cached.
const VERSION = "{{VERSION}}";
const CACHE = `pantau-shell-${VERSION}`;
const SHELL = ["/index.html", "/manifest.webmanifest", "/icon-192.png", "/icon-512.png", {{ASSETS}}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("pantau-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  // The office screens need the server and keep nothing offline.
  if (url.pathname === "/kantor" || url.pathname.startsWith("/kantor/")) return;
  if (request.mode === "navigate") {
    // Every client route opens this build's shell.
    event.respondWith(caches.match("/index.html", { cacheName: CACHE }).then((shell) => shell || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached || fetch(request)));
});
