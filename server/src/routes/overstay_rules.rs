//! The overstay rule's versions, changed by an administrator (what `pantau overstay`
//! does on the server's machine). Every version is read by any device through
//! `GET /api/settings`.
//!
//! - `PUT /api/admin/overstay-rules/{valid_from}`
//!   `{"overstay_daily_fee_idr": 2000000, "overstay_deportation_days": 60}`: plans the
//!   version in force from that day (today or later), replacing one planned for it
//! - `DELETE /api/admin/overstay-rules/{valid_from}`: withdraws a version not yet in force
//!
//! Both answer every version, earliest first; a refusal names its field and changes
//! nothing. Every change is written to the access log with the administrator who made it.

use super::admin_body::{change_by, date, log_change, only_fields, whole_number};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, Result};
use crate::overstay_rules::{explain, plan, withdraw};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::put;
use axum::{Json, Router};
use pantau_shared::permit::{OverstayRule, OverstayRules, RuleFault};
use pantau_shared::team::Role;
use serde_json::{Map, Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/admin/overstay-rules/{valid_from}",
        put(plan_version).delete(withdraw_version),
    )
}

fn refused(fault: RuleFault) -> ApiError {
    let status = match fault {
        RuleFault::InForce => StatusCode::CONFLICT,
        RuleFault::NoSuchVersion => StatusCode::NOT_FOUND,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::client(status, fault.code(), explain(fault)).with_field(fault.field())
}

fn answer(rules: &OverstayRules) -> Json<Value> {
    Json(json!({"versions": rules}))
}

#[utoipa::path(
    put,
    path = "/api/admin/overstay-rules/{valid_from}",
    summary = "Plan the overstay rule's version in force from a day, today or later",
    params(("valid_from" = String, Path, description = "the first day in force, YYYY-MM-DD")),
    request_body = Object,
    responses((status = 200, description = "every version of the rule"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn plan_version(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw_from): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    let valid_from = date(&raw_from, "valid_from")?;
    only_fields(
        &body,
        &["overstay_daily_fee_idr", "overstay_deportation_days"],
        "an overstay rule",
    )?;
    let fee = whole_number(&body, "overstay_daily_fee_idr")?;
    let rule = OverstayRule {
        valid_from: Some(valid_from),
        daily_fee_idr: u64::try_from(fee).map_err(|_| refused(RuleFault::DailyFeeOutOfRange))?,
        deportation_days: whole_number(&body, "overstay_deportation_days")?,
    };
    let change = change_by(&state, &signed_in);
    let rules = plan(&state.db, &rule, &change).await?.map_err(refused)?;
    log_change(&state, &signed_in, "overstay_rules", json!({"plan": rule})).await?;
    Ok(answer(&rules))
}

#[utoipa::path(
    delete,
    path = "/api/admin/overstay-rules/{valid_from}",
    summary = "Withdraw a version of the overstay rule that is not in force yet",
    params(("valid_from" = String, Path, description = "the day the version was to come into force")),
    responses((status = 200, description = "every version left"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn withdraw_version(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw_from): Path<String>,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    let valid_from = date(&raw_from, "valid_from")?;
    let rules = withdraw(&state.db, valid_from, &change_by(&state, &signed_in))
        .await?
        .map_err(refused)?;
    let details = json!({"withdraw": valid_from});
    log_change(&state, &signed_in, "overstay_rules", details).await?;
    Ok(answer(&rules))
}
