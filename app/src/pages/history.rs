//! A record's history from the server's change log: every write, who made it on which
//! device and when, each field's old → new value, and values that lost to another write.

use super::review::{
    author_line, failure_label, local_time, record_path, session_token, value_text,
};
use crate::AppContext;
use crate::api;
use crate::device::Device;
use crate::i18n::{self, fields::field_name};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pantau_shared::sync::review::HistoryEntry;
use uuid::Uuid;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|id| Uuid::parse_str(&id).ok())
    });
    let history = LocalResource::new(move || {
        let id = id.get();
        let token = session_token(context);
        async move {
            match id {
                Some(id) => api::history(&token, id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let entry = move |entry: HistoryEntry| {
        let lang = context.lang.get_untracked();
        let received = entry
            .author
            .received_at_ms
            .map(|ms| format!("{} {}", i18n::RECEIVED.get(lang), local_time(ms as f64)));
        view! {
            <li class="history-entry">
                <p class="history-author">{author_line(&entry.author, lang)}</p>
                {received.map(|text| view! { <p class="muted">{text}</p> })}
                <ul class="history-changes">
                    {entry.changes.into_iter().map(|change| view! {
                        <li>
                            <strong>{field_name(&change.field, lang)}</strong> ": "
                            <span class="old">{change.old.as_ref().map_or_else(|| "—".to_string(), value_text)}</span>
                            " → "
                            <span class="new">{value_text(&change.new)}</span>
                        </li>
                    }).collect_view()}
                    {entry.lost.into_iter().map(|lost| view! {
                        <li class="lost">
                            <strong>{field_name(&lost.field, lang)}</strong> ": "
                            <span class="old">{value_text(&lost.value)}</span>
                            " (" {i18n::LOST_IN_MERGE.get(lang)} ")"
                        </li>
                    }).collect_view()}
                </ul>
            </li>
        }
    };
    view! {
        <section class="card" id="history-page">
            <h1>{move || context.t(i18n::HISTORY)}</h1>
            {move || {
                let id = id.get()?;
                let entity = device.state.with_untracked(|s| s.record(id).map(|r| r.entity.clone()))?;
                let title = device.state.with_untracked(|s| s.record(id).and_then(|r| r.title().map(str::to_string)));
                record_path(device, &entity, id).map(|path| view! {
                    <p><A href=path attr:id="history-record">{title.unwrap_or_else(|| context.t(i18n::OPEN_RECORD).to_string())}</A></p>
                })
            }}
            {move || match history.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING_FROM_SERVER)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error" id="history-error">{move || context.t(failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(None)) => view! { <super::not_found::NotFound /> }.into_any(),
                Some(Ok(Some(history))) if history.entries.is_empty() => view! {
                    <p class="muted" id="no-history">{move || context.t(i18n::NO_HISTORY)}</p>
                }.into_any(),
                Some(Ok(Some(history))) => view! {
                    <ol class="history-list" id="history-list">
                        {history.entries.into_iter().map(entry).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}
