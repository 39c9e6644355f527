// Starts Pantau: registers the service worker that keeps the app usable offline, then
// loads the app. Kept out of index.html so the content security policy can forbid
// inline scripts. A new build waits until the app's update prompt (which listens for
// "pantau-update") says to take over.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").then((registration) => {
    const offer = (worker) => {
      window.pantauUpdate = worker;
      window.dispatchEvent(new Event("pantau-update"));
    };
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (window.pantauUpdate && !reloading) {
      reloading = true;
      location.reload();
    }
  });
}

// Ed25519 in wasm, for a browser whose WebCrypto has none: loaded once, and only when the
// app asks for it.
let signer;
window.pantauSigner = () =>
  (signer ??= import("/{{SIGNER_JS}}").then(async (module) => {
    await module.default({ module_or_path: "/{{SIGNER_WASM}}" });
    return module;
  }).catch((error) => {
    signer = undefined;
    throw error;
  }));

import init from "/{{JS}}";
init({ module_or_path: "/{{WASM}}" });
