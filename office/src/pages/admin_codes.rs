//! The regulation code tables on the administrator's screen — stay permit types, visa
//! index codes, administrative actions and violation codes: every code with its name
//! and days in force; a form that adds a code from a day, and one that retires a code
//! for its successor. The server checks and keeps; a refusal names the field in the
//! administrator's language.

use super::admin_forms::{Outcome, outcome_line, text_input};
use crate::api::{self, Refusal};
use crate::{OfficeContext, i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::code_table::{CodeTable, CodeTables, DatedCode};
use pantau_shared::lang::{Label, Lang};
use pantau_shared::named_code::NamedCode;
use pantau_shared::visa::VisaIndex;
use serde_json::json;

/// What sets one code table's section apart.
struct TableKind<T> {
    /// The prefix of the section's element ids.
    prefix: &'static str,
    /// The table's path under `/api/admin/`.
    path: &'static str,
    heading: Label,
    hint: Label,
    saved: Label,
    /// The names of the two label fields, Indonesian then English.
    label_names: [Label; 2],
    /// How a code of this table is spelled.
    code_format: Label,
    own: Option<OwnColumn<T>>,
    pick: fn(CodeTables) -> CodeTable<T>,
}

/// A column of a table's own: its field, its name, its choices (codes of another table)
/// and its value.
type OwnColumn<T> = (
    &'static str,
    Label,
    fn(&CodeTables) -> Vec<String>,
    fn(&T) -> String,
);

fn permit_of(index: &VisaIndex) -> String {
    index.permit_type.clone().unwrap_or_else(|| "—".into())
}

/// The permit types a new visa index code may lead to: those not retired.
fn permit_choices(tables: &CodeTables) -> Vec<String> {
    let permits = tables.permit_types.0.iter();
    permits
        .filter(|permit| permit.valid_to.is_none())
        .map(|permit| permit.code.clone())
        .collect()
}

#[component]
pub fn PermitSection() -> impl IntoView {
    code_section::<NamedCode>(TableKind {
        prefix: "permit",
        path: "permit-types",
        heading: i18n::PERMITS_TABLE,
        hint: i18n::PERMITS_TABLE_HINT,
        saved: i18n::PERMITS_SAVED,
        label_names: [i18n::NAME_ID, i18n::NAME_EN],
        code_format: i18n::REASON_PERMIT_CODE_FORMAT,
        own: None,
        pick: |tables| tables.permit_types,
    })
}

#[component]
pub fn AgencySection() -> impl IntoView {
    code_section::<NamedCode>(TableKind {
        prefix: "agency",
        path: "agencies",
        heading: i18n::AGENCIES_TABLE,
        hint: i18n::AGENCIES_TABLE_HINT,
        saved: i18n::AGENCIES_SAVED,
        label_names: [i18n::NAME_ID, i18n::NAME_EN],
        code_format: i18n::REASON_AGENCY_CODE_FORMAT,
        own: None,
        pick: |tables| tables.agencies,
    })
}

#[component]
pub fn VisaSection() -> impl IntoView {
    code_section(TableKind {
        prefix: "visa",
        path: "visa-indexes",
        heading: i18n::VISA_INDEXES,
        hint: i18n::VISA_INDEXES_HINT,
        saved: i18n::VISA_SAVED,
        label_names: [i18n::PURPOSE_ID, i18n::PURPOSE_EN],
        code_format: i18n::REASON_CODE_FORMAT,
        own: Some((
            "permit_type",
            i18n::LEADS_TO_PERMIT,
            permit_choices,
            permit_of,
        )),
        pick: |tables| tables.visa_indexes,
    })
}

#[component]
pub fn ActionSection() -> impl IntoView {
    code_section::<NamedCode>(TableKind {
        prefix: "action",
        path: "administrative-actions",
        heading: i18n::ACTIONS_TABLE,
        hint: i18n::ACTIONS_TABLE_HINT,
        saved: i18n::ACTIONS_SAVED,
        label_names: [i18n::NAME_ID, i18n::NAME_EN],
        code_format: i18n::REASON_NAMED_CODE_FORMAT,
        own: None,
        pick: |tables| tables.administrative_actions,
    })
}

#[component]
pub fn ViolationSection() -> impl IntoView {
    code_section::<NamedCode>(TableKind {
        prefix: "violation",
        path: "violation-codes",
        heading: i18n::VIOLATIONS_TABLE,
        hint: i18n::VIOLATIONS_TABLE_HINT,
        saved: i18n::VIOLATIONS_SAVED,
        label_names: [i18n::NAME_ID, i18n::NAME_EN],
        code_format: i18n::REASON_NAMED_CODE_FORMAT,
        own: None,
        pick: |tables| tables.violation_codes,
    })
}

impl<T> TableKind<T> {
    /// "Field: why" for a refused change.
    fn refusal_text(&self, refusal: &Refusal, lang: Lang) -> String {
        let [first_label, second_label] = self.label_names;
        let field = match refusal.field.as_deref() {
            Some("code") => i18n::VISA_CODE,
            Some("purpose_id" | "label_id") => first_label,
            Some("purpose_en" | "label_en") => second_label,
            Some("valid_from") => i18n::VALID_FROM,
            Some("valid_to") => i18n::LAST_DAY,
            Some("successor") => i18n::SUCCESSOR,
            Some(field) if self.own.is_some_and(|(own, ..)| own == field) => {
                self.own.map_or(i18n::VISA_CODE, |(_, label, ..)| label)
            }
            _ => {
                return super::admin::failure_label(&refusal.failure)
                    .get(lang)
                    .to_string();
            }
        };
        let reason: Label = match refusal.failure.code() {
            "too_early" => i18n::REASON_TODAY_OR_LATER,
            "invalid_date" => i18n::REASON_NOT_A_DATE,
            "required" => i18n::REASON_REQUIRED,
            "successor_required" => i18n::REASON_SUCCESSOR,
            "code_taken" => i18n::REASON_CODE_TAKEN,
            "invalid_format" if refusal.field.as_deref() == Some("code") => self.code_format,
            "invalid_format" => i18n::REASON_LABEL_FORMAT,
            "retired" => i18n::REASON_RETIRED,
            "not_allowed_value" if refusal.field.as_deref() == Some("permit_type") => {
                i18n::REASON_PERMIT_NOT_IN_FORCE
            }
            _ => super::admin::failure_label(&refusal.failure),
        };
        format!("{}: {}", field.get(lang), reason.get(lang))
    }
}

fn day_text(day: Option<pantau_shared::identity::IsoDate>) -> String {
    day.map_or_else(|| "—".to_string(), |d| d.to_string())
}

fn label_in<T: DatedCode>(entry: &T, lang: Lang) -> String {
    let [id, en] = entry.labels();
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
    .to_string()
}

fn code_section<T: DatedCode + Clone + 'static>(kind: TableKind<T>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label| context.t(label);
    let kind = StoredValue::new_local(kind);
    let prefix = kind.with_value(|k| k.prefix);
    let id = move |suffix: &str| format!("{prefix}-{suffix}");
    let reload = RwSignal::new(0u32);
    let table = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        let pick = kind.with_value(|k| k.pick);
        async move { api::code_tables(&token).await.map(pick) }
    });
    let today = super::table::office_today();
    let field = |value: &str| RwSignal::new(value.to_string());
    let (code, label_id, label_en, own, from) =
        (field(""), field(""), field(""), field(""), field(&today));
    let (retiring, last_day, successor) = (field(""), field(&today), field(""));
    let outcome = RwSignal::new(None::<Outcome>);
    let send = move |code: String, retire: bool, body: serde_json::Value| {
        let token = context.token().unwrap_or_default();
        let (path, saved) = kind.with_value(|k| (k.path, k.saved));
        spawn_local(async move {
            let done = api::change_code(&token, path, &code, retire, &body).await;
            if done.is_ok() {
                reload.update(|n| *n += 1);
                context.load_code_tables();
            }
            outcome.set(Some(Outcome::of(saved, done)));
        });
    };
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let [first, second] = kind.with_value(|_| T::LABEL_FIELDS);
        let mut body = json!({
            first: label_id.get_untracked(),
            second: label_en.get_untracked(),
            "valid_from": from.get_untracked(),
        });
        if let Some((own_field, ..)) = kind.with_value(|k| k.own) {
            let value = own.get_untracked();
            body[own_field] = json!((!value.is_empty()).then_some(value));
        }
        send(code.get_untracked().trim().to_string(), false, body);
    };
    let retire = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let successor = successor.get_untracked();
        let body = json!({
            "valid_to": last_day.get_untracked(),
            "successor": (!successor.is_empty()).then_some(successor),
        });
        send(retiring.get_untracked(), true, body);
    };
    let own_of = kind.with_value(|k| k.own);
    let rows = move |table: &CodeTable<T>| {
        let lang = context.lang.get();
        table
            .0
            .iter()
            .map(|entry| {
                view! {
                    <tr id=format!("{prefix}-{}", entry.code())>
                        <td>{entry.code().to_string()}</td>
                        <td>{label_in(entry, lang)}</td>
                        {own_of.map(|(.., value)| view! { <td>{value(entry)}</td> })}
                        <td>{day_text(entry.valid_from())}</td>
                        <td>{day_text(entry.valid_to())}</td>
                        <td>{entry.successor().unwrap_or_default().to_string()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let code_options = move |table: &CodeTable<T>, retired_too: bool| {
        table
            .0
            .iter()
            .filter(|entry| retired_too || entry.valid_to().is_none())
            .map(|entry| {
                let code = entry.code().to_string();
                view! { <option value=code.clone()>{code.clone()}</option> }
            })
            .collect_view()
    };
    let input = move |suffix: &str, label, kind: &'static str, value: RwSignal<String>| {
        let id = id(suffix);
        view! {
            <label for=id.clone()>{move || t(label)}</label>
            {text_input(id, value, kind)}
        }
    };
    let choice = move |suffix: &str, label, value: RwSignal<String>, options: AnyView| {
        let id = id(suffix);
        view! {
            <label for=id.clone()>{move || t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"—"</option>
                {options}
            </select>
        }
    };
    let (heading, hint, [first_label, second_label]) =
        kind.with_value(|k| (k.heading, k.hint, k.label_names));
    let own_choice = own_of.map(|(_, label, choices, _)| {
        let options = move || {
            context
                .code_tables
                .with(choices)
                .into_iter()
                .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
                .collect_view()
        };
        choice("own", label, own, options.into_any())
    });
    view! {
        <section class="card" id=id("admin")>
            <h1>{move || t(heading)}</h1>
            <p class="muted">{move || t(hint)}</p>
            {move || match table.get() {
                None => view! { <p class="muted">{move || t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error">{move || t(super::admin::failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(loaded)) => view! {
                    <table class="table" id=id("table")>
                        <thead><tr>
                            <th>{move || t(i18n::VISA_CODE)}</th>
                            <th>{move || t(first_label)}</th>
                            {own_of.map(|(_, label, ..)| view! { <th>{move || t(label)}</th> })}
                            <th>{move || t(i18n::VALID_FROM)}</th>
                            <th>{move || t(i18n::VALID_UNTIL)}</th>
                            <th>{move || t(i18n::SUCCESSOR)}</th>
                        </tr></thead>
                        <tbody>{rows(&loaded)}</tbody>
                    </table>
                    <form class="admin-form" id=id("retire-form") on:submit=retire>
                        {choice("retire-code", i18n::VISA_CODE, retiring, code_options(&loaded, false).into_any())}
                        {input("last-day", i18n::LAST_DAY, "date", last_day)}
                        {choice("successor", i18n::SUCCESSOR, successor, code_options(&loaded, true).into_any())}
                        <button class="button secondary" id=id("retire") type="submit">{move || t(i18n::RETIRE_CODE)}</button>
                    </form>
                }.into_any(),
            }}
            <form class="admin-form" id=id("add-form") on:submit=add>
                {input("code", i18n::VISA_CODE, "text", code)}
                {input("label-id", first_label, "text", label_id)}
                {input("label-en", second_label, "text", label_en)}
                {own_choice}
                {input("from", i18n::VALID_FROM, "date", from)}
                <button class="button" id=id("add") type="submit">{move || t(i18n::ADD_CODE)}</button>
            </form>
            {outcome_line(context, outcome, id("outcome"), move |refusal, lang| kind.with_value(|k| k.refusal_text(refusal, lang)))}
        </section>
    }
}
