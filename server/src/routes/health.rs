//! `GET /api/health`: 200 when the database answers, 503 when it does not.

use crate::error::{ApiError, Result};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Result<Json<Value>> {
    if state.db.ping().await {
        Ok(Json(json!({"status": "ok"})))
    } else {
        Err(ApiError::client(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "the database does not answer",
        ))
    }
}
