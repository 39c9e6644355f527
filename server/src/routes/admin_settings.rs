//! The values an administrator sets (DESIGN §7), over the API for the `admin` role:
//! what `pantau review policy` and `pantau device policy` do on the server's machine.
//!
//! - `GET /api/admin/settings`: each value in force with its default and bounds, and
//!   whether finalizations must come signed
//! - `POST /api/admin/settings` `{"review_overdue_days": 7, "require_signatures": true}`:
//!   changes the values named, all or none — a value out of bounds, of the wrong type or
//!   unknown is refused naming it, and nothing changes
//!
//! Every change is written to the access log with the administrator who made it.

use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, Result};
use crate::lease::REQUIRE_SIGNATURES;
use crate::policy::{ALL, PolicyValue};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::team::Role;
use serde_json::{Map, Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/settings", get(settings).post(change_settings))
}

/// Every value in force, as both routes answer.
async fn in_force(state: &AppState) -> Result<Json<Value>> {
    let mut values = Vec::new();
    for policy in ALL {
        values.push(json!({
            "key": policy.key,
            "value": policy.current(&state.db).await?,
            "default": policy.default,
            "min": policy.range.start(),
            "max": policy.range.end(),
        }));
    }
    let signed = state.db.setting_i64(REQUIRE_SIGNATURES).await? == Some(1);
    Ok(Json(
        json!({"values": values, (REQUIRE_SIGNATURES): signed}),
    ))
}

#[utoipa::path(
    get,
    path = "/api/admin/settings",
    summary = "The values an administrator sets, with their defaults and bounds",
    responses((status = 200, description = "the values in force"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    in_force(&state).await
}

/// A change of settings, checked whole before any of it is kept.
struct Change {
    values: Vec<(&'static PolicyValue, i64)>,
    require_signatures: Option<bool>,
}

fn refused(field: &str, code: &'static str, message: String) -> ApiError {
    ApiError::client(StatusCode::UNPROCESSABLE_ENTITY, code, message).with_field(field)
}

/// Reads and checks every value named; the first one at fault is refused.
fn checked(body: &Map<String, Value>) -> Result<Change> {
    let mut change = Change {
        values: Vec::new(),
        require_signatures: None,
    };
    for (key, value) in body {
        if key == REQUIRE_SIGNATURES {
            let Some(required) = value.as_bool() else {
                return Err(refused(
                    key,
                    "wrong_type",
                    format!("{key} must be true or false"),
                ));
            };
            change.require_signatures = Some(required);
            continue;
        }
        let Some(policy) = ALL.into_iter().find(|policy| policy.key == key) else {
            return Err(refused(
                key,
                "unknown_field",
                format!("there is no setting {key}"),
            ));
        };
        let Some(number) = value.as_i64() else {
            return Err(refused(
                key,
                "wrong_type",
                format!("{key} must be a whole number"),
            ));
        };
        if !policy.range.contains(&number) {
            return Err(refused(
                key,
                "out_of_range",
                format!(
                    "{key} must be from {} to {}",
                    policy.range.start(),
                    policy.range.end()
                ),
            ));
        }
        change.values.push((policy, number));
    }
    Ok(change)
}

#[utoipa::path(
    post,
    path = "/api/admin/settings",
    summary = "Change the values an administrator sets: all that are named, or none",
    request_body = Object,
    responses((status = 200, description = "the values in force after the change"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn change_settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    let change = checked(&body)?;
    let mut pairs: Vec<(&str, String)> = change
        .values
        .iter()
        .map(|(policy, value)| (policy.key, value.to_string()))
        .collect();
    if let Some(required) = change.require_signatures {
        pairs.push((
            REQUIRE_SIGNATURES,
            if required { "1" } else { "0" }.to_string(),
        ));
    }
    state.db.put_settings(&pairs).await?;
    super::admin_body::log_change(&state, &signed_in, "settings", Value::Object(body)).await?;
    in_force(&state).await
}
