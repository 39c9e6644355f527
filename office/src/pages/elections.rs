//! Election periods: a coordinator sets its region's, the Kanwil any regency's. Each is
//! listed with whether it runs now; one that was set in error is deleted. Below them,
//! the political activity found, by period.

use crate::api::{self, Refusal};
use crate::{OfficeContext, i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::Lang;
use pantau_shared::lang::Label;
use serde_json::{Value, json};

/// The address of the election periods.
pub const ELECTIONS_PATH: &str = "/kantor/pemilu";

/// Why the server refused a period, in the reader's language.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let reason = match refusal.failure.code() {
        "required" => i18n::REASON_REQUIRED,
        "too_early" => i18n::REASON_TOO_EARLY,
        "invalid_date" => i18n::REASON_DATE,
        "too_long" => i18n::REASON_TOO_LONG,
        _ => super::admin::failure_label(&refusal.failure),
    };
    let field = match refusal.field.as_deref() {
        Some("name") => Some(i18n::ELECTION_NAME),
        Some("region_code") => Some(i18n::REGION),
        Some("campaign_start") => Some(i18n::CAMPAIGN_START),
        Some("campaign_end") => Some(i18n::CAMPAIGN_END),
        Some("voting_day") => Some(i18n::VOTING_DATE),
        _ => None,
    };
    match field {
        Some(field) => format!("{}: {}", field.get(lang), reason.get(lang)),
        None => reason.get(lang).to_string(),
    }
}

fn text(fields: &serde_json::Map<String, Value>, name: &str) -> String {
    fields
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn region_name(code: &str) -> String {
    pantau_shared::wilayah::name_of(code)
        .unwrap_or(code)
        .to_string()
}

#[component]
pub fn ElectionsPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let reload = RwSignal::new(0u32);
    let periods = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::election_periods(&token).await }
    });
    let today = super::table::ymd(&js_sys::Date::new_0());
    let named = Signal::derive(move || {
        periods
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|period| (period.id, text(&period.fields, "name")))
            .collect::<Vec<_>>()
    });
    view! {
        <h1>{move || t(i18n::NAV_ELECTIONS)}</h1>
        <p class="muted">{move || t(i18n::ELECTIONS_HINT)}</p>
        <Suspense fallback=move || view! { <p>{move || t(i18n::LOADING)}</p> }>
            {move || periods.get().map(|answer| match answer {
                Err(failure) => view! {
                    <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p id="elections-empty">{move || t(i18n::NO_ELECTIONS)}</p>
                }.into_any(),
                Ok(list) => {
                    let today = today.clone();
                    let rows = list.into_iter().map(|period| {
                        let fields = period.fields;
                        let (start, end, voting) = (text(&fields, "campaign_start"), text(&fields, "campaign_end"), text(&fields, "voting_day"));
                        let state = if (start.as_str() <= today.as_str() && today.as_str() <= end.as_str()) || voting == today {
                            i18n::RUNNING
                        } else if today.as_str() < start.as_str() {
                            i18n::UPCOMING
                        } else {
                            i18n::PAST
                        };
                        let id = period.id.clone();
                        let delete = move |_| {
                            let token = context.token().unwrap_or_default();
                            let id = id.clone();
                            spawn_local(async move {
                                if api::save_election_period(&token, Some(&id), &json!({"deleted": true})).await.is_ok() {
                                    reload.update(|n| *n += 1);
                                }
                            });
                        };
                        view! {
                            <tr id=format!("election-{}", period.id)>
                                <td>{text(&fields, "name")}</td>
                                <td>{region_name(&text(&fields, "region_code"))}</td>
                                <td>{format!("{start} – {end}")}</td>
                                <td>{voting.clone()}</td>
                                <td>{t(state)}</td>
                                <td>{period.editable.then(|| view! {
                            <button class="button secondary" on:click=delete>{t(i18n::DELETE)}</button>
                        })}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-scroll"><table class="admin-table" id="elections">
                            <thead><tr>
                                <th>{t(i18n::ELECTION_NAME)}</th>
                                <th>{t(i18n::REGION)}</th>
                                <th>{t(i18n::CAMPAIGN)}</th>
                                <th>{t(i18n::VOTING_DATE)}</th>
                                <th>{t(i18n::COLUMN_STATUS)}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                    }.into_any()
                }
            })}
        </Suspense>
        <ElectionForm reload=reload />
        <super::political_activity::PoliticalActivitySection periods=named />
    }
}

/// Sets a new period for one of the caller's regencies.
#[component]
fn ElectionForm(reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let name = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let voting = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<Refusal>);
    // The regions a period may be set for: the teams' regions in the caller's region,
    // the Kanwil's being the province.
    let regions = LocalResource::new(move || {
        let token = context.token().unwrap_or_default();
        async move {
            let mut codes: Vec<String> = api::report_teams(&token)
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|team| team.region_code.as_str().to_string())
                .collect();
            codes.sort();
            codes.dedup();
            codes
        }
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let value = |field: RwSignal<String>| {
            let value = field.get_untracked();
            if value.trim().is_empty() {
                Value::Null
            } else {
                json!(value.trim())
            }
        };
        let body = json!({
            "region_code": value(region),
            "name": value(name),
            "campaign_start": value(start),
            "campaign_end": value(end),
            "voting_day": value(voting),
        });
        let token = context.token().unwrap_or_default();
        spawn_local(async move {
            match api::save_election_period(&token, None, &body).await {
                Ok(()) => {
                    refusal.set(None);
                    name.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(refused) => refusal.set(Some(refused)),
            }
        });
    };
    let input = |id: &'static str, kind: &'static str, value: RwSignal<String>| {
        view! {
            <input id=id type=kind autocomplete="off"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
        }
    };
    view! {
        <form class="form" id="election-form" on:submit=submit>
            <h2>{move || t(i18n::NEW_ELECTION)}</h2>
            <label class="field">
                <span>{move || t(i18n::ELECTION_NAME)}</span>
                {input("election-name", "text", name)}
            </label>
            <label class="field">
                <span>{move || t(i18n::REGION)}</span>
                <select id="election-region" on:change=move |ev| region.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {move || regions.get().map(|codes| {
                        if codes.len() == 1 && region.get_untracked().is_empty() {
                            region.set(codes[0].clone());
                        }
                        codes.into_iter().map(|code| {
                            let chosen = code.clone();
                            view! {
                                <option value=code.clone() selected=move || region.get() == chosen>
                                    {format!("{} ({code})", region_name(&code))}
                                </option>
                            }
                        }).collect_view()
                    })}
                </select>
            </label>
            <label class="field">
                <span>{move || t(i18n::CAMPAIGN_START)}</span>
                {input("election-campaign-start", "date", start)}
            </label>
            <label class="field">
                <span>{move || t(i18n::CAMPAIGN_END)}</span>
                {input("election-campaign-end", "date", end)}
            </label>
            <label class="field">
                <span>{move || t(i18n::VOTING_DATE)}</span>
                {input("election-voting-day", "date", voting)}
            </label>
            {move || refusal.get().map(|refused| view! {
                <p class="form-error" id="election-error" role="alert">{refusal_text(&refused, context.lang.get())}</p>
            })}
            <button class="button primary" type="submit" id="save-election">{move || t(i18n::SAVE_ELECTION)}</button>
        </form>
    }
}
