//! `GET /api/reports/monthly?team=ID&month=YYYY-MM`: the body of a Tim PORA's monthly
//! report (Laporan Bulanan), for its coordinator and the Kanwil. Every figure is a stats
//! answer (DESIGN §6) or a list of the same records an export holds, over the team's
//! region and the month in office time (WITA), so the printed report, the dashboard and
//! the exports agree.

use crate::auth::SignedIn;
use crate::db::stats::StatsQuery;
use crate::error::{ApiError, Result};
use crate::export::Cell;
use crate::routes::stats::answer;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use futures_util::TryStreamExt;
use pantau_shared::identity::IsoDate;
use pantau_shared::report::{FollowUpLine, MeetingLine, MonthlyReport, TeamHeader};
use pantau_shared::stats::{Dimension, ExportTable, Measure};
use pantau_shared::team::Role;
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/reports/monthly", get(monthly))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MonthlyQuery {
    /// The team's id.
    team: Option<String>,
    /// `YYYY-MM`.
    month: Option<String>,
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_query", message).with_field(field)
}

/// The first and last day of `YYYY-MM`.
fn month_bounds(raw: &str) -> Result<(IsoDate, IsoDate)> {
    let refused = || invalid("month", "month must be a month as YYYY-MM, e.g. 2026-11");
    let (year, month) = raw.split_once('-').ok_or_else(refused)?;
    if year.len() != 4 || month.len() != 2 {
        return Err(refused());
    }
    let year: i32 = year.parse().map_err(|_| refused())?;
    let month: u8 = month.parse().map_err(|_| refused())?;
    let first = IsoDate::from_ymd(year, month, 1).map_err(|_| refused())?;
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let next = IsoDate::from_ymd(next_year, next_month, 1).map_err(|_| refused())?;
    let last = next.date().previous_day().ok_or_else(refused)?;
    Ok((first, IsoDate::from(last)))
}

#[utoipa::path(
    get,
    path = "/api/reports/monthly",
    summary = "The monthly report of a team (Laporan Bulanan Tim PORA)",
    params(MonthlyQuery),
    responses((status = 200, description = "the report's sections"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn monthly(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<MonthlyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<MonthlyReport>> {
    if !matches!(signed_in.officer.role, Role::Coordinator | Role::Central) {
        return Err(ApiError::forbidden(
            "the monthly report is for coordinators and the Kanwil",
        ));
    }
    let scope = signed_in.read_scope()?.clone();
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let team_id = query
        .team
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| invalid("team", "team is required"))?;
    let month = query
        .month
        .ok_or_else(|| invalid("month", "month is required"))?;
    let (first, last) = month_bounds(month.trim())?;
    let team = state.db.team(team_id.trim()).await?.ok_or_else(|| {
        ApiError::not_found(format!("there is no team {team_id}")).with_field("team")
    })?;
    if !scope.covers(&team.region_code) {
        return Err(ApiError::client(
            StatusCode::FORBIDDEN,
            "forbidden_scope",
            format!("team {} is outside your region", team.id),
        )
        .with_field("team"));
    }
    let question = |measure: Measure, by: Vec<Dimension>| StatsQuery {
        measure,
        by,
        region: team.region_code.clone(),
        from: Some(first.to_string()),
        to: Some(last.to_string()),
        filters: Vec::new(),
    };
    let inspections_by_place_type = answer(
        &state,
        question(Measure::Inspections, vec![Dimension::PlaceType]),
    )
    .await?;
    let inspections_by_status = answer(
        &state,
        question(Measure::Inspections, vec![Dimension::Status]),
    )
    .await?;
    let foreigners_checked = answer(
        &state,
        question(
            Measure::Findings,
            vec![Dimension::Nationality, Dimension::PermitType],
        ),
    )
    .await?;
    let violations = answer(
        &state,
        question(Measure::Violations, vec![Dimension::Violation]),
    )
    .await?;

    let rows = |table: ExportTable, measure: Measure| {
        let query = question(measure, Vec::new());
        let db = state.db.clone();
        async move {
            db.export_rows(table, &query)
                .try_collect::<Vec<Vec<Option<String>>>>()
                .await
        }
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let list = |value: &Option<String>| match Cell::read(
        value.clone(),
        crate::db::export::ColumnKind::List,
    ) {
        Cell::Text(joined) => joined.split("; ").map(str::to_string).collect(),
        _ => Vec::new(),
    };
    // Columns as `db::export` lists them for each table.
    let meetings = rows(ExportTable::Meetings, Measure::Meetings)
        .await?
        .iter()
        .map(|row| MeetingLine {
            date: text(&row[1]),
            theme: text(&row[2]),
            place: text(&row[3]),
            chair: text(&row[4]),
            agencies: list(&row[5]),
            decisions: text(&row[6]),
        })
        .collect();
    let mut warrant_numbers: Vec<String> = rows(ExportTable::Inspections, Measure::Inspections)
        .await?
        .iter()
        .filter_map(|row| row[5].clone().filter(|w| !w.trim().is_empty()))
        .collect();
    warrant_numbers.sort();
    warrant_numbers.dedup();
    let (mut recommended_actions, mut decided_actions) = (BTreeMap::new(), BTreeMap::new());
    for row in rows(ExportTable::Findings, Measure::Findings).await? {
        for (column, counts) in [(8, &mut recommended_actions), (9, &mut decided_actions)] {
            if let Some(action) = row[column].clone().filter(|a| !a.is_empty()) {
                *counts.entry(action).or_insert(0) += 1;
            }
        }
    }
    let follow_ups = rows(ExportTable::FollowUps, Measure::FollowUps)
        .await?
        .iter()
        .map(|row| FollowUpLine {
            due_date: text(&row[1]),
            description: text(&row[2]),
            owner_agency: text(&row[3]),
            status: text(&row[4]),
        })
        .collect();
    let as_of = inspections_by_place_type.as_of.clone();
    let report = MonthlyReport {
        team: TeamHeader {
            region_name: pantau_shared::wilayah::name_of(team.region_code.as_str())
                .map(str::to_string),
            region_code: team.region_code.as_str().to_string(),
            id: team.id,
            name: team.name,
        },
        month: month.trim().to_string(),
        from: first.to_string(),
        to: last.to_string(),
        as_of,
        meetings,
        inspections_by_place_type,
        inspections_by_status,
        warrant_numbers,
        foreigners_checked,
        violations,
        recommended_actions,
        decided_actions,
        follow_ups,
    };
    Ok(Json(report))
}
