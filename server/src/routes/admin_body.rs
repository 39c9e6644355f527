//! An administrator's change to a table kept as data: its JSON body read field by field,
//! so that a missing, mistyped or unknown field is refused by its name; who makes it and
//! when; and its line in the access log.

use crate::auth::SignedIn;
use crate::clock::ChangeMade;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use pantau_shared::identity::IsoDate;
use serde_json::{Map, Value};

/// Refuses a field the change does not take.
pub fn only_fields(body: &Map<String, Value>, known: &[&str], what: &str) -> Result<()> {
    match body.keys().find(|key| !known.contains(&key.as_str())) {
        Some(unknown) => Err(ApiError::bad_request(
            "unknown_field",
            format!("there is no field {unknown} in {what}"),
        )
        .with_field(unknown.as_str())),
        None => Ok(()),
    }
}

fn required(key: &str) -> ApiError {
    ApiError::bad_request("required", format!("{key} is required")).with_field(key)
}

/// A whole number the body must carry under `key`.
pub fn whole_number(body: &Map<String, Value>, key: &str) -> Result<i64> {
    body.get(key)
        .ok_or_else(|| required(key))?
        .as_i64()
        .ok_or_else(|| {
            ApiError::bad_request("wrong_type", format!("{key} must be a whole number"))
                .with_field(key)
        })
}

/// A text the body may carry under `key` (`None` when absent, null or blank).
pub fn optional_text(body: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok((!text.trim().is_empty()).then(|| text.trim().into())),
        Some(_) => {
            Err(ApiError::bad_request("wrong_type", format!("{key} must be text")).with_field(key))
        }
    }
}

/// A text the body must carry under `key`.
pub fn text(body: &Map<String, Value>, key: &str) -> Result<String> {
    optional_text(body, key)?.ok_or_else(|| required(key))
}

/// A date, `YYYY-MM-DD`, named `key`.
pub fn date(raw: &str, key: &str) -> Result<IsoDate> {
    IsoDate::parse(raw).map_err(|_| {
        ApiError::bad_request("invalid_date", format!("{key} must be a date, YYYY-MM-DD"))
            .with_field(key)
    })
}

/// The change the signed-in administrator makes now, by the server's clock.
pub fn change_by(state: &AppState, signed_in: &SignedIn) -> ChangeMade {
    ChangeMade::now(&state.settings.clock, signed_in.officer.id.to_string())
}

/// Writes the change to the access log with the administrator who made it.
pub async fn log_change(
    state: &AppState,
    signed_in: &SignedIn,
    target: &str,
    details: Value,
) -> Result<()> {
    state
        .log_read(signed_in, "admin_settings", target, &details.to_string(), 1)
        .await
}
