//! The overstay fee and deportation threshold on the administrator's screen: every
//! version with the days it covers, a form to plan a change from a day (the first of
//! next month unless chosen), and a way to withdraw a change not yet in force. The
//! server checks and keeps; a refusal names the field in the administrator's language.

use super::admin_forms::{Outcome, outcome_line, text_input};
use crate::api::{self, Refusal};
use crate::{OfficeContext, i18n};
use app::components::permit_badge::rupiah;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::identity::IsoDate;
use pantau_shared::lang::Lang;
use pantau_shared::permit::{DAILY_FEE_RANGE, DEPORTATION_DAYS_RANGE, OverstayRules};
use serde_json::{Map, Value};

/// The first day of the month after `today` (`YYYY-MM-DD`).
fn first_of_next_month(today: &str) -> String {
    let year: i32 = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    let month: u32 = today.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(12);
    if month >= 12 {
        format!("{:04}-01-01", year + 1)
    } else {
        format!("{year:04}-{:02}-01", month + 1)
    }
}

/// "Field: why" for a refused change.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let field = match refusal.field.as_deref() {
        Some("valid_from") => i18n::VALID_FROM,
        Some("overstay_daily_fee_idr") => i18n::DAILY_FEE,
        Some("overstay_deportation_days") => i18n::DEPORTATION_FROM_DAYS,
        _ => {
            return super::admin::failure_label(&refusal.failure)
                .get(lang)
                .to_string();
        }
    };
    let between = |start: String, end: String| {
        format!(
            "{} {start} {} {end}",
            i18n::BETWEEN.get(lang),
            i18n::AND.get(lang)
        )
    };
    let reason = match (refusal.failure.code(), refusal.field.as_deref()) {
        ("valid_from_past", _) => i18n::REASON_TODAY_OR_LATER.get(lang).to_string(),
        ("invalid_date", _) => i18n::REASON_NOT_A_DATE.get(lang).to_string(),
        ("rule_in_force", _) => i18n::REASON_IN_FORCE.get(lang).to_string(),
        ("out_of_range", Some("overstay_daily_fee_idr")) => between(
            DAILY_FEE_RANGE.start().to_string(),
            DAILY_FEE_RANGE.end().to_string(),
        ),
        ("out_of_range", _) => between(
            DEPORTATION_DAYS_RANGE.start().to_string(),
            DEPORTATION_DAYS_RANGE.end().to_string(),
        ),
        ("wrong_type" | "required", _) => i18n::REASON_WHOLE_NUMBER.get(lang).to_string(),
        _ => super::admin::failure_label(&refusal.failure)
            .get(lang)
            .to_string(),
    };
    format!("{}: {reason}", field.get(lang))
}

/// A typed number as a number, anything else as typed, for the server to refuse by name.
fn typed_number(text: &str) -> Value {
    text.trim()
        .parse::<i64>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The last day a version is in force: the day before the next begins.
fn last_day(next: Option<IsoDate>) -> Option<String> {
    let day = next?.date().previous_day()?;
    Some(IsoDate::from(day).to_string())
}

#[component]
pub fn OverstaySection() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label| context.t(label);
    let reload = RwSignal::new(0u32);
    let rules = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::overstay_rules(&token).await }
    });
    let today = super::table::office_today();
    let from = RwSignal::new(first_of_next_month(&today));
    let fee = RwSignal::new(String::new());
    let days = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let finish = move |done: Result<(), Refusal>| {
        if done.is_ok() {
            reload.update(|n| *n += 1);
        }
        outcome.set(Some(Outcome::of(i18n::OVERSTAY_PLANNED, done)));
    };
    let withdraw = move |valid_from: String| {
        let token = context.token().unwrap_or_default();
        spawn_local(async move {
            finish(api::withdraw_overstay_rule(&token, &valid_from).await);
        });
    };
    let table = move |rules: OverstayRules| {
        let versions = rules.versions().to_vec();
        let rows = versions
            .iter()
            .enumerate()
            .map(|(at, version)| {
                let next = versions.get(at + 1).and_then(|v| v.valid_from);
                let from_text = version.valid_from.map(|d| d.to_string());
                let planned = from_text.clone().filter(|from| *from > today);
                let until = last_day(next);
                let row_id = format!("overstay-{}", from_text.as_deref().unwrap_or("start"));
                view! {
                    <tr id=row_id>
                        <td>{move || from_text.clone().unwrap_or_else(|| t(i18n::FROM_THE_START).to_string())}</td>
                        <td>{until.unwrap_or_else(|| "—".into())}</td>
                        <td class="number">{rupiah(version.daily_fee_idr)}</td>
                        <td class="number">{format!("{}", version.deportation_days)}</td>
                        <td>{planned.map(|from| view! {
                            <button class="button secondary" type="button"
                                on:click=move |_| withdraw(from.clone())>
                                {move || t(i18n::WITHDRAW)}
                            </button>
                        })}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table" id="overstay-rules">
                <thead><tr>
                    <th>{move || t(i18n::VALID_FROM)}</th>
                    <th>{move || t(i18n::VALID_UNTIL)}</th>
                    <th>{move || t(i18n::DAILY_FEE)}</th>
                    <th>{move || t(i18n::DEPORTATION_FROM_DAYS)}</th>
                    <th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut body = Map::new();
        body.insert(
            "overstay_daily_fee_idr".into(),
            typed_number(&fee.get_untracked()),
        );
        body.insert(
            "overstay_deportation_days".into(),
            typed_number(&days.get_untracked()),
        );
        let token = context.token().unwrap_or_default();
        let valid_from = from.get_untracked();
        spawn_local(async move {
            finish(api::plan_overstay_rule(&token, &valid_from, &Value::Object(body)).await);
        });
    };
    let input = move |id: &'static str, label, kind: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{move || t(label)}</label>
            {text_input(id, value, kind)}
        }
    };
    view! {
        <section class="card" id="admin-overstay">
            <h1>{move || t(i18n::OVERSTAY_RULES)}</h1>
            <p class="muted">{move || t(i18n::OVERSTAY_RULES_HINT)}</p>
            {move || match rules.get() {
                None => view! { <p class="muted">{move || t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error">{move || t(super::admin::failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(loaded)) => table(loaded).into_any(),
            }}
            <form class="admin-form" id="overstay-form" on:submit=on_submit>
                {input("overstay-from", i18n::VALID_FROM, "date", from)}
                {input("overstay-fee", i18n::DAILY_FEE, "number", fee)}
                {input("overstay-days", i18n::DEPORTATION_FROM_DAYS, "number", days)}
                <button class="button" id="overstay-save" type="submit">{move || t(i18n::PLAN_CHANGE)}</button>
                {outcome_line(context, outcome, "overstay-outcome", refusal_text)}
            </form>
        </section>
    }
}
