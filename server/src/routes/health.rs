//! `GET /api/health`: 200 when the database answers, 503 when it does not; with what an
//! operator checks first — the version, the engine and its schema, the free disk, and
//! whether commits wait for the disk.

use crate::db::Backend;
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

#[utoipa::path(
    get,
    path = "/api/health",
    summary = "Whether the server and its database answer",
    responses((status = 200, description = "healthy"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody))
)]
pub(crate) async fn health(State(state): State<AppState>) -> Result<Json<Value>> {
    let unavailable = |_| {
        ApiError::client(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "the database does not answer",
        )
    };
    let schema_version = state.db.schema_version().await.map_err(unavailable)?;
    let durability = state.db.durability().await.map_err(unavailable)?;
    let free = state.db.free_space();
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "database": match state.db.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        },
        "schema_version": schema_version,
        "commits_survive_power_loss": durability.commits_survive_power_loss(),
        "disk_free_bytes": free,
        "storage_floor_bytes": state.settings.storage_floor_bytes,
        "accepting_writes": state.check_storage_floor().is_ok(),
        // Receipts and printed checkpoints are checked against it.
        "log_public_key": state.db.log_key().public_hex(),
    })))
}
