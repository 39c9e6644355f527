//! `GET /api/team/roster`: the officers of the signed-in officer's team, for attendance
//! lists and assigning work. `GET /api/teams`: the teams within the caller's region, for
//! the office's choice of a team's report and its view of how fresh each team's data is.

use crate::auth::SignedIn;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::team::{Officer, TeamOverview};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/team/roster", get(roster))
        .route("/teams", get(teams))
}

#[utoipa::path(
    get,
    path = "/api/teams",
    summary = "The teams within the caller's region, each with its last contact",
    responses((status = 200, description = "the teams"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn teams(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Vec<TeamOverview>>> {
    let scope = signed_in.read_scope()?.clone();
    let last_sync: HashMap<String, Option<i64>> =
        state.db.last_sync_by_team().await?.into_iter().collect();
    let teams = state
        .db
        .teams()
        .await?
        .into_iter()
        .filter(|team| scope.covers(&team.region_code))
        .map(|team| TeamOverview {
            last_sync_ms: last_sync.get(&team.id).copied().flatten(),
            team,
        })
        .collect();
    Ok(Json(teams))
}

#[utoipa::path(
    get,
    path = "/api/team/roster",
    summary = "The officers of the caller's team",
    responses((status = 200, description = "the roster"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn roster(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Vec<Officer>>> {
    let team = signed_in
        .officer
        .team_id
        .as_deref()
        .ok_or_else(|| ApiError::forbidden("this account belongs to no team"))?;
    Ok(Json(state.db.team_roster(team).await?))
}
