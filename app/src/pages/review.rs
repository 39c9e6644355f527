//! Conflict review for the coordinator: each value that lost a merge beside the value
//! that was kept, with who wrote each, on which device and when; restore the losing value
//! (a new write that syncs to every device) or dismiss it. Needs the server: the
//! conflict log lives there.

use crate::AppContext;
use crate::api::{self, ApiFailure};
use crate::device::Device;
use crate::i18n::{self, fields::field_name};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use pantau_shared::Lang;
use pantau_shared::lang::Label;
use pantau_shared::sync::review::{Author, Conflict};
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

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let reload = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(Label, bool)>);
    let conflicts = LocalResource::new(move || {
        reload.track();
        let token = session_token(context);
        async move { api::conflicts(&token, "open").await }
    });
    let close = move |id: i64, action: &'static str| {
        let token = session_token(context);
        spawn_local(async move {
            let result = api::close_conflict(&token, id, action).await;
            notice.set(Some(match &result {
                Ok(_) if action == "restore" => (i18n::RESTORED, false),
                Ok(_) => (i18n::DISMISSED, false),
                Err(failure) => (failure_label(failure), true),
            }));
            if result.is_ok() && action == "restore" {
                // Bring the restored value onto this device too.
                device.sync_now(context);
            }
            reload.update(|n| *n += 1);
        });
    };
    let item = move |conflict: Conflict| {
        let lang = context.lang.get_untracked();
        let id = conflict.id;
        let title = device
            .state
            .with_untracked(|s| {
                s.record(conflict.record_id)
                    .and_then(|r| r.title().map(str::to_string))
            })
            .unwrap_or_else(|| conflict.record_id.to_string());
        let path = record_path(device, &conflict.entity, conflict.record_id);
        view! {
            <li class="conflict" data-conflict=id.to_string()>
                <h2>
                    {match path {
                        Some(path) => view! { <A href=path>{title}</A> }.into_any(),
                        None => view! { <span>{title}</span> }.into_any(),
                    }}
                    " — " <span class="conflict-field">{field_name(&conflict.field, lang)}</span>
                </h2>
                <div class="conflict-sides">
                    <div class="conflict-side kept">
                        <h3>{move || context.t(i18n::KEPT_VALUE)}</h3>
                        <p class="conflict-value">{value_text(&conflict.kept.value)}</p>
                        <p class="muted">{author_line(&conflict.kept.author, lang)}</p>
                    </div>
                    <div class="conflict-side losing">
                        <h3>{move || context.t(i18n::LOSING_VALUE)}</h3>
                        <p class="conflict-value">{value_text(&conflict.losing.value)}</p>
                        <p class="muted">{author_line(&conflict.losing.author, lang)}</p>
                    </div>
                </div>
                <div class="actions">
                    <button class="button primary restore" on:click=move |_| close(id, "restore")>
                        {move || context.t(i18n::RESTORE_VALUE)}
                    </button>
                    <button class="button secondary dismiss" on:click=move |_| close(id, "dismiss")>
                        {move || context.t(i18n::DISMISS)}
                    </button>
                </div>
            </li>
        }
    };
    view! {
        <section class="card" id="conflicts-page">
            <h1>{move || context.t(i18n::REVIEW_CONFLICTS)}</h1>
            <p class="muted">{move || context.t(i18n::REVIEW_INTRO)}</p>
            {move || notice.get().map(|(label, failed)| view! {
                <p class:notice=!failed class:form-error=failed id="conflict-notice" role="status">{move || context.t(label)}</p>
            })}
            {move || match conflicts.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING_FROM_SERVER)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error" id="conflicts-error">{move || context.t(failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(list)) if list.conflicts.is_empty() => view! {
                    <p class="muted" id="no-conflicts">{move || context.t(i18n::NO_CONFLICTS)}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="conflict-list" id="conflict-list">
                        {list.conflicts.into_iter().map(item).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
