//! Register or edit a foreign national. Every value is checked with the same shared
//! rules the server applies, each error shown on its field; the MRZ fills the form, with
//! each failing check digit shown on its field; the form autosaves as a draft.

use crate::AppContext;
use crate::components::form::{Field, Input, OpenedForm, changed_fields, open_record_form, submit};
use crate::components::options;
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use pantau_shared::FieldError;
use pantau_shared::duplicates::duplicate_keys;
use pantau_shared::mrz::parse_td3;
use pantau_shared::permit::DocumentType;
use pantau_shared::sync::EntityKind;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The form's fields, in order.
pub(crate) const FORM: &[(&str, Input)] = &[
    ("full_name", Input::Text),
    ("nationality", Input::Country),
    ("sex", Input::Choice(options::sexes)),
    ("date_of_birth", Input::Date),
    ("place_of_birth", Input::Text),
    ("document_type", Input::Choice(options::document_types)),
    ("passport_number", Input::Text),
    ("passport_issuing_country", Input::Country),
    ("passport_expiry", Input::Date),
    ("visa_code", Input::VisaIndex),
    ("permit_type", Input::Permit),
    ("permit_number", Input::Text),
    ("permit_start", Input::Date),
    ("permit_expiry", Input::Date),
    ("region_code", Input::Region),
    ("stay_type", Input::Choice(options::stay_types)),
    ("address", Input::Text),
    ("sponsor_type", Input::Choice(options::sponsor_types)),
    ("sponsor_name", Input::Text),
    ("sponsor_nik", Input::Text),
    ("sponsor_business_id", Input::Text),
    ("employer", Input::Text),
    ("position", Input::Text),
    ("work_permit_ref", Input::Text),
    ("nik", Input::Text),
    ("observer_accreditation", Input::Text),
    ("observer_accreditation_issuer", Input::Text),
    ("observer_accreditation_valid_until", Input::Date),
    ("notes", Input::LongText),
    ("mrz", Input::LongText),
];

/// Fills the form from a TD3 machine-readable zone, or names each failing field. Every
/// field the zone carries is replaced whole, and cleared where the zone has nothing valid
/// for it, so that no value of a document filled in before stays behind.
pub fn fill_from_mrz(
    values: &mut BTreeMap<String, String>,
    text: &str,
) -> Result<(), Vec<FieldError>> {
    let mrz = parse_td3(text, crate::today())?;
    let carried = [
        ("full_name", Some(mrz.full_name())),
        ("passport_number", Some(mrz.document_number.clone())),
        ("passport_expiry", Some(mrz.expiry.to_string())),
        ("document_type", Some(DocumentType::Passport.code().into())),
        ("sex", Some(mrz.sex.code().into())),
        ("date_of_birth", mrz.date_of_birth.map(|d| d.to_string())),
        ("nationality", mrz.stored_nationality().map(str::to_string)),
        (
            "passport_issuing_country",
            mrz.stored_issuing_state().map(str::to_string),
        ),
        ("mrz", Some(text.trim().to_uppercase())),
    ];
    for (field, value) in carried {
        values.insert(field.into(), value.unwrap_or_default());
    }
    Ok(())
}

/// Whose document a form holds: name and document number.
fn holder_of(values: &BTreeMap<String, String>) -> String {
    let text = |name: &str| values.get(name).map(String::as_str).unwrap_or_default();
    format!("{} {}", text("full_name"), text("passport_number"))
}

/// Asks the officer a yes-or-no question in the browser's own dialog.
fn ask(question: &str) -> bool {
    web_sys::window().is_some_and(|w| w.confirm_with_message(question).unwrap_or(false))
}

/// A foreign national on the device, other than `id`, who shares a key with the form's
/// values (see `pantau_shared::duplicates`): their id and name.
fn registered_alike(
    state: &pantau_shared::device::DeviceState,
    id: Uuid,
    values: &BTreeMap<String, String>,
) -> Option<(Uuid, String)> {
    let fields = crate::components::form::as_fields(values);
    let keys = duplicate_keys(&fields);
    if keys.is_empty() {
        return None;
    }
    state
        .records()
        .filter(|r| r.entity == "subject" && r.id != id && r.is_live())
        .find(|r| {
            duplicate_keys(&r.fields)
                .iter()
                .any(|key| keys.contains(key))
        })
        .map(|r| (r.id, r.title().unwrap_or_default().to_string()))
}

#[component]
pub fn SubjectFormPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let OpenedForm {
        existing: existing_id,
        id,
        form,
        restored,
        before,
    } = open_record_form(device, "subject");
    let notice = RwSignal::new(restored.then_some(i18n::DRAFT_RESTORED));
    // Whose document a restored draft holds, so it is never taken for the next person's.
    let holder = move || form.values.with(holder_of);
    let mrz_text = RwSignal::new(String::new());
    // Registered from an inspection: go back to it, to add the finding.
    let back_to = use_query_map()
        .with_untracked(|q| q.get("kembali"))
        .filter(|path| path.starts_with("/pemeriksaan/"));
    let next = StoredValue::new(back_to.unwrap_or_else(|| format!("/orang-asing/{id}")));

    let fill = move |_| {
        let mut carried = BTreeMap::new();
        match fill_from_mrz(&mut carried, &mrz_text.get_untracked()) {
            Ok(()) => {
                let held = form.values.get_untracked();
                // A new record's form that held another document asks before keeping
                // anything of that person but the region, where the officer works.
                let other = before.with_value(Option::is_none)
                    && held.get("passport_number").is_some_and(|old| {
                        !old.is_empty() && carried.get("passport_number") != Some(old)
                    });
                let clear = other
                    && ask(&format!(
                        "{} {}. {}",
                        context.t(i18n::OTHER_DOCUMENT),
                        holder_of(&held),
                        context.t(i18n::CLEAR_REST)
                    ));
                for (name, _) in FORM {
                    let value = carried
                        .get(*name)
                        .cloned()
                        .or_else(|| (clear && *name != "region_code").then(String::new));
                    if let Some(value) = value {
                        form.set(name, value);
                    }
                }
                form.errors.set(Vec::new());
                notice.set(Some(i18n::MRZ_FILLED));
            }
            Err(problems) => {
                form.errors.set(problems);
                notice.set(Some(i18n::FIX_ERRORS));
            }
        }
    };
    // A person already on the tablet (same passport, NIK, or name and birth date): the
    // officer opens that record or registers anyway, once they have seen it.
    let maybe_registered = RwSignal::new(None::<(Uuid, String)>);
    let register_anyway = RwSignal::new(false);
    let save = crate::task::Task::new_local(move |_: &()| async move {
        let write = form
            .values
            .with_untracked(|v| before.with_value(|b| changed_fields(FORM, v, b.as_ref())));
        let creates = before.with_value(Option::is_none);
        if creates && !register_anyway.get_untracked() {
            let found = form.values.with_untracked(|values| {
                device
                    .state
                    .with_untracked(|state| registered_alike(state, id, values))
            });
            if found.is_some() {
                maybe_registered.set(found);
                return;
            }
        }
        submit(
            context,
            device,
            form,
            notice,
            EntityKind::Subject,
            id,
            write,
            creates,
            next.get_value(),
        )
        .await;
    });
    let mrz_error = move || form.error("mrz", context.lang.get());
    view! {
        <section class="card">
            <h1>{move || context.t(if existing_id.is_some() { i18n::EDIT } else { i18n::REGISTER_SUBJECT })}</h1>
            <Show when=move || notice.get().is_some()>
                <p class="notice" id="form-notice" role="status">
                    {move || notice.get().map(|n| context.t(n))}
                    {move || (notice.get() == Some(i18n::DRAFT_RESTORED)).then(|| format!(" {} {}", context.t(i18n::DRAFT_HOLDS), holder()))}
                </p>
            </Show>
            <div class="mrz">
                <label for="mrz-input">{move || context.t(i18n::MRZ_TITLE)}</label>
                <textarea id="mrz-input" rows="2" spellcheck="false" autocapitalize="characters" class="mono"
                    prop:value=move || mrz_text.get() on:input=move |ev| mrz_text.set(event_target_value(&ev))
                    on:change=move |ev| mrz_text.set(event_target_value(&ev))></textarea>
                <Show when=move || mrz_error().is_some()>
                    <p class="field-error" id="mrz-error">{mrz_error}</p>
                </Show>
                <button class="button secondary" id="mrz-fill" type="button" on:click=fill>{move || context.t(i18n::MRZ_FILL)}</button>
            </div>
            {move || maybe_registered.get().map(|(other, name)| view! {
                <p class="notice warn" id="duplicate-warning" role="alert">
                    {context.t(i18n::MAY_BE_REGISTERED)} " " <strong>{name}</strong> " "
                    <a href=format!("/orang-asing/{other}") id="duplicate-open" on:click=move |_| form.clear_draft()>{context.t(i18n::OPEN_IT)}</a> " "
                    <button class="button secondary" id="register-anyway" type="button"
                        on:click=move |_| { register_anyway.set(true); maybe_registered.set(None); save.dispatch(()); }>
                        {context.t(i18n::REGISTER_ANYWAY)}
                    </button>
                </p>
            })}
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                {FORM.iter().filter(|(name, _)| *name != "mrz").map(|(name, input)| view! { <Field form name=*name input=*input /> }).collect_view()}
                <button class="button primary" id="subject-save" type="submit" disabled=move || save.pending().get()>
                    {move || context.t(if save.pending().get() { i18n::SAVING } else { i18n::SAVE })}
                </button>
            </form>
        </section>
    }
}
