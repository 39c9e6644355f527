//! The always-visible sync status: whether the browser is online, and until when the
//! officer stays signed in.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn StatusBar() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let online = RwSignal::new(window().navigator().on_line());
    let on_online = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let on_offline = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
    });
    let expiry = move || {
        context.session.with(|session| {
            session.as_ref().map(|s| {
                s.expires_at
                    .get(..16)
                    .unwrap_or(&s.expires_at)
                    .replace('T', " ")
            })
        })
    };
    view! {
        <div class="status-bar" role="status" aria-live="polite">
            <span
                id="connection-status"
                class=move || if online.get() { "badge online" } else { "badge offline" }
            >
                {move || context.t(if online.get() { i18n::ONLINE } else { i18n::OFFLINE })}
            </span>
            <Show when=move || expiry().is_some()>
                <span class="status-item">
                    {move || context.t(i18n::SESSION_UNTIL)} " " {move || expiry().unwrap_or_default()}
                </span>
            </Show>
        </div>
    }
}
