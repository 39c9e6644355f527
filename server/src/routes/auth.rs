//! Sign-in, sign-out and who am I.

use crate::auth::{SignedIn, new_token, verify_password};
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use pantau_shared::sync::wire::LoginRequest;
use pantau_shared::sync::wire::LoginResponse;
use pantau_shared::team::Officer;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
}

fn check_login_fields(request: &LoginRequest) -> Result<()> {
    let field_error = |field: &str, message: &str| {
        ApiError::bad_request("invalid_field", message).with_field(field)
    };
    if request.username.trim().is_empty() {
        return Err(field_error("username", "username is required"));
    }
    if request.password.is_empty() {
        return Err(field_error("password", "password is required"));
    }
    if request.device_name.trim().is_empty() || request.device_name.chars().count() > 200 {
        return Err(field_error(
            "device_name",
            "device_name is required (at most 200 characters)",
        ));
    }
    Ok(())
}

async fn login(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>> {
    check_login_fields(&request)?;
    let username = request.username.trim();
    if state.login_limiter.is_blocked(username) {
        return Err(ApiError::client(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "too many failed sign-ins; wait a few minutes and try again",
        ));
    }
    let account = state
        .db
        .account_by_username(username)
        .await?
        .filter(|a| a.active);
    let verified = match &account {
        Some(account) => {
            verify_password(request.password.clone(), account.password_hash.clone()).await?
        }
        None => false,
    };
    let Some(account) = account.filter(|_| verified) else {
        state.login_limiter.record_failure(username);
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "wrong username or password",
        ));
    };
    state.login_limiter.clear(username);
    let revoked = state
        .db
        .register_device(
            request.device_id,
            account.officer.id,
            request.device_name.trim(),
        )
        .await?;
    if revoked {
        return Err(ApiError::client(
            StatusCode::FORBIDDEN,
            "device_revoked",
            "this device was revoked",
        ));
    }
    let (token, hash) = new_token();
    let expires_at_ms =
        state.settings.clock.now_ms() + state.settings.session_ttl.as_millis() as i64;
    state
        .db
        .create_session(&hash, account.officer.id, request.device_id, expires_at_ms)
        .await?;
    let expires_at = pantau_shared::identity::Timestamp::from_unix_ms(expires_at_ms)
        .map(|t| t.to_string())
        .unwrap_or_default();
    tracing::info!(officer = %account.officer.id, device = %request.device_id, "signed in");
    Ok(Json(LoginResponse {
        token,
        expires_at,
        officer: account.officer,
    }))
}

async fn logout(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Value>> {
    state.db.delete_session(&signed_in.token_hash).await?;
    Ok(Json(json!({"status": "signed_out"})))
}

async fn me(signed_in: SignedIn) -> Json<Officer> {
    Json(signed_in.officer)
}
