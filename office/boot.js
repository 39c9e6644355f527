// Starts the office screens; kept out of index.html so the content security policy can
// forbid inline scripts. The service worker (the field app's) is asked to keep the office
// screens too, so that the last figures fetched stay readable without the server.
import init from "/{{JS}}";
init({ module_or_path: "/{{WASM}}" });
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
  navigator.serviceWorker.ready.then((registration) => {
    if (registration.active) registration.active.postMessage("keep-office");
  });
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data === "office-kept") document.documentElement.dataset.officeKept = "1";
  });
}
