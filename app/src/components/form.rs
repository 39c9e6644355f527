//! Form machinery shared by every record form: typed inputs, values kept as text while
//! typing, field errors from the shared rules shown in place, debounced draft autosave,
//! and the write that a save sends.

use crate::AppContext;
use crate::drafts;
use crate::i18n::fields::field_name;
use leptos::prelude::*;
use pantau_shared::FieldError;
use pantau_shared::Lang;
use pantau_shared::code_table::CodeTables;
use pantau_shared::entity::FieldMap;
use pantau_shared::named_code::NamedCodes;
use serde_json::Value;
use std::collections::BTreeMap;

/// A list of codes with their labels in a language.
pub type Options = fn(Lang) -> Vec<(&'static str, &'static str)>;

/// How a field is typed in.
#[derive(Clone, Copy)]
pub enum Input {
    Text,
    /// A country or ICAO category code, typed as a code and read as its name.
    Country,
    Date,
    LongText,
    Number,
    /// A region's code, typed or chosen by names level by level.
    Region,
    /// A visa index code, chosen from the codes in force today (typed until the device
    /// has the table).
    VisaIndex,
    /// An administrative action, chosen from the actions in force today (typed until the
    /// device has the table).
    Action,
    /// A stay permit type, chosen from the types in force today (typed until the device
    /// has the table).
    Permit,
    Choice(Options),
    /// Several codes; kept as a comma-separated text, sent as a list.
    Multi(Options),
    /// Codes of a table of named codes, several, chosen from those in force today (typed
    /// until the device has the table); kept and sent as `Multi`.
    NamedList(NamedTable),
    /// A member agency, chosen from the agencies in force today (typed until the device
    /// has the table).
    Agency,
}

/// Which table of named codes a field's codes come from.
pub type NamedTable = fn(&CodeTables) -> &NamedCodes;

/// The violation codes: what a finding names.
pub fn violation_table(tables: &CodeTables) -> &NamedCodes {
    &tables.violation_codes
}

/// The member agencies: present at an inspection, attending a Rakor, owning a follow-up.
pub fn agency_table(tables: &CodeTables) -> &NamedCodes {
    &tables.agencies
}

/// A stored value as a person reads it: a coded field's label in `lang` (from the
/// form's own choices), a country's name with its code, any other value as it is.
pub fn shown_value(form: &[(&str, Input)], name: &str, raw: &str, lang: Lang) -> String {
    let input = form
        .iter()
        .find(|(field, _)| *field == name)
        .map(|(_, input)| *input);
    let options = match input {
        Some(Input::Country) => return country_text(raw, lang),
        Some(Input::NamedList(table)) => return code_names(table, raw.split(','), lang),
        Some(Input::Permit) => return code_names(|tables| &tables.permit_types, [raw], lang),
        Some(Input::Agency) => return code_names(agency_table, [raw], lang),
        Some(Input::Choice(options) | Input::Multi(options)) => options,
        _ => return raw.to_string(),
    };
    options(lang)
        .into_iter()
        .find(|(code, _)| *code == raw)
        .map_or_else(|| raw.to_string(), |(_, label)| label.to_string())
}

/// Codes by their names in the device's `table`, joined by commas; a code the table does
/// not hold reads as itself.
pub fn code_names<'a>(
    table: NamedTable,
    codes: impl IntoIterator<Item = &'a str>,
    lang: Lang,
) -> String {
    let device = expect_context::<crate::device::Device>();
    device.code_tables.with(|tables| {
        codes
            .into_iter()
            .filter(|code| !code.is_empty())
            .map(|code| table(tables).label_of(code, lang))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A country or category code as its name, with the code: "Jerman (DEU)".
pub fn country_text(code: &str, lang: Lang) -> String {
    match pantau_shared::icao::name(code, lang) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// The values of a form as text, its errors, and its draft.
#[derive(Clone, Copy)]
pub struct FormState {
    pub values: RwSignal<BTreeMap<String, String>>,
    pub errors: RwSignal<Vec<FieldError>>,
    draft_key: StoredValue<String>,
    generation: StoredValue<u64>,
}

/// A record's fields as the text a form shows.
pub fn as_text(fields: &FieldMap) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    texts.extend(fields.iter().filter_map(|(name, value)| {
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Number(number) => number.to_string(),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(","),
            _ => return None,
        };
        Some((name.clone(), text))
    }));
    texts
}

/// A form's texts as the fields of a draft. Maps here are extended rather than collected:
/// collecting sorts first, and each sort costs the field bundle kilobytes.
pub fn as_fields(values: &BTreeMap<String, String>) -> FieldMap {
    let mut fields = FieldMap::new();
    fields.extend(
        values
            .iter()
            .map(|(name, value)| (name.clone(), Value::String(value.clone()))),
    );
    fields
}

/// The JSON value a field's text stands for (`None` when empty).
pub fn to_json(input: Input, text: &str) -> Option<Value> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match input {
        // Read as JSON reads a number: the field bundle then carries one float parser.
        Input::Number => serde_json::from_str::<f64>(&text.replace(',', "."))
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(text.to_string()), Value::Number),
        Input::Multi(_) | Input::NamedList(_) => Value::Array(
            text.split(',')
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.into()))
                .collect(),
        ),
        _ => Value::String(text.to_string()),
    })
}

/// The write a save sends: for a new record every non-empty value; for an existing one
/// only what changed, a cleared value as `null`, so a save never overwrites a teammate's
/// edit of another field.
pub fn changed_fields(
    form: &[(&str, Input)],
    values: &BTreeMap<String, String>,
    before: Option<&FieldMap>,
) -> FieldMap {
    let mut write = FieldMap::new();
    for (name, input) in form {
        let typed = to_json(
            *input,
            values.get(*name).map(String::as_str).unwrap_or_default(),
        );
        let old = before.and_then(|b| b.get(*name)).filter(|v| !v.is_null());
        if typed.as_ref() == old {
            continue;
        }
        match typed {
            Some(value) => {
                write.insert((*name).to_string(), value);
            }
            None if before.is_some() && old.is_some() => {
                write.insert((*name).to_string(), Value::Null);
            }
            None => {}
        }
    }
    write
}

impl FormState {
    /// A form over `before` (an existing record's fields), with any saved draft laid over.
    pub fn new(draft_key: String, before: Option<&FieldMap>) -> (FormState, bool) {
        let mut values = before.map(as_text).unwrap_or_default();
        let draft = drafts::load(&draft_key);
        if let Some(draft) = &draft {
            values.extend(as_text(draft));
        }
        let state = FormState {
            values: RwSignal::new(values),
            errors: RwSignal::new(Vec::new()),
            draft_key: StoredValue::new(draft_key),
            generation: StoredValue::new(0),
        };
        (state, draft.is_some())
    }

    pub fn set(&self, name: &str, value: String) {
        self.values.update(|v| {
            v.insert(name.to_string(), value);
        });
        let draft = self.values.with_untracked(as_fields);
        drafts::save_debounced(self.draft_key.get_value(), draft, self.generation);
    }

    pub fn get(&self, name: &str) -> String {
        self.values
            .with(|v| v.get(name).cloned().unwrap_or_default())
    }

    pub fn clear_draft(&self) {
        self.generation.update_value(|g| *g += 1);
        drafts::clear(&self.draft_key.get_value());
    }

    /// The error of one field in the current language, if it has one.
    pub fn error(&self, name: &str, lang: Lang) -> Option<String> {
        self.errors.with(|list| {
            list.iter()
                .find(|e| e.field == name)
                .map(|e| e.reason.message(lang))
        })
    }
}

/// Checks `write` with the shared rules and saves it; on success drops the draft and
/// opens `then`, otherwise shows each problem on its field and says why in `notice`.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    context: crate::AppContext,
    device: crate::device::Device,
    form: FormState,
    notice: RwSignal<Option<pantau_shared::lang::Label>>,
    entity: pantau_shared::sync::EntityKind,
    id: uuid::Uuid,
    write: FieldMap,
    creates: bool,
    then: String,
) {
    let problems = entity.field_errors(&write, creates);
    if !problems.is_empty() {
        form.errors.set(problems);
        notice.set(Some(crate::i18n::FIX_ERRORS));
        return;
    }
    match device.save(context, entity, id, write).await {
        Ok(()) => {
            form.clear_draft();
            leptos_router::hooks::use_navigate()(&then, Default::default());
        }
        Err(error) => {
            if let crate::device::SaveError::Edit(pantau_shared::device::EditError::Invalid(
                problem,
            )) = &error
            {
                form.errors.set(vec![problem.clone()]);
            }
            notice.set(Some(crate::pages::save_failure(&error)));
        }
    }
}

/// Where a record form starts: the record named by the route's `:id` (or a new id), its
/// fields before editing, and the form over them with any draft restored.
pub struct OpenedForm {
    pub existing: Option<uuid::Uuid>,
    pub id: uuid::Uuid,
    pub form: FormState,
    pub restored: bool,
    pub before: StoredValue<Option<FieldMap>>,
}

/// Opens the form for an entity; `kind` names its drafts.
pub fn open_record_form(device: crate::device::Device, kind: &str) -> OpenedForm {
    let existing = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id"))
        .and_then(|id| uuid::Uuid::parse_str(&id).ok());
    let id = existing.unwrap_or_else(uuid::Uuid::now_v7);
    let before = existing.and_then(|id| {
        device
            .state
            .with_untracked(|s| s.record(id).map(|r| r.fields.clone()))
    });
    let draft_key = format!(
        "{kind}.{}",
        existing.map_or_else(|| "new".to_string(), |id| id.to_string())
    );
    let (form, restored) = FormState::new(draft_key, before.as_ref());
    OpenedForm {
        existing,
        id,
        form,
        restored,
        before: StoredValue::new(before),
    }
}

/// One labelled input with its error underneath.
#[component]
pub fn Field(form: FormState, name: &'static str, input: Input) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let value = move || form.get(name);
    let on_input = move |ev: leptos::ev::Event| form.set(name, event_target_value(&ev));
    let error = move || form.error(name, context.lang.get());
    // A code of a table the device does not hold yet is typed.
    let held = expect_context::<crate::device::Device>()
        .code_tables
        .with_untracked(|tables| match input {
            Input::VisaIndex => !tables.visa_indexes.0.is_empty(),
            Input::Action => !tables.administrative_actions.0.is_empty(),
            Input::NamedList(table) => !table(tables).0.is_empty(),
            Input::Permit => !tables.permit_types.0.is_empty(),
            Input::Agency => !tables.agencies.0.is_empty(),
            _ => true,
        });
    let input = if held { input } else { Input::Text };
    // `change` as well as `input`: autofill and clearing a field may fire only `change`.
    let control = match input {
        Input::Text => view! { <input id=name name=name prop:value=value on:input=on_input on:change=on_input /> }.into_any(),
        Input::VisaIndex => visa_index_choice(form, name).into_any(),
        Input::Action => named_choice(
            form,
            name,
            |tables| &tables.administrative_actions,
            |action, lang| action.label(lang).to_string(),
        ),
        // Officers know permits by their codes (ITAS, KITAS): each reads with its code
        // first, and typing the code picks it.
        Input::Permit => named_choice(
            form,
            name,
            |tables| &tables.permit_types,
            |permit, lang| format!("{} — {}", permit.code, permit.label(lang)),
        ),
        Input::Agency => named_choice(form, name, agency_table, |agency, lang| {
            agency.label(lang).to_string()
        }),
        Input::Region => view! {
            <input id=name name=name inputmode="decimal" prop:value=value on:input=on_input on:change=on_input />
            <super::region_picker::RegionPicker form name />
        }
        .into_any(),
        Input::Country => view! {
            <input id=name name=name autocapitalize="characters" maxlength="3" prop:value=value on:input=on_input on:change=on_input />
        }
        .into_any(),
        Input::Number => view! {
            <input id=name name=name inputmode="decimal" prop:value=value on:input=on_input on:change=on_input />
        }
        .into_any(),
        Input::Date => view! { <input id=name name=name type="date" prop:value=value on:input=on_input on:change=on_input /> }.into_any(),
        Input::LongText => view! {
            <textarea id=name name=name rows="3" prop:value=value on:input=on_input on:change=on_input></textarea>
        }
        .into_any(),
        Input::Choice(options) => view! {
            <select id=name name=name prop:value=value on:change=on_input>
                <option value="">"—"</option>
                {move || options(context.lang.get()).into_iter().map(|(code, label)| view! {
                    <option value=code selected=move || value() == code>{label}</option>
                }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Multi(options) => checkboxes(
            form,
            name,
            Box::new(move || {
                let mut offered = Vec::new();
                for (code, label) in options(context.lang.get()) {
                    offered.push((code.to_string(), label.to_string()));
                }
                offered
            }),
        ),
        Input::NamedList(table) => named_checkboxes(form, name, table),
    };
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=name>{move || field_name(name, context.lang.get())}</label>
            {control}
            <Show when=move || error().is_some()>
                <p class="field-error" id=format!("{name}-error")>{error}</p>
            </Show>
        </div>
    }
}

/// What a list of checkboxes offers, (code, label) each: boxed, so the field bundle carries
/// one list whatever offers it.
type Choices = Box<dyn Fn() -> Vec<(String, String)> + Send + Sync>;

/// A checkbox for each of `options` (code, label), the codes checked kept in `name` as a
/// comma-separated text.
fn checkboxes(form: FormState, name: &'static str, options: Choices) -> AnyView {
    let value = move || form.get(name);
    view! {
        <div class="choices" id=name>
            {move || options().into_iter().map(|(code, label)| {
                let held = code.clone();
                let checked = move || value().split(',').any(|c| c == held);
                let toggled = code.clone();
                let toggle = move |_| {
                    let before = value();
                    let mut codes: Vec<&str> = before.split(',').filter(|c| !c.is_empty() && *c != toggled).collect();
                    if codes.len() == before.split(',').filter(|c| !c.is_empty()).count() {
                        codes.push(&toggled);
                    }
                    form.set(name, codes.join(","));
                };
                view! {
                    <label class="choice">
                        <input type="checkbox" value=code prop:checked=checked on:change=toggle />
                        <span>{label}</span>
                    </label>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

/// The codes of `table` in force today, and those the record holds even when retired,
/// each by its name (the server takes no code its table does not hold).
fn named_checkboxes(form: FormState, name: &'static str, table: NamedTable) -> AnyView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<crate::device::Device>();
    checkboxes(
        form,
        name,
        Box::new(move || {
            let held = form.get(name);
            let lang = context.lang.get();
            let today = pantau_shared::code_table::office_day(js_sys::Date::now() as i64)
                .unwrap_or_else(crate::today);
            let mut offered = Vec::new();
            device.code_tables.with(|tables| {
                for entry in &table(tables).0 {
                    if pantau_shared::code_table::DatedCode::in_force_on(entry, today)
                        || held.split(',').any(|code| code == entry.code)
                    {
                        offered.push((entry.code.clone(), entry.label(lang).to_string()));
                    }
                }
            });
            offered
        }),
    )
}

/// The codes of a table in force today with their labels, and the record's own code even
/// when retired: `code_choice` offers them as a select.
fn code_choice<T: pantau_shared::code_table::DatedCode + 'static>(
    form: FormState,
    name: &'static str,
    table: impl Fn(&pantau_shared::code_table::CodeTables) -> &pantau_shared::code_table::CodeTable<T>
    + Copy
    + Send
    + Sync
    + 'static,
    label: fn(&T, Lang) -> String,
    chosen: impl Fn(String) + Copy + Send + Sync + 'static,
) -> AnyView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<crate::device::Device>();
    let value = move || form.get(name);
    let options = move || {
        let current = value();
        let lang = context.lang.get();
        // The office's day, by which the write is judged (here and by the server).
        let today = pantau_shared::code_table::office_day(js_sys::Date::now() as i64)
            .unwrap_or_else(crate::today);
        device.code_tables.with(|tables| {
            let table = table(tables);
            let mut offered: Vec<(String, String)> = table
                .0
                .iter()
                .filter(|entry| entry.in_force_on(today) || entry.code() == current)
                .map(|entry| (entry.code().to_string(), label(entry, lang)))
                .collect();
            if !current.is_empty() && table.find(&current).is_none() {
                offered.push((current.clone(), current.clone()));
            }
            offered
                .into_iter()
                .map(|(code, label)| {
                    let selected = code == current;
                    view! { <option value=code selected=selected>{label}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <select id=name name=name on:change=move |ev| chosen(event_target_value(&ev))>
            <option value="">"—"</option>
            {options}
        </select>
    }
    .into_any()
}

/// The visa index codes, each with its purpose. Choosing one fills an empty permit type
/// with the permit it leads to.
fn visa_index_choice(form: FormState, name: &'static str) -> AnyView {
    let device = expect_context::<crate::device::Device>();
    let chosen = move |code: String| {
        let leads_to = device.code_tables.with_untracked(|tables| {
            tables
                .visa_indexes
                .find(&code)
                .and_then(|index| index.permit_type.clone())
        });
        let permit_field = pantau_shared::permit::PERMIT_TYPE;
        if let Some(permit) = leads_to.filter(|_| form.get(permit_field).is_empty()) {
            form.set(permit_field, permit);
        }
        form.set(name, code);
    };
    code_choice(
        form,
        name,
        |tables| &tables.visa_indexes,
        |index, lang| format!("{} — {}", index.code, index.purpose(lang)),
        chosen,
    )
}

/// A table of named codes (administrative actions, permit types), each code by its name:
/// a function pointer, so the field bundle carries one choice for every such table.
fn named_choice(
    form: FormState,
    name: &'static str,
    table: NamedTable,
    label: fn(&pantau_shared::named_code::NamedCode, Lang) -> String,
) -> AnyView {
    code_choice(form, name, table, label, move |code| form.set(name, code))
}
