//! The regulation code tables, changed by an administrator (what `pantau visa`,
//! `pantau permits`, `pantau agencies`, `pantau actions` and `pantau violations` do on the server's
//! machine). Every device reads the whole tables
//! through `GET /api/settings`.
//!
//! - `PUT /api/admin/visa-indexes/{code}` `{"purpose_id", "purpose_en", "permit_type",
//!   "valid_from"}`: adds a visa index code, in force from that day (today or later),
//!   leading to a permit type in force that day
//! - `PUT /api/admin/{administrative-actions|violation-codes|permit-types}/{code}`
//!   `{"label_id", "label_en", "valid_from"}`: add an administrative action, a violation
//!   code or a permit type, in force from that day
//! - `POST /api/admin/{table}/{code}/retire` `{"valid_to", "successor"}`, for any of the
//!   four tables: set a code's last day; a code in force then needs a successor in force
//!   the day after
//!
//! Each answers its whole table; a refusal names its field and changes nothing. Every
//! change is written to the access log with the administrator who made it.

use super::admin_body::{change_by, date, log_change, only_fields, optional_text, text};
use crate::auth::SignedIn;
use crate::code_tables::{add, explain, retire};
use crate::db::code_tables::{
    ActionTable, AgencyTable, PermitTable, StoredTable, ViolationTable, VisaIndexTable,
};
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use pantau_shared::code_table::{CodeTable, TableFault};
use pantau_shared::named_code::NamedCode;
use pantau_shared::team::Role;

use pantau_shared::visa::VisaIndex;
use serde_json::{Map, Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/visa-indexes/{code}", put(add_visa_index))
        .route("/admin/visa-indexes/{code}/retire", post(retire_visa_index))
        .route("/admin/administrative-actions/{code}", put(add_action))
        .route(
            "/admin/administrative-actions/{code}/retire",
            post(retire_action),
        )
        .route("/admin/violation-codes/{code}", put(add_violation_code))
        .route(
            "/admin/violation-codes/{code}/retire",
            post(retire_violation_code),
        )
        .route("/admin/permit-types/{code}", put(add_permit_type))
        .route(
            "/admin/permit-types/{code}/retire",
            post(retire_permit_type),
        )
        .route("/admin/agencies/{code}", put(add_agency))
        .route("/admin/agencies/{code}/retire", post(retire_agency))
}

fn refused<T: StoredTable>(fault: TableFault) -> ApiError {
    let status = match fault {
        TableFault::UnknownCode => StatusCode::NOT_FOUND,
        TableFault::CodeTaken | TableFault::Retired => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::client(status, fault.code(), explain::<T>(fault)).with_field(fault.field())
}

/// Adds `entry` to its table and answers the whole table under its name.
async fn add_entry<T: StoredTable>(
    state: &AppState,
    signed_in: &SignedIn,
    entry: T::Entry,
) -> Result<Json<Value>> {
    let table = add::<T>(&state.db, &entry, &change_by(state, signed_in))
        .await?
        .map_err(refused::<T>)?;
    log_change(state, signed_in, T::TABLE, json!({"add": entry})).await?;
    Ok(Json(json!({ T::TABLE: table })))
}

/// Retires the code `code` of its table as `body` asks.
async fn retire_entry<T: StoredTable>(
    state: &AppState,
    signed_in: &SignedIn,
    code: String,
    body: Map<String, Value>,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    only_fields(&body, &["valid_to", "successor"], "a retirement")?;
    let valid_to = date(&text(&body, "valid_to")?, "valid_to")?;
    let successor = optional_text(&body, "successor")?;
    let change = change_by(state, signed_in);
    let table: CodeTable<T::Entry> =
        retire::<T>(&state.db, &code, valid_to, successor.as_deref(), &change)
            .await?
            .map_err(refused::<T>)?;
    let details = json!({"retire": code, "valid_to": valid_to, "successor": successor});
    log_change(state, signed_in, T::TABLE, details).await?;
    Ok(Json(json!({ T::TABLE: table })))
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
pub(crate) async fn add_visa_index(
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
    let index = VisaIndex {
        code,
        purpose_id: text(&body, "purpose_id")?,
        purpose_en: text(&body, "purpose_en")?,
        permit_type: optional_text(&body, "permit_type")?,
        valid_from: Some(date(&text(&body, "valid_from")?, "valid_from")?),
        valid_to: None,
        successor: None,
    };
    add_entry::<VisaIndexTable>(&state, &signed_in, index).await
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
pub(crate) async fn retire_visa_index(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    retire_entry::<VisaIndexTable>(&state, &signed_in, code, body).await
}

#[utoipa::path(
    put,
    path = "/api/admin/administrative-actions/{code}",
    summary = "Add an administrative action, in force from a day, today or later",
    params(("code" = String, Path, description = "the code, small letters, digits and underscores")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn add_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    add_named::<ActionTable>(&state, &signed_in, code, body).await
}

/// Adds a named code of the kind `K` as `body` describes it.
async fn add_named<T: StoredTable<Entry = NamedCode>>(
    state: &AppState,
    signed_in: &SignedIn,
    code: String,
    body: Map<String, Value>,
) -> Result<Json<Value>> {
    signed_in.require_role(&[Role::Admin])?;
    only_fields(&body, &["label_id", "label_en", "valid_from"], T::WHAT)?;
    let entry = NamedCode {
        valid_from: Some(date(&text(&body, "valid_from")?, "valid_from")?),
        ..NamedCode::new(code, text(&body, "label_id")?, text(&body, "label_en")?)
    };
    add_entry::<T>(state, signed_in, entry).await
}

#[utoipa::path(
    post,
    path = "/api/admin/administrative-actions/{code}/retire",
    summary = "Retire an administrative action after its last day, naming its successor",
    params(("code" = String, Path, description = "the action to retire")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn retire_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    retire_entry::<ActionTable>(&state, &signed_in, code, body).await
}

#[utoipa::path(
    put,
    path = "/api/admin/violation-codes/{code}",
    summary = "Add a violation code, in force from a day, today or later",
    params(("code" = String, Path, description = "the code, small letters, digits and underscores")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn add_violation_code(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    add_named::<ViolationTable>(&state, &signed_in, code, body).await
}

#[utoipa::path(
    post,
    path = "/api/admin/violation-codes/{code}/retire",
    summary = "Retire a violation code after its last day, naming its successor",
    params(("code" = String, Path, description = "the code to retire")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn retire_violation_code(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    retire_entry::<ViolationTable>(&state, &signed_in, code, body).await
}

#[utoipa::path(
    put,
    path = "/api/admin/permit-types/{code}",
    summary = "Add a stay permit type, in force from a day, today or later",
    params(("code" = String, Path, description = "the code, capital letters and digits")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn add_permit_type(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    add_named::<PermitTable>(&state, &signed_in, code, body).await
}

#[utoipa::path(
    post,
    path = "/api/admin/permit-types/{code}/retire",
    summary = "Retire a stay permit type after its last day, naming its successor",
    params(("code" = String, Path, description = "the code to retire")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn retire_permit_type(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    retire_entry::<PermitTable>(&state, &signed_in, code, body).await
}

#[utoipa::path(
    put,
    path = "/api/admin/agencies/{code}",
    summary = "Add a member agency, in force from a day, today or later",
    params(("code" = String, Path, description = "the code, capital letters, digits and underscores")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn add_agency(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    add_named::<AgencyTable>(&state, &signed_in, code, body).await
}

#[utoipa::path(
    post,
    path = "/api/admin/agencies/{code}/retire",
    summary = "Retire a member agency after its last day, naming its successor",
    params(("code" = String, Path, description = "the code to retire")),
    request_body = Object,
    responses((status = 200, description = "the whole table"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn retire_agency(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Value>> {
    retire_entry::<AgencyTable>(&state, &signed_in, code, body).await
}
