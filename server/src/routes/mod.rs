//! The HTTP API, one module per area, merged under `/api`.

pub mod admin;
mod admin_body;
pub mod admin_settings;
pub mod attachments;
pub mod auth;
pub mod case_review;
pub mod code_tables;
pub mod duplicates;
pub mod election_periods;
pub mod export;
pub mod field_operations;
pub mod health;
pub mod holds;
pub mod openapi;
pub mod overstay_rules;
pub mod political_activity;
pub mod report;
pub mod review;
pub mod settings;
pub mod stats;
pub mod sync;
pub mod team;
pub mod voter_list;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::OriginalUri;
use axum::http::StatusCode;

/// Every route under `/api`; anything else there answers a JSON 404.
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(admin::router())
        .merge(admin_settings::router())
        .merge(attachments::router())
        .merge(auth::router())
        .merge(case_review::router())
        .merge(duplicates::router())
        .merge(election_periods::router())
        .merge(export::router())
        .merge(field_operations::router())
        .merge(review::router())
        .merge(settings::router())
        .merge(stats::router())
        .merge(sync::router())
        .merge(team::router())
        .merge(health::router())
        .merge(holds::router())
        .merge(openapi::router())
        .merge(overstay_rules::router())
        .merge(political_activity::router())
        .merge(report::router())
        .merge(voter_list::router())
        .merge(code_tables::router())
        .fallback(unknown_api_path)
        .method_not_allowed_fallback(method_not_allowed)
}

/// A page's `limit` (between 1 and `max`, `default` unless given) and `offset` (not
/// negative, 0 unless given), or the parameter at fault.
pub(crate) fn page(
    limit: Option<i64>,
    offset: Option<i64>,
    default: i64,
    max: i64,
) -> Result<(i64, i64), ApiError> {
    let limit = limit.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::bad_request(
            "invalid_query",
            format!("limit must be between 1 and {max}"),
        )
        .with_field("limit"));
    }
    let offset = offset.unwrap_or(0);
    if offset < 0 {
        return Err(
            ApiError::bad_request("invalid_query", "offset must not be negative")
                .with_field("offset"),
        );
    }
    Ok((limit, offset))
}

async fn unknown_api_path(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::client(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("there is no API at {}", uri.path()),
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::client(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this API path does not take that method",
    )
}

/// One record an office screen writes as the caller's own mutation, through the push path:
/// `entity` and `id`, the fields, and whether the write creates it.
pub(crate) struct OwnWrite<'a> {
    pub entity: &'a str,
    pub id: uuid::Uuid,
    pub fields: pantau_shared::entity::FieldMap,
    pub creates: bool,
}

/// Writes `write` for `signed_in` within its read scope, with the power `grant` gives the
/// office's writer; a change of a record that is not of `entity` in the scope is
/// `not_found` with `missing`. Answers the record as stored, with its id.
pub(crate) async fn write_own_record(
    state: &AppState,
    signed_in: &crate::auth::SignedIn,
    write: OwnWrite<'_>,
    grant: impl FnOnce(crate::sync::push::Writer) -> crate::sync::push::Writer,
    missing: &'static str,
) -> Result<serde_json::Value, ApiError> {
    let OwnWrite {
        entity,
        id,
        fields,
        creates,
    } = write;
    let scope = signed_in.read_scope()?.clone();
    let mut tx = state.db.begin_write().await?;
    let existing = tx.load_record(&id.to_string()).await?;
    let in_scope = existing.as_ref().is_some_and(|stored| {
        stored.entity == entity
            && pantau_shared::region::RegionCode::parse(&stored.region_code)
                .is_ok_and(|region| scope.covers(&region))
    });
    if !creates && !in_scope {
        return Err(ApiError::not_found(missing));
    }
    let writer = grant(crate::sync::push::Writer::office(
        signed_in.officer.id,
        signed_in.device_id,
        scope,
    ));
    let latest = existing.as_ref().and_then(|stored| stored.record.latest());
    let written = crate::sync::office_write::write_for_office(
        &mut tx,
        &writer,
        (entity, id),
        latest,
        serde_json::Value::Object(fields),
        state.settings.clock.now_ms(),
    )
    .await?;
    written.map_err(ApiError::push_refusal)?;
    let stored = tx
        .load_record(&id.to_string())
        .await?
        .ok_or_else(|| anyhow::anyhow!("the {entity} written is not there"))?;
    tx.commit().await?;
    let mut values = stored.record.values();
    values.insert("id".into(), serde_json::json!(id));
    Ok(serde_json::Value::Object(values))
}
