//! Coordination meetings (Rakor), newest first, and every open follow-up action across
//! them with the overdue ones marked.

use crate::AppContext;
use crate::components::form::{agency_table, code_names};
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use pantau_shared::device::LocalRecord;
use pantau_shared::identity::IsoDate;

/// Whether a follow-up is still open (not done nor cancelled).
pub fn is_open(item: &LocalRecord) -> bool {
    !matches!(item.text("status"), Some("done" | "cancelled"))
}

/// Whether an open follow-up is past its due date on `today`.
pub fn is_overdue(item: &LocalRecord, today: IsoDate) -> bool {
    is_open(item)
        && item
            .text("due_date")
            .and_then(|d| IsoDate::parse(d).ok())
            .is_some_and(|due| due < today)
}

#[component]
pub fn MeetingListPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let meetings = Memo::new(move |_| {
        device.state.with(|s| {
            let mut list: Vec<LocalRecord> = s
                .records()
                .filter(|r| r.entity == "meeting" && !r.is_deleted())
                .cloned()
                .collect();
            list.sort_unstable_by(|a, b| b.text("date").cmp(&a.text("date")).then(a.id.cmp(&b.id)));
            list
        })
    });
    let follow_ups = Memo::new(move |_| {
        device.state.with(|s| {
            let mut list: Vec<LocalRecord> = s
                .records()
                .filter(|r| r.entity == "action_item" && !r.is_deleted() && is_open(r))
                .cloned()
                .collect();
            list.sort_unstable_by(|a, b| {
                a.text("due_date")
                    .cmp(&b.text("due_date"))
                    .then(a.id.cmp(&b.id))
            });
            list
        })
    });
    let today = crate::today();
    view! {
        <section class="card">
            <div class="row">
                <h1>{move || context.t(i18n::NAV_MEETINGS)}</h1>
                {context.rakor_right().keeps_minutes().then(|| view! {
                    <A href="/rakor/baru" attr:class="button primary" attr:id="new-meeting">{move || context.t(i18n::NEW_MEETING)}</A>
                })}
            </div>
            <Show when=move || meetings.with(Vec::is_empty)>
                <p class="muted">{move || context.t(i18n::NO_MEETINGS)}</p>
            </Show>
            <ul class="result-list" id="meeting-list">
                <For each=move || meetings.get() key=|m| m.id let:meeting>
                    <li>
                        <A href=format!("/rakor/{}", meeting.id) attr:class="result">
                            <span class="result-name">{meeting.text("theme").unwrap_or_default().to_string()}</span>
                            <span class="result-meta">{meeting.text("date").unwrap_or_default().to_string()} " · " {meeting.text("place").unwrap_or_default().to_string()}</span>
                        </A>
                    </li>
                </For>
            </ul>
        </section>
        <section class="card">
            <h2>{move || context.t(i18n::OPEN_FOLLOW_UPS)}</h2>
            <Show when=move || follow_ups.with(Vec::is_empty)>
                <p class="muted" id="no-follow-ups">{move || context.t(i18n::NO_FOLLOW_UPS)}</p>
            </Show>
            <ul class="result-list" id="follow-up-list">
                <For each=move || follow_ups.get() key=|item| item.id let:item>
                    {
                        let overdue = is_overdue(&item, today);
                        let agency = item.text("owner_agency").unwrap_or_default().to_string();
                        let meeting = item.text("meeting_id").unwrap_or_default().to_string();
                        view! {
                            <li class:overdue=overdue>
                                <A href=format!("/rakor/{meeting}") attr:class="result">
                                    <span class="result-name">{item.text("description").unwrap_or_default().to_string()}</span>
                                    <span class="result-meta">
                                        {move || code_names(agency_table, [agency.as_str()], context.lang.get())} " · " {move || context.t(i18n::DUE)} " "
                                        {item.text("due_date").unwrap_or_default().to_string()}
                                    </span>
                                    {overdue.then(|| view! { <span class="badge danger">{move || context.t(i18n::OVERDUE)}</span> })}
                                </A>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}
