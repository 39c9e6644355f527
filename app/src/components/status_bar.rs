//! The always-visible sync status: online or offline, unsent changes, the last sync, a
//! progress bar while a sync runs, and a badge when something needs attention.

use crate::AppContext;
use crate::device::{Device, SyncFailure, SyncStatus};
use crate::i18n;
use leptos::prelude::*;

/// `HH:MM` of a moment in the device's local time.
fn clock_time(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// What the officer is told about a sync that stopped for a reason retrying cannot mend.
fn sync_failure_text(status: &SyncStatus) -> Option<pantau_shared::lang::Label> {
    match status.last_failure.as_ref()? {
        SyncFailure::Protocol(_) => Some(i18n::SYNC_HALTED),
        SyncFailure::Storage(_) => Some(i18n::SYNC_STORAGE_FAILED),
        SyncFailure::Api(_) => None,
    }
}

#[component]
pub fn StatusBar() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let online = RwSignal::new(window().navigator().on_line());
    let on_online = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let on_offline = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
    });
    let pending = move || device.state.with(|s| s.pending_count());
    let attention = move || {
        device.state.with(|s| {
            s.rejected().count() + s.records().filter(|r| !r.lost_fields.is_empty()).count()
        })
    };
    let status = device.status;
    let progress = move || {
        status.with(|s| {
            (s.pushed.min(s.to_push) * 100)
                .checked_div(s.to_push)
                .map(|percent| percent.to_string())
        })
    };
    view! {
        <div class="status-bar" role="status" aria-live="polite">
            <span id="connection-status" class=move || if online.get() { "badge online" } else { "badge offline" }>
                {move || context.t(if online.get() { i18n::ONLINE } else { i18n::OFFLINE })}
            </span>
            <span class="status-item" id="pending-count">
                <strong>{pending}</strong> " " {move || context.t(i18n::PENDING)}
            </span>
            <span class="status-item" id="last-sync">
                {move || context.t(i18n::LAST_SYNC)} ": "
                {move || status.with(|s| s.last_success_ms).map_or_else(|| context.t(i18n::NEVER_SYNCED).to_string(), clock_time)}
            </span>
            <Show when=move || status.with(|s| s.photos_waiting > 0)>
                <span class="status-item" id="photos-waiting">
                    {move || status.with(|s| s.photos_waiting)} " " {move || context.t(i18n::PHOTO_WAITING)}
                </span>
            </Show>
            <Show when=move || { attention() > 0 }>
                <a class="badge danger" id="attention-badge" href="/sinkronisasi">
                    {attention} " " {move || context.t(i18n::NEEDS_ATTENTION)}
                </a>
            </Show>
            <Show when=move || status.with(|s| s.running)>
                <span class="status-item syncing">{move || context.t(i18n::SYNCING)}</span>
                <progress max="100" value=move || progress().unwrap_or_default()></progress>
            </Show>
            {move || sync_failure_text(&status.get()).map(|text| view! {
                <span class="status-item warn-text" role="alert" id="sync-error">{move || context.t(text)}</span>
            })}
            {move || {
                let today = crate::today().to_string();
                device.state.with(|s| s.active_election(&today).map(|(_, name)| name.to_string())).map(|name| view! {
                    <span class="badge election" id="election-notice">{move || context.t(i18n::ELECTION_PERIOD)} ": " {name}</span>
                })
            }}
            <Show when=move || status.with(|s| s.needs_sign_in)>
                <span class="status-item warn-text">{move || context.t(i18n::SIGN_IN_AGAIN)}</span>
            </Show>
            <Show when=move || device.store_error.with(Option::is_some)>
                <span class="status-item warn-text" role="alert" id="storage-error">
                    {move || context.t(match device.store_error.get() {
                        Some(crate::store::StoreError::QuotaExceeded) => i18n::STORAGE_FULL,
                        _ => i18n::STORAGE_UNAVAILABLE,
                    })}
                </span>
            </Show>
        </div>
    }
}
