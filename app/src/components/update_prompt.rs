//! Offers a new build when the service worker has one waiting; it is applied only when
//! the officer says so, never half-way.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Tells the waiting service worker (kept by `index.html` as `window.pantauUpdate`) to
/// take over; the page reloads when it has.
fn apply_update() {
    let worker = js_sys::Reflect::get(&window(), &JsValue::from_str("pantauUpdate"))
        .ok()
        .filter(|w| !w.is_undefined() && !w.is_null());
    let Some(worker) = worker else { return };
    let post = js_sys::Reflect::get(&worker, &JsValue::from_str("postMessage")).ok();
    if let Some(post) = post.as_ref().and_then(|p| p.dyn_ref::<js_sys::Function>()) {
        let _ = post.call1(&worker, &JsValue::from_str("skip-waiting"));
    }
}

#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let available = RwSignal::new(
        js_sys::Reflect::get(&window(), &JsValue::from_str("pantauUpdate"))
            .is_ok_and(|w| w.is_object()),
    );
    let handle = window_event_listener_untyped("pantau-update", move |_| available.set(true));
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || available.get()>
            <div class="banner" role="alert" id="update-banner">
                <span>{move || context.t(i18n::NEW_VERSION)}</span>
                <button class="button primary" on:click=move |_| apply_update()>{move || context.t(i18n::UPDATE_NOW)}</button>
            </div>
        </Show>
    }
}
