//! Legal holds, placed by the office on records an open legal matter needs: kept past
//! their retention period, and past an officer's deletion, until the hold is lifted.
//! `GET /api/legal-holds`, `PUT /api/records/{id}/legal-hold` (`{"reason": …}`) and
//! `DELETE /api/records/{id}/legal-hold`. Placing and lifting are written to the access
//! log.

use crate::auth::SignedIn;
use crate::db::retention::LegalHold;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::team::Role;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new().route("/legal-holds", get(list)).route(
        "/records/{id}/legal-hold",
        axum::routing::put(place).delete(lift),
    )
}

/// Who may place and lift holds: the team's coordinator and the central office.
const HOLDERS: &[Role] = &[Role::Coordinator, Role::Central];

/// The longest reason kept.
const MAX_REASON_CHARS: usize = 500;

#[utoipa::path(
    get,
    path = "/api/legal-holds",
    summary = "Legal holds in scope",
    responses((status = 200, description = "the holds"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Value>> {
    signed_in.require_role(HOLDERS)?;
    let scope = signed_in.read_scope()?;
    let holds = state.db.legal_holds_in_scope(scope.as_str()).await?;
    Ok(Json(json!({"holds": holds})))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct PlaceHold {
    reason: String,
}

#[utoipa::path(
    put,
    path = "/api/records/{id}/legal-hold",
    summary = "Place a legal hold on a record",
    request_body = PlaceHold,
    params(("id" = String, Path, description = "the record id")),
    responses((status = 200, description = "placed"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn place(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw_id): Path<String>,
    ApiJson(body): ApiJson<PlaceHold>,
) -> Result<Json<LegalHold>> {
    signed_in.require_role(HOLDERS)?;
    let id = record_in_scope(&state, &signed_in, &raw_id).await?;
    let reason = body.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::bad_request(
            "required",
            "say why the record must be kept: the legal matter it is needed for",
        )
        .with_field("reason"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(ApiError::bad_request(
            "too_long",
            format!("the reason may be at most {MAX_REASON_CHARS} characters"),
        )
        .with_field("reason"));
    }
    let hold = LegalHold {
        record_id: id.clone(),
        reason: reason.to_string(),
        placed_by: signed_in.officer.id.to_string(),
        placed_at_ms: state.settings.clock.now_ms(),
    };
    state.db.place_legal_hold(&hold).await?;
    let details = json!({"reason": hold.reason}).to_string();
    state
        .log_read(&signed_in, "legal_hold_placed", &id, &details, 1)
        .await?;
    Ok(Json(hold))
}

#[utoipa::path(
    delete,
    path = "/api/records/{id}/legal-hold",
    summary = "Lift a legal hold",
    params(("id" = String, Path, description = "the record id")),
    responses((status = 200, description = "lifted"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn lift(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw_id): Path<String>,
) -> Result<Json<Value>> {
    signed_in.require_role(HOLDERS)?;
    let id = record_in_scope(&state, &signed_in, &raw_id).await?;
    if !state.db.lift_legal_hold(&id).await? {
        return Err(ApiError::not_found(format!(
            "record {id} is not under legal hold"
        )));
    }
    state
        .log_read(&signed_in, "legal_hold_lifted", &id, "{}", 1)
        .await?;
    Ok(Json(json!({"record_id": id, "held": false})))
}

/// The record's id, when it lies in the caller's region.
async fn record_in_scope(state: &AppState, signed_in: &SignedIn, raw_id: &str) -> Result<String> {
    let missing = || ApiError::not_found(format!("there is no record {raw_id} in your region"));
    let id = Uuid::parse_str(raw_id).map_err(|_| missing())?.to_string();
    let scope = signed_in.read_scope()?;
    state
        .db
        .record_entity_in_scope(&id, scope.as_str())
        .await?
        .ok_or_else(missing)?;
    Ok(id)
}
