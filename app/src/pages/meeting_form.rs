//! Record a coordination meeting: date, place, theme, chair, attendance from the team
//! roster grouped by agency, agenda, minutes and decisions.

use crate::AppContext;
use crate::components::form::{Field, Input, OpenedForm, changed_fields, open_record_form, submit};
use crate::components::roster_picker::{RosterPicker, ticked, ticked_agencies};
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use pantau_shared::sync::EntityKind;

pub(crate) const FORM: &[(&str, Input)] = &[
    ("date", Input::Date),
    ("place", Input::Text),
    ("theme", Input::Text),
    ("chair", Input::Text),
    ("region_code", Input::Region),
    ("agenda", Input::LongText),
    ("minutes", Input::LongText),
    ("decisions", Input::LongText),
];
const ATTENDEES: (&str, Input) = ("attendee_ids", Input::Multi(|_| Vec::new()));

#[component]
pub fn MeetingFormPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let OpenedForm {
        existing: existing_id,
        id,
        form,
        restored,
        before,
    } = open_record_form(device, "meeting");
    if existing_id.is_none() && form.get("region_code").is_empty() {
        // A team's meeting is about the team's region; the roster's team region is not on
        // the device, so the officer's own records suggest it.
        let region = device.state.with_untracked(|s| {
            s.records()
                .find_map(|r| r.text("region_code").map(str::to_string))
        });
        if let Some(region) = region {
            let regency: String = region.split('.').take(2).collect::<Vec<_>>().join(".");
            form.set("region_code", regency);
        }
    }
    let notice = RwSignal::new(restored.then_some(i18n::DRAFT_RESTORED));
    let save = crate::task::Task::new_local(move |_: &()| async move {
        let fields: Vec<(&str, Input)> = FORM.iter().copied().chain([ATTENDEES]).collect();
        let mut write = form
            .values
            .with_untracked(|v| before.with_value(|b| changed_fields(&fields, v, b.as_ref())));
        if write.contains_key("attendee_ids") {
            let ids = ticked(form, "attendee_ids");
            let agencies = device
                .roster
                .with_untracked(|roster| serde_json::json!(ticked_agencies(roster, &ids)));
            write.insert("attending_agencies".into(), agencies);
        }
        let creates = before.with_value(Option::is_none);
        submit(
            context,
            device,
            form,
            notice,
            EntityKind::Meeting,
            id,
            write,
            creates,
            format!("/rakor/{id}"),
        )
        .await;
    });
    view! {
        <section class="card">
            <h1>{move || context.t(if existing_id.is_some() { i18n::EDIT } else { i18n::NEW_MEETING })}</h1>
            <Show when=move || notice.get().is_some()>
                <p class="notice" id="form-notice" role="status">{move || notice.get().map(|n| context.t(n))}</p>
            </Show>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                {FORM.iter().map(|(name, input)| view! { <Field form name=*name input=*input /> }).collect_view()}
                <RosterPicker form field="attendee_ids" title=i18n::ATTENDANCE id="attendance" />
                <button class="button primary" id="meeting-save" type="submit" disabled=move || save.pending().get()>
                    {move || context.t(if save.pending().get() { i18n::SAVING } else { i18n::SAVE })}
                </button>
            </form>
        </section>
    }
}
