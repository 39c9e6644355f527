//! One coordination meeting: what was discussed and decided, who attended by agency, and
//! its follow-up actions, whose status can be moved along.

use crate::AppContext;
use crate::components::form::{Field, FormState, Input, agency_table, changed_fields, code_names};
use crate::components::options;
use crate::device::Device;
use crate::i18n::{self, fields::field_name};
use crate::pages::meetings::is_overdue;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pantau_shared::device::LocalRecord;
use pantau_shared::meeting::ActionStatus;
use pantau_shared::sync::EntityKind;
use serde_json::{Value, json};
use uuid::Uuid;

pub(crate) const FOLLOW_UP_FORM: &[(&str, Input)] = &[
    ("description", Input::LongText),
    ("owner_agency", Input::Agency),
    ("due_date", Input::Date),
    ("status", Input::Choice(options::action_statuses)),
];

#[component]
pub fn MeetingDetailPage() -> impl IntoView {
    let device = expect_context::<Device>();
    let id = Memo::new(move |_| {
        use_params_map()
            .with(|p| p.get("id"))
            .and_then(|id| Uuid::parse_str(&id).ok())
    });
    let meeting = device.record_memo(id);
    move || match (id.get(), meeting.get()) {
        (Some(id), Some(meeting)) => view! { <MeetingView id meeting /> }.into_any(),
        _ => view! { <super::not_found::NotFound /> }.into_any(),
    }
}

#[component]
fn MeetingView(id: Uuid, meeting: LocalRecord) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let follow_ups = Memo::new(move |_| {
        device.state.with(|s| {
            let mut list: Vec<LocalRecord> = s
                .records()
                .filter(|r| {
                    r.entity == "action_item"
                        && !r.is_deleted()
                        && r.text("meeting_id") == Some(&id.to_string())
                })
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
    let attendees = meeting.texts("attendee_ids");
    let agencies = meeting.texts("attending_agencies");
    let region = meeting
        .fields
        .get("region_code")
        .cloned()
        .unwrap_or(Value::Null);
    let (form, _) = FormState::new(format!("action_item.{id}"), None);
    let add = crate::task::Task::new_local(move |_: &()| {
        let region = region.clone();
        async move {
            let mut write = form
                .values
                .with_untracked(|v| changed_fields(FOLLOW_UP_FORM, v, None));
            write.insert("region_code".into(), region);
            write.insert("meeting_id".into(), json!(id.to_string()));
            let problems = EntityKind::ActionItem.field_errors(&write, true);
            if !problems.is_empty() {
                form.errors.set(problems);
                return;
            }
            if device
                .save(context, EntityKind::ActionItem, Uuid::now_v7(), write)
                .await
                .is_ok()
            {
                form.clear_draft();
                form.values.set(Default::default());
                form.errors.set(Vec::new());
            }
        }
    });
    let set_status = move |item: Uuid, status: String| {
        let write = json!({"status": status})
            .as_object()
            .cloned()
            .unwrap_or_default();
        spawn_local(async move {
            let _ = device
                .save(context, EntityKind::ActionItem, item, write)
                .await;
        });
    };
    let facts: Vec<(&'static str, String)> = [
        "date",
        "place",
        "chair",
        "region_code",
        "agenda",
        "minutes",
        "decisions",
    ]
    .into_iter()
    .filter_map(|name| meeting.text(name).map(|v| (name, v.to_string())))
    .collect();
    let today = crate::today();
    let right = context.rakor_right();
    let keeps_minutes = right.keeps_minutes();
    view! {
        <section class="card" id="meeting-detail">
            <div class="row">
                <h1 id="meeting-theme">{meeting.text("theme").unwrap_or_default().to_string()}</h1>
                {keeps_minutes.then(|| view! {
                    <A href=format!("/rakor/{id}/ubah") attr:class="button secondary" attr:id="edit-meeting">{move || context.t(i18n::EDIT)}</A>
                })}
                <crate::components::history_link::HistoryLink id=id />
            </div>
            <dl class="facts">
                {facts.into_iter().map(|(name, value)| view! {
                    <dt>{move || field_name(name, context.lang.get())}</dt><dd class="prewrap">{value}</dd>
                }).collect_view()}
            </dl>
            <h2>{move || context.t(i18n::ATTENDANCE)}</h2>
            <p id="meeting-attendance">
                {attendees.len()} " " {move || context.t(i18n::PRESENT)} " · "
                {move || code_names(agency_table, agencies.iter().map(String::as_str), context.lang.get())}
            </p>
            <h2>{move || context.t(i18n::FOLLOW_UPS)}</h2>
            <ul class="result-list" id="meeting-follow-ups">
                <For each=move || follow_ups.get() key=|item| (item.id, item.text("status").map(str::to_string)) let:item>
                    {
                        let item_id = item.id;
                        let status = item.text("status").unwrap_or("open").to_string();
                        let current = status.clone();
                        let overdue = is_overdue(&item, today);
                        let owner = item.text("owner_agency").map(str::to_string);
                        let agency = owner.clone().unwrap_or_default();
                        let status_label = ActionStatus::parse(&status).ok();
                        view! {
                            <li class="finding" class:overdue=overdue>
                                <span class="result-name">{item.text("description").unwrap_or_default().to_string()}</span>
                                <span class="result-meta">{move || code_names(agency_table, [agency.as_str()], context.lang.get())} " · " {item.text("due_date").unwrap_or_default().to_string()}</span>
                                {overdue.then(|| view! { <span class="badge danger">{move || context.t(i18n::OVERDUE)}</span> })}
                                {if right.moves_along(owner.as_deref()) {
                                    view! { <select class="status-select" prop:value=current on:change=move |ev| set_status(item_id, event_target_value(&ev))>
                                        {move || ActionStatus::ALL.iter().map(|s| {
                                            let code = s.code();
                                            let selected = code == status;
                                            view! { <option value=code selected=selected>{s.label(context.lang.get())}</option> }
                                        }).collect_view()}
                                    </select> }.into_any()
                                } else {
                                    view! { <span class="result-meta follow-up-status">{move || status_label.map(|s| s.label(context.lang.get()))}</span> }.into_any()
                                }}
                            </li>
                        }
                    }
                </For>
            </ul>
            {keeps_minutes.then(|| view! {
                <div class="subform" id="follow-up-form">
                    <h2>{move || context.t(i18n::ADD_FOLLOW_UP)}</h2>
                    {FOLLOW_UP_FORM.iter().map(|(name, input)| view! { <Field form name=*name input=*input /> }).collect_view()}
                    <button class="button primary" id="follow-up-save" on:click=move |_| { add.dispatch(()); }>
                        {move || context.t(i18n::ADD_FOLLOW_UP)}
                    </button>
                </div>
            })}
        </section>
    }
}
