//! How a record's history and its conflicts are shown: values as text, who wrote them on
//! which device and when, and what to say when the server cannot be asked. A record's
//! history is a page of the app; the conflict review is one of the office's screens.

use crate::AppContext;
use crate::api::ApiFailure;
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use pantau_shared::Lang;
use pantau_shared::lang::Label;
use pantau_shared::sync::review::Author;
use serde_json::Value;
use uuid::Uuid;

/// `YYYY-MM-DD HH:MM` of a moment in the device's local time.
pub fn local_time(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// A field's value as text; an empty one as a dash.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "—".into(),
        Value::String(text) if text.is_empty() => "—".into(),
        Value::String(text) => text.clone(),
        Value::Bool(true) => "✓".into(),
        Value::Bool(false) => "✗".into(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// "Name · device · when" of a write.
pub fn author_line(author: &Author, lang: Lang) -> String {
    let name = author
        .officer_name
        .clone()
        .unwrap_or_else(|| i18n::UNKNOWN_AUTHOR.get(lang).to_string());
    let device = author
        .device_name
        .clone()
        .or_else(|| author.device_id.map(|id| id.to_string()))
        .unwrap_or_default();
    format!(
        "{name} · {} {device} · {}",
        i18n::BY_DEVICE.get(lang),
        local_time(author.written_at_ms as f64)
    )
}

/// What to tell the coordinator when a review request failed.
pub fn failure_label(failure: &ApiFailure) -> Label {
    match failure {
        ApiFailure::Network => i18n::NEEDS_CONNECTION,
        ApiFailure::Server { status: 403, .. } => i18n::COORDINATORS_ONLY,
        // Written on a device and not synced yet: the server has no history of it.
        ApiFailure::Server { status: 404, .. } => i18n::NO_HISTORY,
        ApiFailure::Server { code, .. } if code == "already_closed" => i18n::ALREADY_CLOSED,
        ApiFailure::Server { code, .. } if code == "finalized" => i18n::REJECT_FINALIZED,
        ApiFailure::Server { .. } => i18n::ERROR_SERVER,
    }
}

/// Where the app shows a record, if it has a page of its own.
pub fn record_path(device: Device, entity: &str, id: Uuid) -> Option<String> {
    match entity {
        "subject" => Some(format!("/orang-asing/{id}")),
        "inspection" => Some(format!("/pemeriksaan/{id}")),
        "meeting" => Some(format!("/rakor/{id}")),
        "finding" => device
            .state
            .with_untracked(|s| {
                s.record(id)
                    .and_then(|r| r.text("inspection_id").map(str::to_string))
            })
            .map(|inspection| format!("/pemeriksaan/{inspection}")),
        _ => None,
    }
}

/// The signed-in officer's token (empty when signed out: the server then refuses).
pub fn session_token(context: AppContext) -> String {
    context
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
        .unwrap_or_default()
}
