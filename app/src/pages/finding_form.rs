//! Adds a finding to a draft inspection: which foreign national was checked, the
//! documents shown, violations (overstay computed from the permit's end and the
//! inspection's date), and the action taken and recommended.

use crate::AppContext;
use crate::components::form::{Field, FormState, Input, changed_fields, violation_table};
use crate::components::options;
use crate::components::permit_badge::rupiah;
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use pantau_shared::identity::{IsoDate, Timestamp};
use pantau_shared::permit::{OverstayRules, PermitStanding, permit_standing};
use pantau_shared::search::SearchIndex;
use pantau_shared::sync::EntityKind;
use pantau_shared::violation_codes::{OVERSTAY, POLITICAL_ACTIVITY};
use serde_json::Value;
use uuid::Uuid;

pub(crate) const FORM: &[(&str, Input)] = &[
    ("documents_shown", Input::Multi(options::documents_shown)),
    ("violations", Input::NamedList(violation_table)),
    (
        "political_activity",
        Input::Choice(options::political_activities),
    ),
    ("political_activity_place", Input::Text),
    ("field_action", Input::Choice(options::field_actions)),
    ("recommended_action", Input::Action),
    ("notes", Input::LongText),
];

/// Overstay days and fee of a subject on the inspection's date, under the rule in force
/// on that date, if overstaying.
pub fn overstay_on(
    permit_expiry: Option<&str>,
    started_at: Option<&str>,
    rules: &OverstayRules,
) -> Option<(i64, u64)> {
    let expiry = IsoDate::parse(permit_expiry?).ok()?;
    let day = Timestamp::parse(started_at?).ok()?.local_date();
    match permit_standing(expiry, day, rules.on(day)) {
        PermitStanding::Overstay { days, fee_idr, .. } => Some((days, fee_idr)),
        PermitStanding::Valid { .. } => None,
    }
}

#[component]
pub fn FindingForm(inspection_id: Uuid) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let (form, _) = FormState::new(format!("finding.{inspection_id}"), None);
    let chosen = RwSignal::new(None::<Uuid>);
    let query = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let index = Memo::new(move |_| device.state.with(|s| SearchIndex::build(s.records())));
    let results = Memo::new(move |_| {
        index.with(|i| {
            query.with(|q| {
                if q.trim().is_empty() {
                    vec![]
                } else {
                    i.search(q, 8)
                }
            })
        })
    });
    let inspection = move || {
        device
            .state
            .with(|s| s.record(inspection_id).map(|r| r.fields.clone()))
            .unwrap_or_default()
    };
    let subject_text = move |id: Uuid, field: &str| {
        device
            .state
            .with(|s| s.record(id).and_then(|r| r.text(field).map(str::to_string)))
    };
    let overstay = move || {
        let subject = chosen.get()?;
        let started = inspection()
            .get("started_at")
            .and_then(Value::as_str)
            .map(str::to_string);
        overstay_on(
            subject_text(subject, "permit_expiry").as_deref(),
            started.as_deref(),
            &device.overstay_rules.read(),
        )
    };
    let choose = move |id: Uuid| {
        chosen.set(Some(id));
        query.set(String::new());
        if overstay().is_some() && !form.get("violations").split(',').any(|v| v == OVERSTAY) {
            let mut codes: Vec<String> = form
                .get("violations")
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            codes.push(OVERSTAY.into());
            form.set("violations", codes.join(","));
        }
    };
    let save = crate::task::Task::new_local(move |_: &()| async move {
        let Some(subject) = chosen.get_untracked() else {
            error.set(Some(context.t(i18n::CHOOSE_SUBJECT).to_string()));
            return;
        };
        let mut write = form
            .values
            .with_untracked(|v| changed_fields(FORM, v, None));
        let region = inspection()
            .get("region_code")
            .cloned()
            .unwrap_or(Value::Null);
        write.insert("region_code".into(), region);
        write.insert(
            "inspection_id".into(),
            Value::String(inspection_id.to_string()),
        );
        write.insert("subject_id".into(), Value::String(subject.to_string()));
        let problems = EntityKind::Finding.field_errors(&write, true);
        if !problems.is_empty() {
            form.errors.set(problems);
            return;
        }
        match device
            .save(context, EntityKind::Finding, Uuid::now_v7(), write)
            .await
        {
            Ok(()) => {
                form.clear_draft();
                form.values.set(Default::default());
                chosen.set(None);
                error.set(None);
            }
            Err(failure) => error.set(Some(
                context.t(crate::pages::save_failure(&failure)).to_string(),
            )),
        }
    });
    view! {
        <div class="subform" id="finding-form">
            <h2>{move || context.t(i18n::ADD_FINDING)}</h2>
            <label for="finding-subject-search">{move || context.t(i18n::CHOOSE_SUBJECT)}</label>
            <input id="finding-subject-search" type="search" placeholder=move || context.t(i18n::SEARCH_PLACEHOLDER)
                prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
            <A href=format!("/orang-asing/baru?kembali=/pemeriksaan/{inspection_id}") attr:class="button secondary" attr:id="register-inline">
                {move || context.t(i18n::REGISTER_SUBJECT)}
            </A>
            <ul class="pick-list">
                <For each=move || results.get() key=|id| *id let:id>
                    <li>
                        <button type="button" class="button secondary pick" on:click=move |_| choose(id)>
                            {subject_text(id, "full_name").unwrap_or_default()} " · " {subject_text(id, "passport_number").unwrap_or_default()}
                        </button>
                    </li>
                </For>
            </ul>
            {move || chosen.get().map(|id| view! {
                <p class="notice" id="finding-chosen">{context.t(i18n::CHOSEN)} ": " {subject_text(id, "full_name").unwrap_or_default()}</p>
            })}
            {move || overstay().map(|(days, fee)| view! {
                <p class="badge danger" id="finding-overstay">
                    {context.t(i18n::PERMIT_OVERSTAY)} " " {days} " " {context.t(i18n::DAYS)} " · " {context.t(i18n::FEE)} " " {rupiah(fee)}
                    " — " {context.t(i18n::OVERSTAY_AUTO)}
                </p>
            })}
            {FORM[..2].iter().map(|(name, input)| view! { <Field form name=*name input=*input /> }).collect_view()}
            // What political activity was seen, and where, is asked once it is a violation.
            <Show when=move || form.get("violations").split(',').any(|v| v == POLITICAL_ACTIVITY)>
                {FORM[2..4].iter().map(|(name, input)| view! { <Field form name=*name input=*input /> }).collect_view()}
            </Show>
            {FORM[4..].iter().map(|(name, input)| view! { <Field form name=*name input=*input /> }).collect_view()}
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert" id="finding-error">{move || error.get()}</p>
            </Show>
            <button class="button primary" id="finding-save" type="button" on:click=move |_| { save.dispatch(()); }>
                {move || context.t(i18n::ADD_FINDING)}
            </button>
        </div>
    }
}
