//! Register or edit a foreign national. Every value is checked with the same shared
//! rules the server applies, each error shown on its field; the MRZ fills the form, with
//! each failing check digit shown on its field; the form autosaves as a draft.

use crate::AppContext;
use crate::device::{Device, SaveError};
use crate::drafts;
use crate::i18n::{self, fields::field_name};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use pantau_shared::FieldError;
use pantau_shared::Lang;
use pantau_shared::device::EditError;
use pantau_shared::entity::FieldMap;
use pantau_shared::identity::Nationality;
use pantau_shared::mrz::parse_td3;
use pantau_shared::permit::{DocumentType, PermitType};
use pantau_shared::subject::{Sex, StayType};
use pantau_shared::sync::EntityKind;
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

/// How a field is typed in.
#[derive(Clone, Copy)]
enum Input {
    Text,
    Date,
    LongText,
    /// Codes with their labels.
    Choice(fn(Lang) -> Vec<(&'static str, &'static str)>),
}

fn sexes(lang: Lang) -> Vec<(&'static str, &'static str)> {
    Sex::ALL.iter().map(|v| (v.code(), v.label(lang))).collect()
}
fn documents(lang: Lang) -> Vec<(&'static str, &'static str)> {
    DocumentType::ALL
        .iter()
        .map(|v| (v.code(), v.label(lang)))
        .collect()
}
fn permits(lang: Lang) -> Vec<(&'static str, &'static str)> {
    PermitType::ALL
        .iter()
        .map(|v| (v.code(), v.label(lang)))
        .collect()
}
fn stays(lang: Lang) -> Vec<(&'static str, &'static str)> {
    StayType::ALL
        .iter()
        .map(|v| (v.code(), v.label(lang)))
        .collect()
}

/// The form's fields, in order.
const FORM: &[(&str, Input)] = &[
    ("full_name", Input::Text),
    ("nationality", Input::Text),
    ("sex", Input::Choice(sexes)),
    ("date_of_birth", Input::Date),
    ("document_type", Input::Choice(documents)),
    ("passport_number", Input::Text),
    ("passport_issuing_country", Input::Text),
    ("passport_expiry", Input::Date),
    ("visa_code", Input::Text),
    ("permit_type", Input::Choice(permits)),
    ("permit_number", Input::Text),
    ("permit_expiry", Input::Date),
    ("region_code", Input::Text),
    ("stay_type", Input::Choice(stays)),
    ("address", Input::Text),
    ("employer", Input::Text),
    ("nik", Input::Text),
    ("notes", Input::LongText),
];

/// The form's values as text, from a record's fields.
fn as_text(fields: &FieldMap) -> BTreeMap<String, String> {
    fields
        .iter()
        .filter_map(|(name, value)| value.as_str().map(|text| (name.clone(), text.to_string())))
        .collect()
}

/// The write to send: every non-empty value for a new record; for an existing one only
/// what changed, a cleared value as `null`, so a save never overwrites a teammate's edit
/// of another field.
pub fn changed_fields(values: &BTreeMap<String, String>, before: Option<&FieldMap>) -> FieldMap {
    let mut write = FieldMap::new();
    for (name, _) in FORM.iter().chain([("mrz", Input::LongText)].iter()) {
        let typed = values.get(*name).map(|v| v.trim()).unwrap_or_default();
        let old = before
            .and_then(|b| b.get(*name))
            .and_then(Value::as_str)
            .unwrap_or_default();
        if typed == old {
            continue;
        }
        let value = if typed.is_empty() {
            Value::Null
        } else {
            Value::String(typed.to_string())
        };
        if before.is_some() || !typed.is_empty() {
            write.insert((*name).to_string(), value);
        }
    }
    write
}

/// Fills the form from a TD3 machine-readable zone, or names each failing field.
pub fn fill_from_mrz(
    values: &mut BTreeMap<String, String>,
    text: &str,
) -> Result<(), Vec<FieldError>> {
    let mrz = parse_td3(text, crate::today())?;
    values.insert("full_name".into(), mrz.full_name());
    values.insert("passport_number".into(), mrz.document_number.clone());
    values.insert("passport_expiry".into(), mrz.expiry.to_string());
    values.insert("document_type".into(), DocumentType::Passport.code().into());
    values.insert("sex".into(), mrz.sex.code().into());
    if let Some(date) = mrz.date_of_birth {
        values.insert("date_of_birth".into(), date.to_string());
    }
    for (field, code) in [
        ("nationality", &mrz.nationality),
        ("passport_issuing_country", &mrz.issuing_state),
    ] {
        if Nationality::parse(code).is_ok() {
            values.insert(field.into(), code.clone());
        }
    }
    values.insert("mrz".into(), text.trim().to_uppercase());
    Ok(())
}

#[component]
pub fn SubjectFormPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let params = use_params_map();
    let existing_id = params
        .with_untracked(|p| p.get("id"))
        .and_then(|id| Uuid::parse_str(&id).ok());
    let id = existing_id.unwrap_or_else(Uuid::now_v7);
    let draft_key = format!(
        "subject.{}",
        existing_id.map_or_else(|| "new".to_string(), |id| id.to_string())
    );
    let before = existing_id.and_then(|id| {
        device
            .state
            .with_untracked(|s| s.record(id).map(|r| r.fields.clone()))
    });
    let mut initial = before.as_ref().map(as_text).unwrap_or_default();
    let restored = drafts::load(&draft_key);
    if let Some(draft) = &restored {
        initial.extend(as_text(draft));
    }
    let values = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(restored.map(|_| i18n::DRAFT_RESTORED));
    let mrz_text = RwSignal::new(String::new());
    let generation = StoredValue::new(0u64);
    let before = StoredValue::new(before);

    let draft_key_for_input = StoredValue::new(draft_key.clone());
    let set_value = move |name: &'static str, value: String| {
        values.update(|v| {
            v.insert(name.to_string(), value);
        });
        let draft: FieldMap = values.with_untracked(|v| {
            v.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect()
        });
        drafts::save_debounced(draft_key_for_input.get_value(), draft, generation);
    };
    let error_for = move |name: &'static str| {
        errors.with(|list| {
            list.iter()
                .find(|e| e.field == name)
                .map(|e| e.reason.message(context.lang.get()))
        })
    };
    let fill = move |_| {
        let text = mrz_text.get_untracked();
        let mut updated = values.get_untracked();
        match fill_from_mrz(&mut updated, &text) {
            Ok(()) => {
                values.set(updated);
                errors.set(Vec::new());
                notice.set(Some(i18n::MRZ_FILLED));
            }
            Err(problems) => {
                errors.set(problems);
                notice.set(Some(i18n::FIX_ERRORS));
            }
        }
    };
    let save = Action::new_local(move |_: &()| {
        let draft_key = draft_key.clone();
        async move {
            let write =
                values.with_untracked(|v| before.with_value(|b| changed_fields(v, b.as_ref())));
            let creates = before.with_value(Option::is_none);
            let problems = EntityKind::Subject.field_errors(&write, creates);
            if !problems.is_empty() {
                errors.set(problems);
                notice.set(Some(i18n::FIX_ERRORS));
                return;
            }
            match device.save(context, EntityKind::Subject, id, write).await {
                Ok(()) => {
                    drafts::clear(&draft_key);
                    use_navigate()(&format!("/orang-asing/{id}"), Default::default());
                }
                Err(SaveError::Edit(EditError::Invalid(problem))) => {
                    errors.set(vec![problem]);
                    notice.set(Some(i18n::FIX_ERRORS));
                }
                Err(SaveError::Store(crate::store::StoreError::QuotaExceeded)) => {
                    notice.set(Some(i18n::STORAGE_FULL))
                }
                Err(_) => notice.set(Some(i18n::STORAGE_UNAVAILABLE)),
            }
        }
    });

    let field_view = move |(name, input): (&'static str, Input)| {
        let value = move || values.with(|v| v.get(name).cloned().unwrap_or_default());
        let on_input = move |ev: leptos::ev::Event| set_value(name, event_target_value(&ev));
        let control = match input {
            // `change` as well as `input`: autofill and clearing a field may fire only `change`.
            Input::Text => view! { <input id=name name=name prop:value=value on:input=on_input on:change=on_input /> }.into_any(),
            Input::Date => view! { <input id=name name=name type="date" prop:value=value on:input=on_input on:change=on_input /> }.into_any(),
            Input::LongText => view! { <textarea id=name name=name rows="3" prop:value=value on:input=on_input on:change=on_input></textarea> }.into_any(),
            Input::Choice(options) => view! {
                <select id=name name=name prop:value=value on:change=on_input>
                    <option value="">"—"</option>
                    {move || options(context.lang.get()).into_iter().map(|(code, label)| view! {
                        <option value=code selected=move || value() == code>{label}</option>
                    }).collect_view()}
                </select>
            }
            .into_any(),
        };
        view! {
            <div class="field" class:invalid=move || error_for(name).is_some()>
                <label for=name>{move || field_name(name, context.lang.get())}</label>
                {control}
                <Show when=move || error_for(name).is_some()>
                    <p class="field-error" id=format!("{name}-error")>{move || error_for(name)}</p>
                </Show>
            </div>
        }
    };
    view! {
        <section class="card">
            <h1>{move || context.t(if existing_id.is_some() { i18n::EDIT } else { i18n::REGISTER_SUBJECT })}</h1>
            <Show when=move || notice.get().is_some()>
                <p class="notice" id="form-notice" role="status">{move || notice.get().map(|n| context.t(n))}</p>
            </Show>
            <div class="mrz">
                <label for="mrz-input">{move || context.t(i18n::MRZ_TITLE)}</label>
                <textarea id="mrz-input" rows="2" spellcheck="false" autocapitalize="characters" class="mono"
                    prop:value=move || mrz_text.get() on:input=move |ev| mrz_text.set(event_target_value(&ev))
                    on:change=move |ev| mrz_text.set(event_target_value(&ev))></textarea>
                <Show when=move || error_for("mrz").is_some()>
                    <p class="field-error" id="mrz-error">{move || error_for("mrz")}</p>
                </Show>
                <button class="button secondary" id="mrz-fill" type="button" on:click=fill>{move || context.t(i18n::MRZ_FILL)}</button>
            </div>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                {FORM.iter().copied().map(field_view).collect_view()}
                <button class="button primary" id="subject-save" type="submit" disabled=move || save.pending().get()>
                    {move || context.t(if save.pending().get() { i18n::SAVING } else { i18n::SAVE })}
                </button>
            </form>
        </section>
    }
}
