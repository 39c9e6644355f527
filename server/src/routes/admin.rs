//! Administration over the API (DESIGN §7), for the `admin` role only: what `pantau user`
//! and `pantau device` do on the server's own machine.
//!
//! - `GET /api/admin/accounts`
//! - `POST /api/admin/accounts/{username}/disable` and `…/enable`
//! - `POST /api/admin/accounts/{username}/password` `{"password": …}`
//! - `GET /api/admin/devices[?username=U]`
//! - `POST /api/admin/devices/{id}/revoke`
//!
//! Every change is written to the access log with the administrator who made it.

use crate::auth::{SignedIn, hash_password};
use crate::cli::MIN_PASSWORD_LEN;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use pantau_shared::team::Role;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts", get(accounts))
        .route("/admin/accounts/{username}/disable", post(disable))
        .route("/admin/accounts/{username}/enable", post(enable))
        .route("/admin/accounts/{username}/password", post(password))
        .route("/admin/devices", get(devices))
        .route("/admin/devices/{id}/revoke", post(revoke))
}

fn admin_only(signed_in: &SignedIn) -> Result<()> {
    signed_in.require_role(&[Role::Admin])
}

fn no_account(username: &str) -> ApiError {
    ApiError::not_found(format!("there is no account {username}"))
}

async fn accounts(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    let accounts: Vec<Value> = state
        .db
        .accounts()
        .await?
        .into_iter()
        .map(|account| {
            json!({
                "id": account.officer.id,
                "username": account.username,
                "name": account.officer.name,
                "role": account.officer.role,
                "team_id": account.officer.team_id,
                "agency": account.officer.agency,
                "active": account.active,
            })
        })
        .collect();
    Ok(Json(json!({"accounts": accounts})))
}

async fn disable(
    state: State<AppState>,
    signed_in: SignedIn,
    Path(username): Path<String>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    if username == signed_in_username(&state, &signed_in).await? {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "own_account",
            "an administrator cannot disable their own account",
        ));
    }
    set_active(state, signed_in, username, false).await
}

async fn enable(
    state: State<AppState>,
    signed_in: SignedIn,
    Path(username): Path<String>,
) -> Result<Json<Value>> {
    set_active(state, signed_in, username, true).await
}

async fn set_active(
    State(state): State<AppState>,
    signed_in: SignedIn,
    username: String,
    active: bool,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    if !state.db.set_account_active(&username, active).await? {
        return Err(no_account(&username));
    }
    let action = if active {
        "admin_enable_account"
    } else {
        "admin_disable_account"
    };
    state
        .log_read(&signed_in, action, &username, "{}", 1)
        .await?;
    Ok(Json(json!({"username": username, "active": active})))
}

#[derive(Deserialize)]
struct NewPassword {
    password: String,
}

async fn password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(username): Path<String>,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    if state.db.account_by_username(&username).await?.is_none() {
        return Err(no_account(&username));
    }
    if body.password.chars().count() < MIN_PASSWORD_LEN {
        return Err(ApiError::bad_request(
            "too_short",
            format!("the password must be at least {MIN_PASSWORD_LEN} characters"),
        )
        .with_field("password"));
    }
    let hash = hash_password(body.password).await?;
    state.db.set_password_hash(&username, &hash).await?;
    let ended = state.db.end_sessions_of(&username).await?;
    state
        .log_read(&signed_in, "admin_reset_password", &username, "{}", 1)
        .await?;
    Ok(Json(json!({"username": username, "sessions_ended": ended})))
}

#[derive(Deserialize)]
struct DeviceQuery {
    username: Option<String>,
}

async fn devices(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<DeviceQuery>, QueryRejection>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let username = query.username.filter(|u| !u.is_empty());
    if let Some(username) = &username
        && state.db.account_by_username(username).await?.is_none()
    {
        return Err(no_account(username).with_field("username"));
    }
    let devices: Vec<Value> = state
        .db
        .devices(username.as_deref())
        .await?
        .into_iter()
        .map(|device| {
            json!({
                "id": device.id,
                "username": device.username,
                "name": device.name,
                "last_seen_ms": device.last_seen_ms,
                "pulled_cursor": device.pulled_cursor,
                "revoked": device.revoked,
            })
        })
        .collect();
    Ok(Json(json!({"devices": devices})))
}

async fn revoke(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw_id): Path<String>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    let missing = || ApiError::not_found(format!("there is no device {raw_id}"));
    let id = Uuid::parse_str(&raw_id).map_err(|_| missing())?;
    if !state.db.revoke_device(id).await? {
        return Err(missing());
    }
    state
        .log_read(&signed_in, "admin_revoke_device", &id.to_string(), "{}", 1)
        .await?;
    Ok(Json(json!({"id": id, "revoked": true})))
}

/// The caller's own username.
async fn signed_in_username(state: &AppState, signed_in: &SignedIn) -> Result<String> {
    let account = state.db.account_by_id(signed_in.officer.id).await?;
    Ok(account.map(|a| a.username).unwrap_or_default())
}
