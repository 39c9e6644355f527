//! `GET /api/settings`: regulation values the devices need, kept as data on the server:
//! every version of the overstay rule (`overstay_rules`, earliest first), and beside it
//! the version in force today as devices before the versions read it; and every code of
//! the regulation code tables with the days it is in force (`visa_indexes`,
//! `administrative_actions`, `violation_codes`, `permit_types`, `agencies`).

use crate::auth::SignedIn;
use crate::error::Result;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::identity::IsoDate;
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
    let rules = state.db.overstay_rules().await?;
    let today = IsoDate::from(state.settings.clock.office_today());
    let mut answer = json!(rules.on(today));
    answer["overstay_rules"] = json!(rules);
    let tables = state.db.code_tables().await?;
    answer["visa_indexes"] = json!(tables.visa_indexes);
    answer["administrative_actions"] = json!(tables.administrative_actions);
    answer["violation_codes"] = json!(tables.violation_codes);
    answer["permit_types"] = json!(tables.permit_types);
    answer["agencies"] = json!(tables.agencies);
    Ok(Json(answer))
}
