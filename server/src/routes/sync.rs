//! `POST /api/sync/push` and `GET /api/sync/pull`: the wire contract of
//! `docs/sync-protocol.md`.

use crate::auth::SignedIn;
use crate::db::now_ms;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::sync::pull::{PullBody, read_page};
use crate::sync::push::{UnreadableMutation, Writer, apply_batch, read_mutations};
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use pantau_shared::meeting::RakorRight;
use pantau_shared::sync::wire::{
    DEFAULT_PULL_LIMIT, MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS, MAX_PULL_LIMIT, PushResponse,
    PushStatus,
};
use pantau_shared::team::Role;
use serde::Deserialize;
use serde_json::value::RawValue;
use uuid::Uuid;

/// How stale a device's last-seen time may get before a pull that changes nothing else
/// writes it.
const LAST_SEEN_RESOLUTION_MS: i64 = 60_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/sync/push",
            post(push).layer(DefaultBodyLimit::max(MAX_BATCH_BYTES)),
        )
        .route("/sync/pull", get(pull))
}

/// The push body; mutations are read one by one so a bad one is refused alone. They
/// are kept as raw JSON here, so that only the envelope is read with the path tracking
/// that names where a malformed body went wrong.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct PushBody {
    device_id: Uuid,
    #[schema(value_type = Vec<super::openapi::MutationSchema>)]
    mutations: Vec<Box<RawValue>>,
}

#[utoipa::path(
    post,
    path = "/api/sync/push",
    summary = "Apply a device's writes",
    request_body = PushBody,
    responses((status = 200, description = "a result per mutation"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn push(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<PushBody>,
) -> Result<Response> {
    state.check_storage_floor()?;
    if body.mutations.len() > MAX_BATCH_MUTATIONS {
        return Err(ApiError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_mutations",
            format!("a push carries at most {MAX_BATCH_MUTATIONS} mutations; split the batch"),
        )
        .with_field("mutations"));
    }
    if body.device_id != signed_in.device_id {
        return Err(
            ApiError::forbidden("device_id is not the device this session was issued to")
                .with_field("device_id"),
        );
    }
    let pulled_cursor = signed_in.device_state.pulled_cursor;
    let writer = Writer {
        officer_id: signed_in.officer.id,
        device_id: signed_in.device_id,
        scope: signed_in
            .scope
            .clone()
            .filter(|_| signed_in.officer.role.writes_records()),
        pulled_cursor,
        merges: false,
        decides: signed_in.officer.role == Role::Coordinator,
        issues_orders: signed_in.officer.role == Role::Coordinator,
        manages_elections: signed_in.officer.role == Role::Coordinator,
        rakor: RakorRight::of(signed_in.officer.role, &signed_in.officer.agency),
    };
    // Raw JSON is well formed but may still nest deeper than a value may.
    let mutations =
        read_mutations(body.mutations)
            .await
            .map_err(|UnreadableMutation { index, error }| {
                ApiError::bad_request(
                    "malformed_json",
                    format!("the body is not valid JSON: mutations[{index}]: {error}"),
                )
                .with_field("mutations")
            })?;
    let now_ms = state.settings.clock.now_ms();
    let json = apply_batch(&state.db, &writer, mutations, now_ms, |results| {
        for result in &results {
            state.metrics.count_mutation(match result.status {
                PushStatus::Applied => "applied",
                PushStatus::Duplicate => "duplicate",
                PushStatus::Conflict => "conflict",
                PushStatus::Rejected => "rejected",
            });
        }
        serde_json::to_vec(&PushResponse {
            results,
            server_time_ms: now_ms as u64,
            epoch: Some(state.db.epoch()),
        })
    })
    .await?
    .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PullQuery {
    cursor: Option<i64>,
    limit: Option<u32>,
}

#[utoipa::path(
    get,
    path = "/api/sync/pull",
    summary = "Changes after a cursor",
    params(PullQuery),
    responses((status = 200, description = "a page of changes"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn pull(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<PullQuery>, QueryRejection>,
) -> Result<Response> {
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let mut cursor = query.cursor.unwrap_or(0);
    if cursor < 0 {
        return Err(
            ApiError::bad_request("invalid_query", "cursor must be 0 or more").with_field("cursor"),
        );
    }
    let limit = query.limit.unwrap_or(DEFAULT_PULL_LIMIT);
    if limit == 0 || limit > MAX_PULL_LIMIT {
        return Err(ApiError::bad_request(
            "invalid_query",
            format!("limit must be between 1 and {MAX_PULL_LIMIT}"),
        )
        .with_field("limit"));
    }
    let scope = signed_in.read_scope()?;
    let known = &signed_in.device_state;
    // A device whose scope changed starts over, so it learns the records of its new region.
    let reset = known
        .scope
        .as_deref()
        .is_some_and(|old| old != scope.as_str())
        && cursor > 0;
    if reset {
        cursor = 0;
    }
    let page = read_page(&state.db, scope, cursor, limit).await?;
    // Most polls find nothing new: leave the device's row alone then, so they take no
    // write lock (its last-seen time is kept to the minute).
    let unchanged = known.scope.as_deref() == Some(scope.as_str())
        && known.pulled_cursor == page.cursor
        // Last-seen times are the database's bookkeeping, stamped by the system clock.
        && now_ms() - known.last_seen_ms < LAST_SEEN_RESOLUTION_MS;
    if !unchanged {
        state
            .db
            .record_pull(signed_in.device_id, scope.as_str(), page.cursor)
            .await?;
    }
    let changes = page.changes()?;
    if !changes.is_empty() {
        let range = serde_json::json!({"from": cursor, "to": page.cursor}).to_string();
        state
            .log_read(
                &signed_in,
                "pull",
                scope.as_str(),
                &range,
                changes.len() as i64,
            )
            .await?;
    }
    let body = PullBody {
        changes,
        cursor: page.cursor,
        more: page.more,
        server_time_ms: state.settings.clock.now_ms() as u64,
        scope: Some(scope.as_str()),
        reset,
        epoch: state.db.epoch(),
        backed_up_seq: state.db.backed_up_seq().await?,
    };
    let json = serde_json::to_vec(&body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}
