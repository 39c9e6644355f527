//! Start an inspection at a place, or edit one still in draft: where (GPS, or address
//! and position by hand), what kind of operation, under which written order or why
//! without one, and which agencies are present.

use crate::AppContext;
use crate::components::form::{
    Field, Input, OpenedForm, agency_table, changed_fields, open_record_form, submit,
};
use crate::components::options;
use crate::components::roster_picker::RosterPicker;
use crate::device::Device;
use crate::gps;
use crate::i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::decimal::fixed_decimals;
use pantau_shared::sync::EntityKind;
use serde_json::Value;

pub(crate) const FORM: &[(&str, Input)] = &[
    ("place_name", Input::Text),
    ("place_type", Input::Choice(options::place_types)),
    ("region_code", Input::Region),
    ("address", Input::Text),
    ("latitude", Input::Number),
    ("longitude", Input::Number),
    ("gps_accuracy_m", Input::Number),
    ("operation_type", Input::Choice(options::operation_types)),
    // Chosen from the operations running today (below), not typed.
    ("operation_id", Input::Text),
    ("warrant_number", Input::Text),
    (
        "no_warrant_reason",
        Input::Choice(options::no_warrant_reasons),
    ),
    ("agencies", Input::NamedList(agency_table)),
    ("notes", Input::LongText),
    ("officer_ids", Input::Multi(|_| Vec::new())),
];

#[component]
pub fn InspectionFormPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let OpenedForm {
        existing: existing_id,
        id,
        form,
        restored,
        before,
    } = open_record_form(device, "inspection");
    let notice = RwSignal::new(restored.then_some(i18n::DRAFT_RESTORED));
    let locating = RwSignal::new(false);
    // A new inspection while an election period runs is tagged to it, unless the officer
    // takes the tag off and says why.
    let election = existing_id.is_none().then(|| {
        let today = crate::today().to_string();
        device.state.with_untracked(|s| {
            s.active_election(&today)
                .map(|(id, name)| (id, name.to_string()))
        })
    });
    let (election_id, election_name) = election.flatten().unzip();
    let untagged = RwSignal::new(false);
    // The written orders the inspection may be made under: those running today.
    let operations: Vec<(String, String)> = device.state.with_untracked(|s| {
        s.operations_on(&crate::today().to_string())
            .map(|(id, number)| (id.to_string(), number.to_string()))
            .collect()
    });
    let untag_reason = RwSignal::new(String::new());

    // Under an operation, the inspection's written order is the operation's.
    let numbers = StoredValue::new(operations.clone());
    let choose_operation = move |chosen: String| {
        let number = numbers.with_value(|all| {
            all.iter()
                .find(|(id, _)| *id == chosen)
                .map(|(_, number)| number.clone())
        });
        let unnumbered = form
            .values
            .with_untracked(|v| v.get("warrant_number").is_none_or(String::is_empty));
        if let Some(number) = number.filter(|_| unnumbered) {
            form.set("warrant_number", number);
        }
        form.set("operation_id", chosen);
    };
    let take_position = move |_| {
        locating.set(true);
        spawn_local(async move {
            match gps::current_position().await {
                Some(fix) => {
                    form.set("latitude", fixed_decimals(fix.latitude, 6));
                    form.set("longitude", fixed_decimals(fix.longitude, 6));
                    form.set("gps_accuracy_m", fixed_decimals(fix.accuracy_m, 0));
                }
                None => notice.set(Some(i18n::GPS_UNAVAILABLE)),
            }
            locating.set(false);
        });
    };
    let save = crate::task::Task::new_local(move |_: &()| async move {
        let mut write = form
            .values
            .with_untracked(|v| before.with_value(|b| changed_fields(FORM, v, b.as_ref())));
        let creates = before.with_value(Option::is_none);
        if creates {
            write.insert("started_at".into(), Value::String(crate::now_rfc3339()));
            write.insert("status".into(), Value::String("draft".into()));
            if let Some(period) = election_id {
                if !untagged.get_untracked() {
                    write.insert(
                        "election_period_id".into(),
                        Value::String(period.to_string()),
                    );
                } else {
                    let reason = untag_reason.get_untracked();
                    if reason.trim().is_empty() {
                        notice.set(Some(i18n::ELECTION_UNTAG_REASON_NEEDED));
                        return;
                    }
                    write.insert(
                        "election_untag_reason".into(),
                        Value::String(reason.trim().into()),
                    );
                }
            }
        }
        submit(
            context,
            device,
            form,
            notice,
            EntityKind::Inspection,
            id,
            write,
            creates,
            format!("/pemeriksaan/{id}"),
        )
        .await;
    });
    view! {
        <section class="card">
            <h1>{move || context.t(if existing_id.is_some() { i18n::EDIT } else { i18n::START_INSPECTION })}</h1>
            <Show when=move || notice.get().is_some()>
                <p class="notice" id="form-notice" role="status">{move || notice.get().map(|n| context.t(n))}</p>
            </Show>
            <button class="button secondary" id="take-gps" type="button" on:click=take_position disabled=move || locating.get()>
                {move || context.t(if locating.get() { i18n::GPS_TAKING } else { i18n::GPS_TAKE })}
            </button>
            <Show when=move || !form.get("gps_accuracy_m").is_empty()>
                <p class="muted" id="gps-fix">
                    {move || format!("{}, {} · {} ±{} m", form.get("latitude"), form.get("longitude"), context.t(i18n::GPS_ACCURACY), form.get("gps_accuracy_m"))}
                </p>
            </Show>
            {election_name.map(|name| view! {
                <fieldset class="election-tag" id="election-tag">
                    <p>{move || context.t(i18n::ELECTION_TAGGED)} ": " <strong>{name}</strong></p>
                    <label>
                        <input type="checkbox" id="election-untag" on:change=move |ev| untagged.set(event_target_checked(&ev)) />
                        " " {move || context.t(i18n::ELECTION_UNTAG)}
                    </label>
                    <Show when=move || untagged.get()>
                        <label class="field">
                            <span>{move || context.t(i18n::ELECTION_UNTAG_REASON)}</span>
                            <input id="election-untag-reason" type="text" on:input=move |ev| untag_reason.set(event_target_value(&ev)) />
                        </label>
                    </Show>
                </fieldset>
            })}
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                {(!operations.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="operation_id">{move || crate::i18n::fields::field_name("operation_id", context.lang.get())}</label>
                        <select id="operation_id" prop:value=move || form.get("operation_id")
                            on:change=move |ev| choose_operation(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {operations.into_iter().map(|(id, number)| {
                                let chosen = id.clone();
                                view! { <option value=id selected=move || form.get("operation_id") == chosen>{number}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })}
                {FORM.iter().filter(|(name, _)| !matches!(*name, "officer_ids" | "operation_id")).map(|(name, input)| view! { <Field form name=*name input=*input /> }).collect_view()}
                <RosterPicker form field="officer_ids" title=i18n::OFFICERS_PRESENT id="officers-present" />
                <button class="button primary" id="inspection-save" type="submit" disabled=move || save.pending().get()>
                    {move || context.t(if save.pending().get() { i18n::SAVING } else { i18n::SAVE })}
                </button>
            </form>
        </section>
    }
}
