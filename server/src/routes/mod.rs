//! The HTTP API, one module per area, merged under `/api`.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod case_review;
pub mod duplicates;
pub mod election_periods;
pub mod export;
pub mod health;
pub mod holds;
pub mod openapi;
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
        .merge(attachments::router())
        .merge(auth::router())
        .merge(case_review::router())
        .merge(duplicates::router())
        .merge(election_periods::router())
        .merge(export::router())
        .merge(review::router())
        .merge(settings::router())
        .merge(stats::router())
        .merge(sync::router())
        .merge(team::router())
        .merge(health::router())
        .merge(holds::router())
        .merge(openapi::router())
        .merge(report::router())
        .merge(voter_list::router())
        .fallback(unknown_api_path)
        .method_not_allowed_fallback(method_not_allowed)
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
