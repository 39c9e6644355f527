//! The visa index codes, changed by an administrator (what `pantau visa` does on the
//! server's machine). Every device reads the whole table through `GET /api/settings`.
//!
//! - `PUT /api/admin/visa-indexes/{code}` `{"purpose_id", "purpose_en", "permit_type",
//!   "valid_from"}`: adds a code, in force from that day (today or later)
//! - `POST /api/admin/visa-indexes/{code}/retire` `{"valid_to", "successor"}`: sets its
//!   last day; a code in force then needs a successor in force the day after
//!
//! Both answer the whole table; a refusal names its field and changes nothing. Every
//! change is written to the access log with the administrator who made it.

use super::admin_body::{change_by, date, log_change, only_fields, optional_text, text};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::visa_indexes::{add, explain, retire};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use pantau_shared::permit::PermitType;
use pantau_shared::team::Role;
use pantau_shared::visa::{VisaFault, VisaIndex, VisaIndexes};
use serde_json::{Map, Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/visa-indexes/{code}", put(add_code))
        .route("/admin/visa-indexes/{code}/retire", post(retire_code))
}

fn refused(fault: VisaFault) -> ApiError {
    let status = match fault {
        VisaFault::UnknownCode => StatusCode::NOT_FOUND,
        VisaFault::CodeTaken | VisaFault::Retired => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::client(status, fault.code(), explain(fault)).with_field(fault.field())
}

fn answer(table: &VisaIndexes) -> Json<Value> {
    Json(json!({"visa_indexes": table}))
}

#[utoipa::path(
    put,
    path = "/api/admin/visa-indexes/{code}",
    summary = "Add a visa index code, in force from a day, today or later",
    params(("code" = String, Path, description = "the code, capital letters and digits")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn add_code(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    only_fields(
        &body,
        &["purpose_id", "purpose_en", "permit_type", "valid_from"],
        "a visa index code",
    )?;
    let permit_type = optional_text(&body, "permit_type")?
        .map(|raw| {
            PermitType::parse(&raw).map_err(|_| {
                ApiError::client(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "not_allowed_value",
                    "permit_type must be ITK, ITAS, ITAP, ITD or ITDINAS",
                )
                .with_field("permit_type")
            })
        })
        .transpose()?;
    let index = VisaIndex {
        code,
        purpose_id: text(&body, "purpose_id")?,
        purpose_en: text(&body, "purpose_en")?,
        permit_type,
        valid_from: Some(date(&text(&body, "valid_from")?, "valid_from")?),
        valid_to: None,
        successor: None,
    };
    let table = add(&state.db, &index, &change_by(&state, &signed_in))
        .await?
        .map_err(refused)?;
    log_change(&state, &signed_in, "visa_indexes", json!({"add": index})).await?;
    Ok(answer(&table))
}

#[utoipa::path(
    post,
    path = "/api/admin/visa-indexes/{code}/retire",
    summary = "Retire a visa index code after its last day, naming its successor",
    params(("code" = String, Path, description = "the code to retire")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn retire_code(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    only_fields(&body, &["valid_to", "successor"], "a retirement")?;
    let valid_to = date(&text(&body, "valid_to")?, "valid_to")?;
    let successor = optional_text(&body, "successor")?;
    let change = change_by(&state, &signed_in);
    let table = retire(&state.db, &code, valid_to, successor.as_deref(), &change)
        .await?
        .map_err(refused)?;
    let details = json!({"retire": code, "valid_to": valid_to, "successor": successor});
    log_change(&state, &signed_in, "visa_indexes", details).await?;
    Ok(answer(&table))
}
