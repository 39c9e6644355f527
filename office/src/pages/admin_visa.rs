//! The visa index codes on the administrator's screen: every code with its purpose, the
//! stay permit it leads to and its days in force; a form that adds a code from a day, and
//! one that retires a code for its successor. The server checks and keeps; a refusal
//! names the field in the administrator's language.

use super::admin_forms::{Outcome, outcome_line, text_input};
use crate::api::{self, Refusal};
use crate::{OfficeContext, i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::lang::{Label, Lang};
use pantau_shared::permit::PermitType;
use pantau_shared::visa::VisaIndexes;
use serde_json::json;

/// "Field: why" for a refused change.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let field = match refusal.field.as_deref() {
        Some("code") => i18n::VISA_CODE,
        Some("purpose_id") => i18n::PURPOSE_ID,
        Some("purpose_en") => i18n::PURPOSE_EN,
        Some("permit_type") => i18n::LEADS_TO_PERMIT,
        Some("valid_from") => i18n::VALID_FROM,
        Some("valid_to") => i18n::LAST_DAY,
        Some("successor") => i18n::SUCCESSOR,
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
        "invalid_format" => i18n::REASON_CODE_FORMAT,
        "retired" => i18n::REASON_RETIRED,
        _ => super::admin::failure_label(&refusal.failure),
    };
    format!("{}: {}", field.get(lang), reason.get(lang))
}

fn day_text(day: Option<pantau_shared::identity::IsoDate>) -> String {
    day.map_or_else(|| "—".to_string(), |d| d.to_string())
}

#[component]
pub fn VisaSection() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label| context.t(label);
    let reload = RwSignal::new(0u32);
    let table = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::visa_indexes(&token).await }
    });
    let today = super::table::ymd(&js_sys::Date::new_0());
    let field = |value: &str| RwSignal::new(value.to_string());
    let (code, purpose_id, purpose_en, permit, from) =
        (field(""), field(""), field(""), field(""), field(&today));
    let (retiring, last_day, successor) = (field(""), field(&today), field(""));
    let outcome = RwSignal::new(None::<Outcome>);
    let send = move |code: String, retire: bool, body: serde_json::Value| {
        let token = context.token().unwrap_or_default();
        spawn_local(async move {
            let done = api::change_visa_index(&token, &code, retire, &body).await;
            if done.is_ok() {
                reload.update(|n| *n += 1);
            }
            outcome.set(Some(Outcome::of(i18n::VISA_SAVED, done)));
        });
    };
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let permit = permit.get_untracked();
        let body = json!({
            "purpose_id": purpose_id.get_untracked(),
            "purpose_en": purpose_en.get_untracked(),
            "permit_type": (!permit.is_empty()).then_some(permit),
            "valid_from": from.get_untracked(),
        });
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
    let rows = move |table: &VisaIndexes| {
        let lang = context.lang.get();
        table
            .0
            .iter()
            .map(|index| {
                view! {
                    <tr id=format!("visa-{}", index.code)>
                        <td>{index.code.clone()}</td>
                        <td>{index.purpose(lang).to_string()}</td>
                        <td>{index.permit_type.map(|p| p.code()).unwrap_or("—")}</td>
                        <td>{day_text(index.valid_from)}</td>
                        <td>{day_text(index.valid_to)}</td>
                        <td>{index.successor.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let code_options = move |table: &VisaIndexes, retired_too: bool| {
        table
            .0
            .iter()
            .filter(|index| retired_too || index.valid_to.is_none())
            .map(|index| view! { <option value=index.code.clone()>{index.code.clone()}</option> })
            .collect_view()
    };
    let input = move |id: &'static str, label, kind: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{move || t(label)}</label>
            {text_input(id, value, kind)}
        }
    };
    let choice = move |id: &'static str, label, value: RwSignal<String>, options: AnyView| {
        view! {
            <label for=id>{move || t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"—"</option>
                {options}
            </select>
        }
    };
    let permits = || {
        PermitType::ALL
            .iter()
            .map(|p| view! { <option value=p.code()>{p.code()}</option> })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card" id="admin-visa">
            <h1>{move || t(i18n::VISA_INDEXES)}</h1>
            <p class="muted">{move || t(i18n::VISA_INDEXES_HINT)}</p>
            {move || match table.get() {
                None => view! { <p class="muted">{move || t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error">{move || t(super::admin::failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(loaded)) => view! {
                    <table class="table" id="visa-indexes">
                        <thead><tr>
                            <th>{move || t(i18n::VISA_CODE)}</th>
                            <th>{move || t(i18n::PURPOSE_ID)}</th>
                            <th>{move || t(i18n::LEADS_TO_PERMIT)}</th>
                            <th>{move || t(i18n::VALID_FROM)}</th>
                            <th>{move || t(i18n::VALID_UNTIL)}</th>
                            <th>{move || t(i18n::SUCCESSOR)}</th>
                        </tr></thead>
                        <tbody>{rows(&loaded)}</tbody>
                    </table>
                    <form class="admin-form" id="visa-retire-form" on:submit=retire>
                        {choice("visa-retire-code", i18n::VISA_CODE, retiring, code_options(&loaded, false).into_any())}
                        {input("visa-last-day", i18n::LAST_DAY, "date", last_day)}
                        {choice("visa-successor", i18n::SUCCESSOR, successor, code_options(&loaded, true).into_any())}
                        <button class="button secondary" id="visa-retire" type="submit">{move || t(i18n::RETIRE_CODE)}</button>
                    </form>
                }.into_any(),
            }}
            <form class="admin-form" id="visa-add-form" on:submit=add>
                {input("visa-code", i18n::VISA_CODE, "text", code)}
                {input("visa-purpose-id", i18n::PURPOSE_ID, "text", purpose_id)}
                {input("visa-purpose-en", i18n::PURPOSE_EN, "text", purpose_en)}
                {choice("visa-permit", i18n::LEADS_TO_PERMIT, permit, permits())}
                {input("visa-from", i18n::VALID_FROM, "date", from)}
                <button class="button" id="visa-add" type="submit">{move || t(i18n::ADD_CODE)}</button>
            </form>
            {outcome_line(context, outcome, "visa-outcome", refusal_text)}
        </section>
    }
}
