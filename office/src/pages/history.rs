//! A record's history from the server's change log: every write, who made it on which
//! device and when, each field's old → new value, and values that lost to another write.
//! It lives on the server, so it is one of the office's screens; the tablet links here.

use crate::OfficeContext;
use app::i18n::{self, fields::field_name};
use app::pages::review::{author_line, failure_label, local_time, value_text};
use leptos::prelude::*;
use pantau_shared::sync::review::HistoryEntry;
use uuid::Uuid;

/// Where a record's history is: `/kantor/riwayat/<id>`.
pub const HISTORY_PREFIX: &str = "/kantor/riwayat/";

/// The record whose history the address asks for.
pub fn record_in_path(path: &str) -> Option<Uuid> {
    path.strip_prefix(HISTORY_PREFIX)
        .and_then(|id| Uuid::parse_str(id.trim_end_matches('/')).ok())
}

#[component]
pub fn HistoryPage(id: Uuid) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let history = LocalResource::new(move || {
        let token = context.token().unwrap_or_default();
        async move { app::api::history(&token, id).await }
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
            {move || match history.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING_FROM_SERVER)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error" id="history-error">{move || context.t(failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(history)) if history.entries.is_empty() => view! {
                    <p class="muted" id="no-history">{move || context.t(i18n::NO_HISTORY)}</p>
                }.into_any(),
                Some(Ok(history)) => view! {
                    <ol class="history-list" id="history-list">
                        {history.entries.into_iter().map(entry).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}
