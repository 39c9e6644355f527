//! `GET /api/settings`: regulation values the devices need, kept as data on the server
//! (the overstay fee per day and the deportation threshold).

use crate::auth::SignedIn;
use crate::error::Result;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route("/settings", get(settings))
}

#[utoipa::path(
    get,
    path = "/api/settings",
    summary = "Regulation values kept as data",
    responses((status = 200, description = "the settings"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn settings(
    State(state): State<AppState>,
    _signed_in: SignedIn,
) -> Result<Json<Value>> {
    let rule = state.db.overstay_rule().await?;
    Ok(Json(json!(rule)))
}
