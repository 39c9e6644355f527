//! The link from a record to its history. The history is read from the server's change
//! log on one of the office's screens, so only those who use them (coordinators and the
//! Kanwil) see the link.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;
use pantau_shared::team::Role;
use uuid::Uuid;

#[component]
pub fn HistoryLink(id: Uuid) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let reviewer = move || {
        context.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| matches!(s.officer.role, Role::Coordinator | Role::Central))
        })
    };
    view! {
        <Show when=reviewer>
            <a href=format!("/kantor/riwayat/{id}") rel="external" class="button secondary" id="history-link">
                {move || context.t(i18n::HISTORY)}
            </a>
        </Show>
    }
}
