//! `GET /api/settings`: regulation values the devices need, kept as data on the server
//! (the overstay fee per day and the deportation threshold).

use crate::auth::SignedIn;
use crate::error::Result;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::permit::OverstayRule;
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
    let default = OverstayRule::PP_28_2019;
    let fee = state
        .db
        .setting_i64("overstay_daily_fee_idr")
        .await?
        .map_or(default.daily_fee_idr, |v| v.max(0) as u64);
    let days = state
        .db
        .setting_i64("overstay_deportation_days")
        .await?
        .unwrap_or(default.deportation_days);
    Ok(Json(
        json!({"overstay_daily_fee_idr": fee, "overstay_deportation_days": days}),
    ))
}
