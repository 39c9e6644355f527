//! The monthly report of a Tim PORA (Laporan Bulanan), for one team and month, laid out
//! to print on A4 from the browser (the print stylesheet hides the screen's controls).
//! The team and month live in the address, so a report can be bookmarked and shared.

use crate::{OfficeContext, api, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use pantau_shared::lang::{Label, Lang};
use pantau_shared::meeting::ActionStatus;
use pantau_shared::report::{ElectionSection, MonthlyReport};
use pantau_shared::stats::StatsAnswer;
use pantau_shared::team::Team;
use pantau_shared::voter_list::MatchStatus;

/// The address of the report screen.
pub const REPORT_PATH: &str = "/kantor/laporan";

/// The month before this one, `YYYY-MM`: the report usually written.
fn last_month() -> String {
    let now = js_sys::Date::new_0();
    let (year, month) = (now.get_full_year(), now.get_month() + 1);
    let (year, month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    format!("{year:04}-{month:02}")
}

/// The team and month in the address, if any.
fn from_address() -> (Option<String>, Option<String>) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |name: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(name))
            .filter(|v| !v.is_empty())
    };
    (get("team"), get("month"))
}

fn failure_label(failure: &ApiFailure) -> Label {
    match failure.code() {
        "network" => app::i18n::ERROR_NO_CONNECTION,
        "invalid_query" => i18n::ERROR_REPORT_QUERY,
        "not_found" => i18n::ERROR_NO_TEAM,
        "forbidden" | "forbidden_scope" => i18n::ERROR_REPORT_SCOPE,
        _ => app::i18n::ERROR_SERVER,
    }
}

/// A code's label through `label`, or the code itself when unknown.
fn code_label(
    code: &str,
    lang: Lang,
    label: impl Fn(&str, Lang) -> Option<&'static str>,
) -> String {
    label(code, lang)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

/// A one-dimension breakdown as a two-column table with its total.
fn breakdown(
    answer: &StatsAnswer,
    lang: Lang,
    heading: &'static str,
    id: &'static str,
) -> impl IntoView + use<> {
    let rows: Vec<(String, i64)> = answer
        .rows
        .iter()
        .map(|row| {
            let names: Vec<String> = row.labels.iter().map(|l| l.get(lang).to_string()).collect();
            (names.join(" · "), row.count)
        })
        .collect();
    let total = answer.total;
    let total_label = i18n::TOTAL.get(lang);
    view! {
        <table class="admin-table report-table" id=id>
            <thead><tr><th>{heading}</th><th class="number">{i18n::COUNT.get(lang)}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, count)| view! {
                    <tr><td>{name}</td><td class="number">{count}</td></tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr><th>{total_label}</th><th class="number">{total}</th></tr></tfoot>
        </table>
    }
}

/// Actions by code, recommended beside decided.
fn actions_table(report: &MonthlyReport, lang: Lang) -> impl IntoView + use<> {
    let mut codes: Vec<&String> = report
        .recommended_actions
        .keys()
        .chain(report.decided_actions.keys())
        .collect();
    codes.sort();
    codes.dedup();
    let rows: Vec<(String, i64, i64)> = codes
        .into_iter()
        .map(|code| {
            (
                expect_context::<crate::OfficeContext>().action_label(code, lang),
                report.recommended_actions.get(code).copied().unwrap_or(0),
                report.decided_actions.get(code).copied().unwrap_or(0),
            )
        })
        .collect();
    view! {
        <table class="admin-table report-table" id="report-actions">
            <thead><tr>
                <th>{i18n::ACTION.get(lang)}</th>
                <th class="number">{i18n::RECOMMENDED.get(lang)}</th>
                <th class="number">{i18n::DECIDED.get(lang)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, recommended, decided)| view! {
                    <tr><td>{name}</td><td class="number">{recommended}</td><td class="number">{decided}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The printed report.
fn report_view(report: MonthlyReport, lang: Lang) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = |label: Label| label.get(lang);
    let region = report
        .team
        .region_name
        .clone()
        .unwrap_or_else(|| report.team.region_code.clone());
    let as_of = super::as_of_text(&report.as_of);
    let meetings = report.meetings.clone();
    let follow_ups = report.follow_ups.clone();
    let warrants = report.warrant_numbers.join(", ");
    view! {
        <article class="report" id="monthly-report">
            <header class="report-header">
                <p class="report-office">{t(i18n::REPORT_OFFICE)}</p>
                <h1>{t(i18n::REPORT_TITLE)}</h1>
                <p id="report-team">{format!("{} — {}", report.team.name, region)}</p>
                <p id="report-period">{format!("{} {} ({} – {})", t(i18n::PERIOD), report.month, report.from, report.to)}</p>
            </header>

            <section id="report-meetings">
                <h2>{t(i18n::SECTION_MEETINGS)}</h2>
                {if meetings.is_empty() {
                    view! { <p class="muted">{t(i18n::NONE_THIS_MONTH)}</p> }.into_any()
                } else {
                    view! {
                        <table class="admin-table report-table">
                            <thead><tr>
                                <th>{t(i18n::DATE)}</th><th>{t(i18n::THEME)}</th>
                                <th>{t(i18n::ATTENDING)}</th><th>{t(i18n::DECISIONS)}</th>
                            </tr></thead>
                            <tbody>
                                {meetings.into_iter().map(|m| {
                                    let agencies: Vec<String> = m.agencies.iter().map(|a| context.agency_label(a, lang)).collect();
                                    view! {
                                        <tr>
                                            <td>{m.date}</td>
                                            <td>{m.theme}<br/><span class="muted">{m.place}</span></td>
                                            <td>{agencies.join(", ")}</td>
                                            <td class="report-text">{m.decisions}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>

            <section id="report-inspections">
                <h2>{t(i18n::SECTION_INSPECTIONS)}</h2>
                <p id="report-warrants">{t(i18n::WARRANTS)} ": " {if warrants.is_empty() { "—".to_string() } else { warrants }}</p>
                {breakdown(&report.inspections_by_place_type, lang, t(i18n::PLACE_TYPE), "report-places")}
                {breakdown(&report.inspections_by_status, lang, t(i18n::STATUS), "report-status")}
                <figure class="report-map" id="report-map">
                    {super::map::area_map(&report.inspections_by_region, None, None)}
                    <figcaption>{t(i18n::REPORT_MAP)}</figcaption>
                </figure>
                <h3>{t(i18n::FOREIGNERS_CHECKED)}</h3>
                {breakdown(&report.foreigners_checked, lang, t(i18n::NATIONALITY_PERMIT), "report-foreigners")}
            </section>

            <section id="report-violations">
                <h2>{t(i18n::SECTION_VIOLATIONS)}</h2>
                {breakdown(&report.violations, lang, t(i18n::VIOLATION), "report-violation-table")}
                <h3>{t(i18n::ACTIONS_HEADING)}</h3>
                {actions_table(&report, lang)}
            </section>

            <section id="report-follow-ups">
                <h2>{t(i18n::SECTION_FOLLOW_UPS)}</h2>
                {if follow_ups.is_empty() {
                    view! { <p class="muted">{t(i18n::NONE_THIS_MONTH)}</p> }.into_any()
                } else {
                    view! {
                        <table class="admin-table report-table">
                            <thead><tr>
                                <th>{t(i18n::DUE_DATE)}</th><th>{t(i18n::FOLLOW_UP)}</th>
                                <th>{t(i18n::OWNER)}</th><th>{t(i18n::STATUS)}</th>
                            </tr></thead>
                            <tbody>
                                {follow_ups.into_iter().map(|f| {
                                    let status = if f.status.is_empty() {
                                        ActionStatus::Open.label(lang).to_string()
                                    } else {
                                        code_label(&f.status, lang, |c, l| ActionStatus::parse(c).ok().map(|s| s.label(l)))
                                    };
                                    view! {
                                        <tr>
                                            <td>{f.due_date}</td>
                                            <td class="report-text">{f.description}</td>
                                            <td>{context.agency_label(&f.owner_agency, lang)}</td>
                                            <td>{status}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </section>

            {report.election.clone().map(|election| election_view(election, lang))}

            <p class="muted" id="report-as-of">{t(i18n::DATA_AS_OF)} " " {as_of}</p>
            {report.log_checkpoint.clone().map(|checkpoint| view! {
                <section class="log-checkpoint" id="report-log-checkpoint">
                    <h3>{t(i18n::LOG_CHECKPOINT)}</h3>
                    <p class="muted">{t(i18n::LOG_CHECKPOINT_HINT)}</p>
                    <dl class="checkpoint">
                        <dt>{t(i18n::LOG_ENTRIES)}</dt><dd id="checkpoint-size">{checkpoint.tree_size}</dd>
                        <dt>{t(i18n::LOG_ROOT)}</dt><dd class="hash" id="checkpoint-root">{checkpoint.root}</dd>
                        <dt>{t(i18n::LOG_SIGNATURE)}</dt><dd class="hash">{checkpoint.signature}</dd>
                        <dt>{t(i18n::SERVER_KEY)}</dt><dd class="hash" id="checkpoint-key">{checkpoint.server_key}</dd>
                    </dl>
                </section>
            })}
            <div class="report-signatures">
                <div><p>{t(i18n::TEAM_CHAIR)}</p><p class="signature-line">"(...................................)"</p></div>
                <div><p>{t(i18n::HEAD_OF_SECTION)}</p><p class="signature-line">"(...................................)"</p></div>
            </div>
        </article>
    }
}

/// Section V, the election watch, in a month an election period runs.
fn election_view(election: ElectionSection, lang: Lang) -> impl IntoView {
    let t = |label: Label| label.get(lang);
    let periods = election
        .periods
        .iter()
        .map(|period| {
            view! {
                <li>{format!(
                    "{} — {} {} – {}, {} {}",
                    period.name,
                    t(i18n::CAMPAIGN),
                    period.campaign_start,
                    period.campaign_end,
                    t(i18n::VOTING_DAY),
                    period.voting_day
                )}</li>
            }
        })
        .collect_view();
    let mut lines = vec![
        (
            t(i18n::POLITICAL_ACTIVITY_FINDINGS).to_string(),
            election.political_activity_findings,
        ),
        (
            t(i18n::CHECKS_AT_CAMPAIGN_EVENTS).to_string(),
            election.inspections_at_campaign_events,
        ),
        (
            t(i18n::CHECKS_AT_POLLING_STATIONS).to_string(),
            election.inspections_at_polling_stations,
        ),
        (t(i18n::NIK_HOLDERS).to_string(), election.nik_holders),
        (
            t(i18n::NIK_HOLDERS_WITHOUT_ITAP).to_string(),
            election.nik_concerns,
        ),
    ];
    lines.extend(MatchStatus::ALL.iter().map(|status| {
        (
            format!("{}: {}", t(i18n::VOTER_LIST_MATCHES), status.label(lang)),
            election
                .voter_matches
                .get(status.code())
                .copied()
                .unwrap_or(0),
        )
    }));
    view! {
        <section id="report-election">
            <h2>{t(i18n::SECTION_ELECTION)}</h2>
            <ul class="report-periods">{periods}</ul>
            <table class="admin-table report-table">
                <tbody>
                    {lines.into_iter().map(|(what, count)| view! {
                        <tr><td>{what}</td><td class="number">{count}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let (team_in_address, month_in_address) = from_address();
    let own_team = context
        .session
        .with_untracked(|s| s.as_ref().and_then(|s| s.officer.team_id.clone()));
    let team = RwSignal::new(team_in_address.or(own_team).unwrap_or_default());
    let month = RwSignal::new(month_in_address.unwrap_or_else(last_month));
    let download_failed = RwSignal::new(false);
    // The address follows the choice, so a reload or a shared link shows it again.
    Effect::new(move |_| {
        let search = format!("team={}&month={}", team.get(), month.get());
        super::show_in_address(&format!("{REPORT_PATH}?{search}"));
    });
    let teams = LocalResource::new(move || {
        let token = context.token().unwrap_or_default();
        async move { api::report_teams(&token).await.unwrap_or_default() }
    });
    let report = LocalResource::new(move || {
        let (token, team, month) = (context.token().unwrap_or_default(), team.get(), month.get());
        async move {
            if team.is_empty() {
                return None;
            }
            Some(api::monthly_report(&token, &team, &month).await)
        }
    });
    let team_option = move |t: Team| {
        let selected = t.id == team.get_untracked();
        let region = pantau_shared::wilayah::name_of(t.region_code.as_str()).unwrap_or_default();
        view! { <option value=t.id.clone() selected=selected>{format!("{} — {}", t.name, region)}</option> }
    };
    view! {
        <section class="card report-controls no-print" id="report-controls">
            <h1>{move || context.t(i18n::NAV_REPORT)}</h1>
            <div class="table-controls">
                <label>
                    {move || context.t(i18n::COLUMN_TEAM)}
                    <select id="report-team-choice" on:change=move |ev| team.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || teams.get().unwrap_or_default().into_iter().map(team_option).collect_view()}
                    </select>
                </label>
                <label>
                    {move || context.t(i18n::MONTH)}
                    <input
                        id="report-month"
                        type="month"
                        prop:value=move || month.get()
                        on:change=move |ev| month.set(event_target_value(&ev))
                    />
                </label>
                <button class="button primary" id="report-print" on:click=move |_| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.print();
                    }
                }>{move || context.t(i18n::PRINT)}</button>
                <button class="button secondary" id="report-xlsx" on:click=move |_| {
                    let token = context.token().unwrap_or_default();
                    let url = format!(
                        "/api/reports/monthly.xlsx?team={}&month={}",
                        js_sys::encode_uri_component(&team.get_untracked()),
                        js_sys::encode_uri_component(&month.get_untracked()),
                    );
                    leptos::task::spawn_local(async move {
                        match api::download(&token, &url, "laporan-bulanan.xlsx").await {
                            Ok((bytes, name)) => {
                                download_failed.set(super::table::save_file(&bytes, &name).is_none());
                            }
                            Err(_) => download_failed.set(true),
                        }
                    });
                }>{move || context.t(i18n::DOWNLOAD_XLSX)}</button>
            </div>
            <Show when=move || download_failed.get()>
                <p class="form-error" id="report-download-error">{move || context.t(i18n::ERROR_DOWNLOAD)}</p>
            </Show>
        </section>
        {move || match report.get() {
            None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
            Some(None) => view! { <p class="muted">{move || context.t(i18n::CHOOSE_TEAM)}</p> }.into_any(),
            Some(Some(Err(failure))) => view! {
                <p class="form-error" id="report-error">{move || context.t(failure_label(&failure))}</p>
            }.into_any(),
            Some(Some(Ok(report))) => {
                let lang = context.lang.get();
                report_view(report, lang).into_any()
            }
        }}
    }
}
