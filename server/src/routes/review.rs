//! Conflict review and record history:
//! `GET /api/conflicts`, `POST /api/conflicts/{id}/restore`,
//! `POST /api/conflicts/{id}/dismiss` and `GET /api/records/{id}/history`.

use crate::auth::SignedIn;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use crate::sync::push::Writer;
use crate::sync::restore::{CloseRefused, close_conflict};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use pantau_shared::meeting::RakorRight;
use pantau_shared::sync::review::{Conflict, ConflictList, ConflictStatus, RecordHistory};
use pantau_shared::team::Role;
use serde::Deserialize;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conflicts", get(list))
        .route("/conflicts/{id}/restore", post(restore))
        .route("/conflicts/{id}/dismiss", post(dismiss))
        .route("/records/{id}/history", get(history))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/conflicts",
    summary = "Values that lost a merge, in scope",
    params(ListQuery),
    responses((status = 200, description = "the conflicts"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<ConflictList>> {
    signed_in.require_role(&[Role::Coordinator, Role::Central])?;
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let status = match query.status.as_deref().unwrap_or("open") {
        "all" => None,
        raw => Some(ConflictStatus::parse(raw).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_query",
                "status must be open, restored, dismissed or all",
            )
            .with_field("status")
        })?),
    };
    let scope = signed_in.read_scope()?;
    let conflicts = state.db.conflicts(scope.as_str(), status).await?;
    Ok(Json(ConflictList { conflicts }))
}

fn conflict_id(raw: &str) -> Result<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::not_found(format!("there is no conflict {raw}")))
}

#[utoipa::path(
    post,
    path = "/api/conflicts/{id}/restore",
    summary = "Restore the losing value",
    params(("id" = String, Path, description = "the conflict id")),
    responses((status = 200, description = "restored"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn restore(
    state: State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Conflict>> {
    close(state, signed_in, &id, ConflictStatus::Restored).await
}

#[utoipa::path(
    post,
    path = "/api/conflicts/{id}/dismiss",
    summary = "Keep the kept value",
    params(("id" = String, Path, description = "the conflict id")),
    responses((status = 200, description = "dismissed"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn dismiss(
    state: State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Conflict>> {
    close(state, signed_in, &id, ConflictStatus::Dismissed).await
}

/// Closes a conflict for the team's coordinator.
async fn close(
    State(state): State<AppState>,
    signed_in: SignedIn,
    raw_id: &str,
    status: ConflictStatus,
) -> Result<Json<Conflict>> {
    signed_in.require_role(&[Role::Coordinator])?;
    let id = conflict_id(raw_id)?;
    let scope = signed_in.read_scope()?.clone();
    let writer = Writer {
        officer_id: signed_in.officer.id,
        device_id: signed_in.device_id,
        scope: Some(scope.clone()),
        // The coordinator saw both values and chose: the value replaced is no new conflict.
        pulled_cursor: i64::MAX,
        merges: false,
        decides: false,
        issues_orders: false,
        manages_elections: false,
        // The coordinator keeps the minutes: a restored value of a Rakor is theirs to set.
        rakor: RakorRight::KeepsMinutes,
    };
    match close_conflict(
        &state.db,
        &writer,
        &scope,
        id,
        status,
        state.settings.clock.now_ms(),
    )
    .await?
    {
        Ok(conflict) => Ok(Json(conflict)),
        Err(CloseRefused::NotFound) => Err(ApiError::not_found(format!(
            "there is no conflict {id} in your team's region"
        ))),
        Err(CloseRefused::AlreadyClosed(was)) => Err(ApiError::client(
            StatusCode::CONFLICT,
            "already_closed",
            format!("the conflict was already closed ({})", was.as_str()),
        )),
        Err(CloseRefused::WriteRefused(error)) => Err(ApiError::Client {
            status: StatusCode::CONFLICT,
            code: refusal_code(&error.code),
            message: format!("the value cannot be restored: {}", error.message),
            field: error.field,
        }),
    }
}

/// The error codes a refused restore can carry (the codes of a refused push).
fn refusal_code(code: &str) -> &'static str {
    match code {
        "finalized" => "finalized",
        "forbidden" => "forbidden",
        _ => "restore_refused",
    }
}

#[utoipa::path(
    get,
    path = "/api/records/{id}/history",
    summary = "A record's history",
    params(("id" = String, Path, description = "the record id")),
    responses((status = 200, description = "the history"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn history(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw_id): Path<String>,
) -> Result<Json<RecordHistory>> {
    let scope = signed_in.read_scope()?;
    let missing = || ApiError::not_found(format!("there is no record {raw_id} in your region"));
    let id = Uuid::parse_str(&raw_id).map_err(|_| missing())?;
    let entity = state
        .db
        .record_entity_in_scope(&id.to_string(), scope.as_str())
        .await?
        .ok_or_else(missing)?;
    let entries = state.db.record_history(&id.to_string()).await?;
    state
        .log_read(
            &signed_in,
            "history",
            &id.to_string(),
            "",
            entries.len() as i64,
        )
        .await?;
    Ok(Json(RecordHistory {
        record_id: id,
        entity,
        entries,
    }))
}
