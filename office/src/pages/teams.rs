//! *Tim*: each Tim PORA in the caller's region over the last twelve months — the Rakor it
//! held, which agencies attended them, its follow-ups by owning agency and status — and
//! when one of its devices was last in touch, which says how fresh its figures are.

use super::admin::local_time;
use super::months_ending_now;
use super::table::ymd;
use crate::{OfficeContext, api, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use pantau_shared::lang::Lang;
use pantau_shared::meeting::ActionStatus;
use pantau_shared::stats::{Dimension, StatsAnswer, key_label};
use pantau_shared::team::TeamOverview;

/// The address of the teams' view.
pub const TEAMS_PATH: &str = "/kantor/tim";

/// Days without contact after which a team's figures are marked as stale.
const STALE_AFTER_DAYS: f64 = 7.0;

#[derive(Clone)]
struct TeamFigures {
    overview: TeamOverview,
    /// Rakor held, by attending agency (the total counts each Rakor once).
    meetings: StatsAnswer,
    /// Follow-ups due in the period, by owning agency and status.
    follow_ups: StatsAnswer,
}

async fn fetch(token: String) -> Result<(Vec<TeamFigures>, String), ApiFailure> {
    let months = months_ending_now(12);
    let period = format!("from={}-01&to={}", months[0], ymd(&js_sys::Date::new_0()));
    let mut figures = Vec::new();
    // The province's own team is the Kanwil, whose figures are the summary's.
    for overview in api::teams_overview(&token)
        .await?
        .into_iter()
        .filter(|t| t.team.region_code.as_str().len() > 2)
    {
        let region = overview.team.region_code.as_str().to_string();
        let meetings = api::stats(
            &token,
            &format!("measure=meetings&by=agency&region={region}&{period}"),
        )
        .await?;
        let follow_ups = api::stats(
            &token,
            &format!("measure=follow_ups&by=agency&by=status&region={region}&{period}"),
        )
        .await?;
        figures.push(TeamFigures {
            overview,
            meetings,
            follow_ups,
        });
    }
    Ok((figures, format!("{} – {}", months[0], months[11])))
}

/// When the team was last in touch, and whether that is long ago.
fn last_contact(last_sync_ms: Option<i64>, lang: Lang) -> (String, bool) {
    let Some(ms) = last_sync_ms else {
        return (i18n::NEVER_IN_TOUCH.get(lang).to_string(), true);
    };
    let days = (js_sys::Date::now() - ms as f64) / 86_400_000.0;
    let text = format!(
        "{} ({} {})",
        local_time(ms),
        days.floor().max(0.0),
        i18n::DAYS_AGO.get(lang)
    );
    (text, days > STALE_AFTER_DAYS)
}

/// The statuses a follow-up table has columns for, and "not recorded".
fn status_columns() -> Vec<Option<&'static str>> {
    ActionStatus::ALL
        .iter()
        .map(|s| Some(s.code()))
        .chain([None])
        .collect()
}

fn follow_up_table(answer: &StatsAnswer, lang: Lang) -> impl IntoView + use<> {
    // Each agency with its name as the server labels it from the agencies table.
    let mut agencies: Vec<(Option<String>, String)> = answer
        .rows
        .iter()
        .map(|r| (r.keys[0].clone(), r.labels[0].get(lang).to_string()))
        .collect();
    agencies.dedup_by(|a, b| a.0 == b.0);
    let count = |agency: &Option<String>, status: Option<&str>| -> i64 {
        answer
            .rows
            .iter()
            .filter(|r| &r.keys[0] == agency && r.keys[1].as_deref() == status)
            .map(|r| r.count)
            .sum()
    };
    let header = status_columns()
        .into_iter()
        .map(|status| view! { <th scope="col" class="number">{key_label(Dimension::Status, status).get(lang).to_string()}</th> })
        .collect_view();
    let rows = agencies
        .iter()
        .map(|(agency, label)| {
            let cells = status_columns()
                .into_iter()
                .map(|status| view! { <td class="number" data-status=status.unwrap_or("null")>{count(agency, status)}</td> })
                .collect_view();
            view! {
                <tr data-agency=agency.clone().unwrap_or_else(|| "null".into())>
                    <th scope="row">{label.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="admin-table team-follow-ups">
            <thead><tr><th scope="col">{i18n::OWNER.get(lang)}</th>{header}</tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><th scope="row">{i18n::TOTAL.get(lang)}</th><th class="number team-follow-ups-total" colspan="5">{answer.total}</th></tr></tfoot>
        </table>
    }
}

fn team_card(figures: TeamFigures, lang: Lang) -> impl IntoView {
    let team = &figures.overview.team;
    let region_name = key_label(Dimension::Region, Some(team.region_code.as_str()))
        .get(lang)
        .to_string();
    let (contact, stale) = last_contact(figures.overview.last_sync_ms, lang);
    let held = figures.meetings.total;
    let attendance = figures
        .meetings
        .rows
        .iter()
        .filter(|row| row.keys[0].is_some())
        .map(|row| {
            view! {
                <tr data-agency=row.keys[0].clone().unwrap_or_default()>
                    <th scope="row">{row.labels[0].get(lang).to_string()}</th>
                    <td class="number">{format!("{} / {held}", row.count)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <article class="card team-card" data-team=team.id.clone()>
            <h2>{team.name.clone()}</h2>
            <p class="muted">{region_name}</p>
            <p class=if stale { "notice team-contact" } else { "muted team-contact" }>
                {i18n::LAST_IN_TOUCH.get(lang)} ": " {contact}
            </p>
            <p class="team-meetings">{i18n::MEETINGS_HELD.get(lang)} ": " <strong class="team-meetings-held">{held}</strong></p>
            <div class="team-tables">
                {(held > 0).then(|| view! {
                    <div>
                        <h3>{i18n::ATTENDANCE_BY_AGENCY.get(lang)}</h3>
                        <table class="admin-table team-attendance">
                            <thead><tr><th scope="col">{i18n::AGENCY.get(lang)}</th><th scope="col" class="number">{i18n::RAKOR_ATTENDED.get(lang)}</th></tr></thead>
                            <tbody>{attendance}</tbody>
                        </table>
                    </div>
                })}
                <div>
                    <h3>{i18n::FOLLOW_UPS_BY_AGENCY.get(lang)}</h3>
                    {follow_up_table(&figures.follow_ups, lang)}
                </div>
            </div>
        </article>
    }
}

#[component]
pub fn TeamsPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let teams = LocalResource::new(move || {
        let token = context.token().unwrap_or_default();
        async move { fetch(token).await }
    });
    view! {
        <section id="teams">
            <h1>{move || context.t(i18n::NAV_TEAMS)}</h1>
            {move || match teams.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error" id="teams-error">{move || context.t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok((figures, period))) => {
                    let lang = context.lang.get();
                    let empty = figures.is_empty();
                    view! {
                        <p class="muted" id="teams-period">{format!("{} {period}", i18n::MONTHS_SHOWN.get(lang))}</p>
                        {empty.then(|| view! { <p class="notice">{i18n::NO_TEAMS.get(lang)}</p> })}
                        <div class="team-cards">
                            {figures.into_iter().map(|f| team_card(f, lang)).collect_view()}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
