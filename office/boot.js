// Starts the office screens. They need the server, so no service worker of their own;
// kept out of index.html so the content security policy can forbid inline scripts.
import init from "/{{JS}}";
init({ module_or_path: "/{{WASM}}" });
