//! Administration over the API (DESIGN §7), for the `admin` role only: what `pantau user`
//! and `pantau device` do on the server's own machine.
//!
//! - `GET /api/admin/accounts`; `POST /api/admin/accounts` `{"username", "name", "role",
//!   "team_id", "agency", "password"}` creates one
//! - `GET /api/admin/teams`; `POST /api/admin/teams` `{"id", "name", "region_code"}`
//!   creates a team, or renames and re-regions an existing one
//! - `POST /api/admin/accounts/{username}/disable` and `…/enable`
//! - `POST /api/admin/accounts/{username}/password` `{"password": …}`
//! - `GET /api/admin/devices[?username=U]`
//! - `POST /api/admin/devices/{id}/revoke`
//!
//! Every change is written to the access log with the administrator who made it.

use crate::auth::{SignedIn, hash_password};
use crate::error::{ApiError, ApiJson, Result};
use crate::provisioning::{self, NewUser, Refused};
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
        .route("/admin/accounts", get(accounts).post(create_account))
        .route("/admin/teams", get(teams).post(save_team))
        .route("/admin/accounts/{username}/disable", post(disable))
        .route("/admin/accounts/{username}/enable", post(enable))
        .route("/admin/accounts/{username}/password", post(password))
        .route("/admin/accounts/{username}/agency", post(agency))
        .route("/admin/devices", get(devices))
        .route("/admin/devices/{id}/revoke", post(revoke))
}

fn admin_only(signed_in: &SignedIn) -> Result<()> {
    signed_in.require_role(&[Role::Admin])
}

fn no_account(username: &str) -> ApiError {
    ApiError::not_found(format!("there is no account {username}"))
}

#[utoipa::path(
    get,
    path = "/api/admin/accounts",
    summary = "Every account",
    responses((status = 200, description = "the accounts"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn accounts(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Value>> {
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

/// A refused team or account, as an answer naming the field.
fn refusal(refused: Refused) -> ApiError {
    match refused {
        Refused::Field {
            field,
            code,
            message,
        } => {
            let status = if code == "username_taken" {
                StatusCode::CONFLICT
            } else {
                StatusCode::BAD_REQUEST
            };
            ApiError::client(status, code, format!("{field} {message}")).with_field(field)
        }
        Refused::Internal(error) => ApiError::Internal(error),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewAccountBody {
    username: String,
    name: String,
    role: String,
    #[serde(default)]
    team_id: Option<String>,
    agency: String,
    password: String,
}

#[utoipa::path(
    post,
    path = "/api/admin/accounts",
    summary = "Create an account",
    request_body = NewAccountBody,
    responses((status = 201, description = "created"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn create_account(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<NewAccountBody>,
) -> Result<(StatusCode, Json<Value>)> {
    admin_only(&signed_in)?;
    let user = NewUser {
        username: &body.username,
        name: &body.name,
        role: &body.role,
        team: body.team_id.as_deref(),
        agency: &body.agency,
    };
    let today = state.settings.clock.office_today().into();
    provisioning::add_user(&state.db, &user, body.password.clone(), today)
        .await
        .map_err(refusal)?;
    let username = body.username.trim();
    state
        .log_read(&signed_in, "admin_create_account", username, "{}", 1)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({"username": username}))))
}

#[utoipa::path(
    get,
    path = "/api/admin/teams",
    summary = "Every team",
    responses((status = 200, description = "the teams"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn teams(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    Ok(Json(json!({"teams": state.db.teams().await?})))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct TeamBody {
    id: String,
    name: String,
    region_code: String,
}

#[utoipa::path(
    post,
    path = "/api/admin/teams",
    summary = "Add a team, or rename and re-region one",
    request_body = TeamBody,
    responses((status = 200, description = "saved"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn save_team(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<TeamBody>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    let team = provisioning::add_team(&state.db, &body.id, &body.name, &body.region_code)
        .await
        .map_err(refusal)?;
    state
        .log_read(&signed_in, "admin_save_team", &team.id, "{}", 1)
        .await?;
    Ok(Json(json!({"team": team})))
}

#[utoipa::path(
    post,
    path = "/api/admin/accounts/{username}/disable",
    summary = "Disable an account and end its sessions",
    params(("username" = String, Path, description = "the account")),
    responses((status = 200, description = "disabled"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn disable(
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

#[utoipa::path(
    post,
    path = "/api/admin/accounts/{username}/enable",
    summary = "Enable an account",
    params(("username" = String, Path, description = "the account")),
    responses((status = 200, description = "enabled"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn enable(
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

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewPassword {
    password: String,
}

#[utoipa::path(
    post,
    path = "/api/admin/accounts/{username}/password",
    summary = "Set an account's password and end its sessions",
    request_body = NewPassword,
    params(("username" = String, Path, description = "the account")),
    responses((status = 200, description = "changed"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(username): Path<String>,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    if state.db.account_by_username(&username).await?.is_none() {
        return Err(no_account(&username));
    }
    provisioning::check_password(&body.password).map_err(refusal)?;
    let hash = hash_password(body.password).await?;
    state.db.set_password_hash(&username, &hash).await?;
    let ended = state
        .db
        .end_sessions_but(&username, &signed_in.token_hash)
        .await?;
    state
        .log_read(&signed_in, "admin_reset_password", &username, "{}", 1)
        .await?;
    Ok(Json(json!({"username": username, "sessions_ended": ended})))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewAgency {
    agency: String,
}

#[utoipa::path(
    post,
    path = "/api/admin/accounts/{username}/agency",
    summary = "Move an account to another agency in force today",
    request_body = NewAgency,
    params(("username" = String, Path, description = "the account")),
    responses((status = 200, description = "moved"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn agency(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(username): Path<String>,
    ApiJson(body): ApiJson<NewAgency>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    let today = state.settings.clock.office_today().into();
    if !provisioning::set_agency(&state.db, &username, &body.agency, today)
        .await
        .map_err(refusal)?
    {
        return Err(no_account(&username));
    }
    state
        .log_read(&signed_in, "admin_set_agency", &username, "{}", 1)
        .await?;
    let agency = body.agency.trim();
    Ok(Json(json!({"username": username, "agency": agency})))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DeviceQuery {
    username: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/admin/devices",
    summary = "Devices, most recently seen first",
    params(DeviceQuery),
    responses((status = 200, description = "the devices"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn devices(
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

#[utoipa::path(
    post,
    path = "/api/admin/devices/{id}/revoke",
    summary = "Revoke a device: it wipes itself at its next contact",
    params(("id" = String, Path, description = "the device id")),
    responses((status = 200, description = "revoked"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(raw_id): Path<String>,
) -> Result<Json<Value>> {
    admin_only(&signed_in)?;
    let missing = || ApiError::not_found(format!("there is no device {raw_id}"));
    let id = Uuid::parse_str(&raw_id).map_err(|_| missing())?;
    // Revoking the device in hand would wipe it and end the administrator's own work.
    if id == signed_in.device_id {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "own_device",
            "an administrator cannot revoke the device they are using",
        ));
    }
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
