//! Operations under one written order: the coordinator records the order — number,
//! date, issuing official, kind, period, target area, agencies — and the team's tablets
//! record inspections under it. Each operation's page is its report: the inspections
//! made under it, the places by type, the foreign nationals checked by nationality, the
//! findings and the office's decisions, printable.

use crate::api::{self, Refusal};
use crate::{OfficeContext, i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::Lang;
use pantau_shared::inspection::{OperationType, PlaceType};
use pantau_shared::lang::Label;
use pantau_shared::operation::{OperationReport, Tally};
use serde_json::{Map, Value, json};

/// The address of the operations; one operation's report is below it, by id.
pub const OPERATIONS_PATH: &str = "/kantor/operasi";

/// The operation whose report an address shows, if it names one.
pub fn operation_in_path(path: &str) -> Option<String> {
    let id = path
        .strip_prefix(OPERATIONS_PATH)?
        .trim_matches('/')
        .to_string();
    uuid::Uuid::parse_str(&id).ok().map(|_| id)
}

fn text(fields: &Map<String, Value>, name: &str) -> String {
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

fn kind_of(fields: &Map<String, Value>) -> Option<OperationType> {
    OperationType::parse(&text(fields, "operation_type")).ok()
}

/// Why the server refused an operation, in the reader's language.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let reason = match refusal.failure.code() {
        "required" => i18n::REASON_REQUIRED,
        "too_early" => i18n::REASON_TOO_EARLY,
        "invalid_date" => i18n::REASON_DATE,
        "too_long" => i18n::REASON_TOO_LONG,
        "not_allowed_value" => i18n::REASON_NOT_ALLOWED,
        _ => super::admin::failure_label(&refusal.failure),
    };
    let field = match refusal.field.as_deref() {
        Some("order_number") => Some(i18n::ORDER_NUMBER),
        Some("order_date") => Some(i18n::ORDER_DATE),
        Some("issued_by") => Some(i18n::ISSUED_BY),
        Some("operation_type") => Some(i18n::OPERATION_TYPE),
        Some("period_start") => Some(i18n::PERIOD_START),
        Some("period_end") => Some(i18n::PERIOD_END),
        Some("region_code") => Some(i18n::TARGET_AREA),
        Some("agencies") => Some(i18n::AGENCIES_ASSIGNED),
        Some("notes") => Some(i18n::NOTES),
        _ => None,
    };
    match field {
        Some(field) => format!("{}: {}", field.get(lang), reason.get(lang)),
        None => reason.get(lang).to_string(),
    }
}

#[component]
pub fn OperationsPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let reload = RwSignal::new(0u32);
    let operations = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::operations(&token).await }
    });
    let is_coordinator = context.session.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| s.officer.role == pantau_shared::team::Role::Coordinator)
    });
    view! {
        <h1>{move || t(i18n::NAV_OPERATIONS)}</h1>
        <p class="muted">{move || t(i18n::OPERATIONS_HINT)}</p>
        <Suspense fallback=move || view! { <p>{move || t(i18n::LOADING)}</p> }>
            {move || operations.get().map(|answer| match answer {
                Err(failure) => view! {
                    <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p id="operations-empty">{move || t(i18n::NO_OPERATIONS)}</p>
                }.into_any(),
                Ok(list) => {
                    let rows = list.into_iter().map(|operation| {
                        let fields = operation.fields;
                        let kind = kind_of(&fields);
                        let href = format!("{OPERATIONS_PATH}/{}", operation.id);
                        view! {
                            <tr id=format!("operation-{}", operation.id)>
                                <td><a href=href>{text(&fields, "order_number")}</a></td>
                                <td>{text(&fields, "order_date")}</td>
                                <td>{move || kind.map(|kind| kind.label(context.lang.get()))}</td>
                                <td>{format!("{} – {}", text(&fields, "period_start"), text(&fields, "period_end"))}</td>
                                <td>{region_name(&text(&fields, "region_code"))}</td>
                                <td class="number operation-inspections">{operation.inspections}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-scroll"><table class="admin-table" id="operations">
                            <thead><tr>
                                <th>{t(i18n::ORDER_NUMBER)}</th>
                                <th>{t(i18n::ORDER_DATE)}</th>
                                <th>{t(i18n::OPERATION_TYPE)}</th>
                                <th>{t(i18n::PERIOD)}</th>
                                <th>{t(i18n::TARGET_AREA)}</th>
                                <th>{t(i18n::COLUMN_INSPECTIONS)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                    }.into_any()
                }
            })}
        </Suspense>
        {is_coordinator.then(|| view! { <OperationForm reload=reload /> })}
    }
}

/// Records a new operation in the coordinator's region.
#[component]
fn OperationForm(reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let fields = [
        "order_number",
        "order_date",
        "issued_by",
        "operation_type",
        "period_start",
        "period_end",
        "region_code",
        "notes",
    ]
    .map(|name| (name, RwSignal::new(String::new())));
    let value_of = move |name: &str| {
        fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| *value)
            .unwrap_or_else(|| RwSignal::new(String::new()))
    };
    let agencies = RwSignal::new(Vec::<String>::new());
    let refusal = RwSignal::new(None::<Refusal>);
    let saved = RwSignal::new(false);
    // The regions an operation may target: the caller's teams' regions.
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
        let mut body = Map::new();
        for (name, value) in fields {
            let value = value.get_untracked();
            if !value.trim().is_empty() {
                body.insert(name.into(), json!(value.trim()));
            } else if name != "issued_by" && name != "notes" {
                // A missing required field is sent empty, for the server to name it.
                body.insert(name.into(), Value::Null);
            }
        }
        body.insert("agencies".into(), json!(agencies.get_untracked()));
        let body = Value::Object(body);
        let token = context.token().unwrap_or_default();
        spawn_local(async move {
            match api::save_operation(&token, None, &body).await {
                Ok(()) => {
                    refusal.set(None);
                    saved.set(true);
                    for (name, value) in fields {
                        if name != "region_code" {
                            value.set(String::new());
                        }
                    }
                    agencies.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(refused) => {
                    saved.set(false);
                    refusal.set(Some(refused));
                }
            }
        });
    };
    let input = move |name: &'static str, kind: &'static str, label: Label| {
        let value = value_of(name);
        view! {
            <label class="field">
                <span>{move || t(label)}</span>
                <input id=format!("operation-{}", name.replace('_', "-")) type=kind autocomplete="off"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    let kind = value_of("operation_type");
    let region = value_of("region_code");
    let notes = value_of("notes");
    view! {
        <form class="form" id="operation-form" on:submit=submit>
            <h2>{move || t(i18n::NEW_OPERATION)}</h2>
            {input("order_number", "text", i18n::ORDER_NUMBER)}
            {input("order_date", "date", i18n::ORDER_DATE)}
            {input("issued_by", "text", i18n::ISSUED_BY)}
            <label class="field">
                <span>{move || t(i18n::OPERATION_TYPE)}</span>
                <select id="operation-operation-type" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="" selected=move || kind.get().is_empty()>"—"</option>
                    {OperationType::ALL.iter().map(|option| {
                        let code = option.code();
                        view! {
                            <option value=code selected=move || kind.get() == code>
                                {move || option.label(context.lang.get())}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </label>
            {input("period_start", "date", i18n::PERIOD_START)}
            {input("period_end", "date", i18n::PERIOD_END)}
            <label class="field">
                <span>{move || t(i18n::TARGET_AREA)}</span>
                <select id="operation-region" on:change=move |ev| region.set(event_target_value(&ev))>
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
            <fieldset class="choices" id="operation-agencies">
                <legend>{move || t(i18n::AGENCIES_ASSIGNED)}</legend>
                {move || context.agencies_in_force(context.lang.get()).into_iter().map(|(code, label)| {
                    let agency = StoredValue::new(code.clone());
                    view! {
                        <label class="choice">
                            <input type="checkbox" value=code
                                prop:checked=move || agencies.with(|chosen| agency.with_value(|a| chosen.contains(a)))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let agency = agency.get_value();
                                    agencies.update(|chosen| {
                                        chosen.retain(|a| *a != agency);
                                        if on {
                                            chosen.push(agency);
                                        }
                                    });
                                } />
                            {label}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span>{move || t(i18n::NOTES)}</span>
                <textarea id="operation-notes"
                    prop:value=move || notes.get()
                    on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </label>
            {move || refusal.get().map(|refused| view! {
                <p class="form-error" id="operation-error" role="alert">{refusal_text(&refused, context.lang.get())}</p>
            })}
            {move || saved.get().then(|| view! {
                <p class="form-ok" id="operation-saved" role="status">{t(i18n::OPERATION_SAVED)}</p>
            })}
            <button class="button primary" type="submit" id="save-operation">{move || t(i18n::SAVE_OPERATION)}</button>
        </form>
    }
}

/// A table of counts, each value named in the reader's language.
fn tally_table(
    id: &'static str,
    heading: Label,
    tallies: Vec<Tally>,
    name: fn(&str, Lang) -> String,
) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let rows = tallies
        .into_iter()
        .map(|tally| {
            let code = tally.code.clone();
            view! {
                <tr data-code=tally.code.clone()>
                    <td>{move || name(&code, context.lang.get())}</td>
                    <td class="number">{tally.count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-section">
            <h2>{move || t(heading)}</h2>
            <table class="admin-table" id=id>
                <thead><tr><th></th><th>{move || t(i18n::COUNT)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

fn place_type_name(code: &str, lang: Lang) -> String {
    PlaceType::parse(code).map_or_else(|_| code.to_string(), |v| v.label(lang).to_string())
}

fn nationality_name(code: &str, lang: Lang) -> String {
    pantau_shared::icao::name(code, lang)
        .map_or_else(|| code.to_string(), |name| format!("{name} ({code})"))
}

fn violation_name(code: &str, lang: Lang) -> String {
    expect_context::<OfficeContext>().violation_label(code, lang)
}

fn action_name(code: &str, lang: Lang) -> String {
    expect_context::<OfficeContext>().action_label(code, lang)
}

/// One operation's report, printable.
#[component]
pub fn OperationPage(id: String) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let report = LocalResource::new(move || {
        let token = context.token().unwrap_or_default();
        let id = id.clone();
        async move { api::operation_report(&token, &id).await }
    });
    let body = move |report: OperationReport| {
        let fields = report.fields.clone();
        let agencies = fields
            .get("agencies")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let agencies = move || {
            let lang = context.lang.get();
            agencies
                .iter()
                .filter_map(Value::as_str)
                .map(|code| context.agency_label(code, lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let inspections = report
            .inspections
            .iter()
            .map(|inspection| {
                let place_type = inspection.place_type.clone().unwrap_or_default();
                view! {
                    <tr data-inspection=inspection.id.to_string()>
                        <td>{inspection.started_at.clone().unwrap_or_default().replace('T', " ")}</td>
                        <td>{inspection.place_name.clone().unwrap_or_default()}</td>
                        <td>{move || place_type_name(&place_type, context.lang.get())}</td>
                        <td>{region_name(&inspection.region_code)}</td>
                        <td class="number">{inspection.findings}</td>
                    </tr>
                }
            })
            .collect_view();
        let no_inspections = report.inspections.is_empty();
        let kind = kind_of(&fields);
        view! {
            <article class="operation-report" id="operation-report">
                <h1>{move || t(i18n::OPERATION_REPORT)}</h1>
                <dl class="facts">
                    <dt>{move || t(i18n::ORDER_NUMBER)}</dt><dd id="operation-order-number">{text(&fields, "order_number")}</dd>
                    <dt>{move || t(i18n::ORDER_DATE)}</dt><dd>{text(&fields, "order_date")}</dd>
                    <dt>{move || t(i18n::ISSUED_BY)}</dt><dd>{text(&fields, "issued_by")}</dd>
                    <dt>{move || t(i18n::OPERATION_TYPE)}</dt><dd>{move || kind.map(|kind| kind.label(context.lang.get()))}</dd>
                    <dt>{move || t(i18n::PERIOD)}</dt><dd>{format!("{} – {}", text(&fields, "period_start"), text(&fields, "period_end"))}</dd>
                    <dt>{move || t(i18n::TARGET_AREA)}</dt><dd>{region_name(&text(&fields, "region_code"))}</dd>
                    <dt>{move || t(i18n::AGENCIES_ASSIGNED)}</dt><dd id="operation-agencies-assigned">{agencies}</dd>
                </dl>
                <section class="report-section">
                    <h2>{move || t(i18n::INSPECTIONS_UNDER)}</h2>
                    {if no_inspections {
                        view! { <p class="muted">{move || t(i18n::NO_INSPECTIONS_UNDER)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="admin-table" id="operation-inspections">
                                <thead><tr>
                                    <th>{move || t(i18n::WHEN)}</th>
                                    <th>{move || t(i18n::PLACE)}</th>
                                    <th>{move || t(i18n::PLACES_BY_TYPE)}</th>
                                    <th>{move || t(i18n::REGION)}</th>
                                    <th>{move || t(i18n::FINDINGS_TOTAL)}</th>
                                </tr></thead>
                                <tbody>{inspections}</tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
                {tally_table("operation-places", i18n::PLACES_BY_TYPE, report.places_by_type, place_type_name)}
                {tally_table("operation-nationalities", i18n::FOREIGNERS_BY_NATIONALITY, report.foreigners_by_nationality, nationality_name)}
                <section class="report-section">
                    <h2>{move || t(i18n::FINDINGS_AND_DECISIONS)}</h2>
                    <dl class="facts">
                        <dt>{move || t(i18n::FINDINGS_TOTAL)}</dt><dd id="operation-findings">{report.findings}</dd>
                        <dt>{move || t(i18n::AWAITING_DECISION)}</dt><dd id="operation-awaiting">{report.awaiting_decision}</dd>
                    </dl>
                </section>
                {tally_table("operation-violations", i18n::VIOLATIONS_FOUND, report.violations, violation_name)}
                {tally_table("operation-decided", i18n::DECIDED_ACTIONS, report.decided_actions, action_name)}
            </article>
        }
    };
    view! {
        <p class="no-print">
            <a href=OPERATIONS_PATH id="back-to-operations">{move || t(i18n::BACK_TO_OPERATIONS)}</a>
            " "
            <button class="button primary" id="operation-print" on:click=move |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.print();
                }
            }>{move || t(i18n::PRINT)}</button>
        </p>
        <Suspense fallback=move || view! { <p>{move || t(i18n::LOADING)}</p> }>
            {move || report.get().map(|answer| match answer {
                Err(failure) => view! {
                    <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Ok(report) => body(report).into_any(),
            })}
        </Suspense>
    }
}
