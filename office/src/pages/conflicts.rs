//! Conflict review for the coordinator: each value that lost a merge beside the value
//! that was kept, with who wrote each, on which device and when; restore the losing value
//! (a new write that syncs to every device) or dismiss it. The conflict log lives on the
//! server, so the review is one of the office's screens, not the tablet's.

use crate::{OfficeContext, api};
use app::i18n::{self, fields::field_name};
use app::pages::review::{author_line, failure_label, value_text};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::lang::Label;
use pantau_shared::sync::review::Conflict;
use uuid::Uuid;

pub const CONFLICTS_PATH: &str = "/kantor/konflik";

/// Where the field app shows a record, if it has a page of its own.
fn record_path(entity: &str, id: Uuid) -> Option<String> {
    match entity {
        "subject" => Some(format!("/orang-asing/{id}")),
        "inspection" => Some(format!("/pemeriksaan/{id}")),
        "meeting" => Some(format!("/rakor/{id}")),
        _ => None,
    }
}

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let token = move || context.token().unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<(Label, bool)>);
    let conflicts = LocalResource::new(move || {
        reload.track();
        let token = token();
        async move { api::conflicts(&token, "open").await }
    });
    let close = move |id: i64, action: &'static str| {
        let token = token();
        spawn_local(async move {
            let result = api::close_conflict(&token, id, action).await;
            notice.set(Some(match &result {
                Ok(_) if action == "restore" => (i18n::RESTORED, false),
                Ok(_) => (i18n::DISMISSED, false),
                Err(failure) => (failure_label(failure), true),
            }));
            reload.update(|n| *n += 1);
        });
    };
    let item = move |conflict: Conflict| {
        let lang = context.lang.get_untracked();
        let id = conflict.id;
        let title = conflict
            .record_title
            .clone()
            .unwrap_or_else(|| conflict.record_id.to_string());
        let path = record_path(&conflict.entity, conflict.record_id);
        view! {
            <li class="conflict" data-conflict=id.to_string()>
                <h2>
                    {match path {
                        Some(path) => view! { <a href=path>{title}</a> }.into_any(),
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
