//! `GET /api/political-activity`: the findings of political activity by foreign
//! nationals in a region, for coordinators (their team's region) and the Kanwil (its
//! province), narrowed like a stats question (`region`, `from`, `to`,
//! `election_period`, …). The same findings count on the oversight map as the
//! `violations` measure with `violation=political_activity`.

use crate::auth::SignedIn;
use crate::db::export::columns;
use crate::error::{ApiError, Result};
use crate::routes::stats::parse_query;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::StreamExt;
use pantau_shared::election::{PoliticalActivityItem, PoliticalActivityList};
use pantau_shared::stats::{Dimension, ExportTable, Measure};
use pantau_shared::team::Role;
use pantau_shared::violation_codes::POLITICAL_ACTIVITY;

pub fn router() -> Router<AppState> {
    Router::new().route("/political-activity", get(list))
}

/// The most findings one answer lists; the findings export has them all.
const MAX_ITEMS: usize = 1000;

#[utoipa::path(
    get,
    path = "/api/political-activity",
    summary = "Findings of political activity by foreign nationals in a region",
    description = "Takes the parameters of a stats question for the violations measure (region, from, to, election_period, nationality, place_type, …) but not violation, which is political_activity. Lists at most 1,000 findings; more says there were others.",
    responses((status = 200, description = "the findings", body = PoliticalActivityList), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    RawQuery(raw): RawQuery,
) -> Result<Json<PoliticalActivityList>> {
    signed_in.require_role(&[Role::Coordinator, Role::Central])?;
    let scope = signed_in.read_scope()?.clone();
    let filters = raw.unwrap_or_default();
    let mut query = parse_query(&filters, &scope, Some(Measure::Violations))?;
    if query
        .filters
        .iter()
        .any(|(d, _)| *d == Dimension::Violation)
    {
        return Err(ApiError::bad_request(
            "invalid_query",
            "this list is of political activity alone; violation cannot be chosen",
        )
        .with_field("violation"));
    }
    query
        .filters
        .push((Dimension::Violation, POLITICAL_ACTIVITY.to_string()));
    state.db.refresh_stat_units().await?;
    let headers: Vec<&str> = columns(ExportTable::Findings)
        .iter()
        .map(|c| c.header)
        .collect();
    let mut rows = state.db.export_rows(ExportTable::Findings, &query);
    let mut items = Vec::new();
    let mut more = false;
    while let Some(row) = rows.next().await {
        if items.len() == MAX_ITEMS {
            more = true;
            break;
        }
        let row = row?;
        let cell = |header: &str| {
            headers
                .iter()
                .position(|h| *h == header)
                .and_then(|n| row.get(n).cloned().flatten())
        };
        let decision_state = cell("decision_state");
        let cancelled = decision_state.as_deref() == Some("cancelled");
        items.push(PoliticalActivityItem {
            region_code: cell("region_code"),
            inspection_started_at: cell("inspection_started_at"),
            place_name: cell("place_name"),
            full_name: cell("full_name"),
            nationality: cell("nationality"),
            political_activity: cell("political_activity"),
            political_activity_place: cell("political_activity_place"),
            recommended_action: cell("recommended_action"),
            decided_action: cell("decided_action").filter(|_| !cancelled),
            decision_state,
        });
    }
    drop(rows);
    state
        .log_read(
            &signed_in,
            "list",
            "political_activity",
            &filters,
            items.len() as i64,
        )
        .await?;
    Ok(Json(PoliticalActivityList {
        region: query.region.as_str().to_string(),
        items,
        more,
    }))
}
