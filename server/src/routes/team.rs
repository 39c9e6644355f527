//! `GET /api/team/roster`: the officers of the signed-in officer's team, for attendance
//! lists and assigning work.

use crate::auth::SignedIn;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::team::Officer;

pub fn router() -> Router<AppState> {
    Router::new().route("/team/roster", get(roster))
}

async fn roster(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Vec<Officer>>> {
    let team = signed_in
        .officer
        .team_id
        .as_deref()
        .ok_or_else(|| ApiError::forbidden("this account belongs to no team"))?;
    Ok(Json(state.db.team_roster(team).await?))
}
