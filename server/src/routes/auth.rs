//! Sign-in, sign-out and who am I.

use crate::auth::{LoginAttempt, SignedIn, new_token, unknown_user_hash, verify_password};
use crate::db::export::AccessEntry;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use pantau_shared::sync::wire::LoginRequest;
use pantau_shared::sync::wire::{DeviceLease, LoginResponse};
use pantau_shared::team::Officer;
use serde_json::{Value, json};
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/device/lease", get(renew_lease))
        .route("/device/signing-key", post(register_signing_key))
}

/// The longest username accepted; anything longer is refused before any other work.
const MAX_USERNAME_CHARS: usize = 64;

fn check_login_fields(request: &LoginRequest) -> Result<()> {
    let field_error = |field: &str, message: &str| {
        ApiError::bad_request("invalid_field", message).with_field(field)
    };
    if request.username.trim().is_empty() {
        return Err(field_error("username", "username is required"));
    }
    if request.username.chars().count() > MAX_USERNAME_CHARS {
        return Err(field_error("username", "username is at most 64 characters"));
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
    if let Some(key) = &request.signing_key
        && crate::signed_log::parse_public_key(key).is_none()
    {
        return Err(field_error(
            "signing_key",
            "signing_key must be an Ed25519 public key: 32 bytes in hex",
        ));
    }
    Ok(())
}

#[utoipa::path(
    post,
    path = "/api/auth/login",
    summary = "Sign in",
    request_body = LoginRequest,
    responses((status = 200, description = "a session token"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody))
)]
pub(crate) async fn login(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>> {
    check_login_fields(&request)?;
    let username = request.username.trim().to_lowercase();
    let peer = client.map(|Extension(ConnectInfo(a))| a);
    let address = crate::client::client_ip(peer, &headers, &state.settings.trusted_proxies)
        .map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
    // Counted before the password is checked, so guesses sent in parallel are counted
    // too: only the first attempts within the limit reach the check.
    let attempt = LoginAttempt::begin(&state, &username, &address).await?;
    let account = state
        .db
        .account_by_username(&username)
        .await?
        .filter(|a| a.active);
    // An unknown username costs the same check as a known one: answers take equally long.
    let hash = match &account {
        Some(account) => account.password_hash.clone(),
        None => unknown_user_hash().await?,
    };
    let verified = verify_password(request.password.clone(), hash).await? && account.is_some();
    let officer_id = account
        .as_ref()
        .map(|a| a.officer.id.to_string())
        .unwrap_or_default();
    let Some(account) = account.filter(|_| verified) else {
        tracing::info!(username = %username, address = %address, "sign-in failed");
        log_sign_in(
            &state,
            &officer_id,
            "",
            "sign_in_failed",
            &username,
            &address,
        )
        .await?;
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "wrong username or password",
        ));
    };
    attempt.succeeded(&state).await?;
    let (device_id, revoked) = state
        .db
        .register_device(
            request.device_id,
            account.officer.id,
            request.device_name.trim(),
        )
        .await?;
    if revoked {
        return Err(ApiError::client(
            StatusCode::UNAUTHORIZED,
            "device_revoked",
            "this device was revoked",
        ));
    }
    let (token, hash) = new_token();
    let expires_at_ms =
        state.settings.clock.now_ms() + state.settings.session_ttl.as_millis() as i64;
    state
        .db
        .create_session(&hash, account.officer.id, device_id, expires_at_ms)
        .await?;
    let expires_at = pantau_shared::identity::Timestamp::from_unix_ms(expires_at_ms)
        .map(|t| t.to_string())
        .unwrap_or_default();
    tracing::info!(officer = %account.officer.id, device = %device_id, address = %address, "signed in");
    let device = device_id.to_string();
    if let Some(key) = &request.signing_key {
        let now_ms = state.settings.clock.now_ms();
        state
            .db
            .register_device_key(&device, &officer_id, key, now_ms)
            .await?;
    }
    log_sign_in(&state, &officer_id, &device, "sign_in", &username, &address).await?;
    let lease =
        crate::lease::lease_for(&state.db, device_id, state.settings.clock.now_ms()).await?;
    Ok(Json(LoginResponse {
        token,
        device_id,
        expires_at,
        officer: account.officer,
        lease: Some(lease),
    }))
}

/// Sign-ins, good and failed, go to the access log: who (the account, where the
/// username is known), from which device and address.
async fn log_sign_in(
    state: &AppState,
    officer_id: &str,
    device_id: &str,
    action: &str,
    username: &str,
    address: &str,
) -> Result<()> {
    let entry = AccessEntry {
        officer_id,
        device_id,
        action,
        target: username,
        filters: address,
        row_count: 0,
        at_ms: state.settings.clock.now_ms(),
    };
    state.db.log_access(&entry).await?;
    Ok(())
}

#[utoipa::path(
    post,
    path = "/api/auth/logout",
    summary = "End this session",
    responses((status = 200, description = "ended"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn logout(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Value>> {
    state.db.delete_session(&signed_in.token_hash).await?;
    Ok(Json(json!({"status": "signed_out"})))
}

#[utoipa::path(
    get,
    path = "/api/device/lease",
    summary = "Renew this device's lease: its share of the data key and the lock policy",
    responses((status = 200, description = "the lease", body = DeviceLease), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn renew_lease(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<DeviceLease>> {
    let now_ms = state.settings.clock.now_ms();
    Ok(Json(
        crate::lease::lease_for(&state.db, signed_in.device_id, now_ms).await?,
    ))
}

/// The body of `POST /api/device/signing-key`.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SigningKeyRequest {
    /// The device's Ed25519 public key, 32 bytes in hex.
    pub signing_key: String,
}

#[utoipa::path(
    post,
    path = "/api/device/signing-key",
    summary = "Register a signing key for this device and officer without signing in again",
    request_body = SigningKeyRequest,
    responses((status = 200, description = "registered"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn register_signing_key(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(request): ApiJson<SigningKeyRequest>,
) -> Result<Json<Value>> {
    if crate::signed_log::parse_public_key(&request.signing_key).is_none() {
        return Err(ApiError::bad_request(
            "invalid_field",
            "signing_key must be an Ed25519 public key: 32 bytes in hex",
        )
        .with_field("signing_key"));
    }
    let now_ms = state.settings.clock.now_ms();
    state
        .db
        .register_device_key(
            &signed_in.device_id.to_string(),
            &signed_in.officer.id.to_string(),
            &request.signing_key,
            now_ms,
        )
        .await?;
    Ok(Json(json!({"status": "registered"})))
}

#[utoipa::path(
    get,
    path = "/api/auth/me",
    summary = "The signed-in officer",
    responses((status = 200, description = "the officer"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn me(signed_in: SignedIn) -> Json<Officer> {
    Json(signed_in.officer)
}
