//! Election periods, set by a team's coordinator for its region and by the Kanwil for
//! its province or any part of it:
//! - `GET /api/election-periods` lists those in the caller's region and those above it
//!   that run over it, the latest voting day first;
//! - `POST /api/election-periods` sets a new one;
//! - `PATCH /api/election-periods/{id}` changes one, or deletes it (`deleted: true`).
//!
//! A period is an ordinary synced record (entity `election_period`), written as the
//! caller's own mutation through the push path: checked, merged, in the change log and
//! the history, and pulled by every device of its region or below, whose screens then
//! say that it runs.

use super::{OwnWrite, write_own_record};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::sync::push::Writer;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use pantau_shared::entity::{DELETED, FieldMap};
use pantau_shared::invalid::{FieldError, Invalid};
use pantau_shared::region::RegionCode;
use pantau_shared::team::Role;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/election-periods", get(list).post(create))
        .route("/election-periods/{id}", patch(change))
}

const ROLES: &[Role] = &[Role::Coordinator, Role::Central];

/// An election period as listed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct PeriodListing {
    id: String,
    #[schema(value_type = Object)]
    fields: FieldMap,
    /// Whether the caller may change it: a coordinator sees the province's periods that
    /// run over its region, but only the Kanwil changes them.
    editable: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct PeriodList {
    periods: Vec<PeriodListing>,
}

#[utoipa::path(
    get,
    path = "/api/election-periods",
    summary = "The election periods in the caller's region, the latest voting day first",
    responses((status = 200, description = "the periods", body = PeriodList), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<PeriodList>> {
    signed_in.require_role(ROLES)?;
    let scope = signed_in.read_scope()?.clone();
    let mut periods: Vec<PeriodListing> = state
        .db
        .election_period_records()
        .await?
        .into_iter()
        .filter_map(|(id, fields)| {
            let region = fields
                .get("region_code")
                .and_then(Value::as_str)
                .and_then(|code| RegionCode::parse(code).ok())?;
            let editable = scope.covers(&region);
            (editable || region.covers(&scope)).then_some(PeriodListing {
                id,
                fields,
                editable,
            })
        })
        .collect();
    let voting_day = |period: &PeriodListing| {
        period
            .fields
            .get("voting_day")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    periods.sort_by_key(|period| std::cmp::Reverse(voting_day(period)));
    Ok(Json(PeriodList { periods }))
}

/// A new election period.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewPeriod {
    /// The province (`51`, for the Kanwil), a regency (`51.01`) or an area within it, in
    /// the caller's region.
    region_code: Value,
    name: Value,
    /// `YYYY-MM-DD`.
    campaign_start: Value,
    campaign_end: Value,
    voting_day: Value,
}

#[utoipa::path(
    post,
    path = "/api/election-periods",
    summary = "Set a new election period",
    request_body = NewPeriod,
    responses((status = 201, description = "the period as stored"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<NewPeriod>,
) -> Result<(StatusCode, Json<Value>)> {
    let mut fields = FieldMap::new();
    fields.insert("region_code".into(), body.region_code);
    fields.insert("name".into(), body.name);
    fields.insert("campaign_start".into(), body.campaign_start);
    fields.insert("campaign_end".into(), body.campaign_end);
    fields.insert("voting_day".into(), body.voting_day);
    let stored = write_period(&state, &signed_in, Uuid::now_v7(), fields, true).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

#[utoipa::path(
    patch,
    path = "/api/election-periods/{id}",
    summary = "Change an election period, or delete it with deleted: true",
    params(("id" = Uuid, Path, description = "the period")),
    request_body(content = Object, description = "the fields to change: name, campaign_start, campaign_end, voting_day, deleted"),
    responses((status = 200, description = "the period as stored"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn change(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FieldMap>,
) -> Result<Json<Value>> {
    const CHANGEABLE: &[&str] = &[
        "name",
        "campaign_start",
        "campaign_end",
        "voting_day",
        DELETED,
    ];
    if let Some(other) = body.keys().find(|key| !CHANGEABLE.contains(&key.as_str())) {
        return Err(ApiError::invalid(&FieldError::new(
            other.clone(),
            Invalid::ReadOnly,
        )));
    }
    let id = Uuid::parse_str(&id)
        .map_err(|_| ApiError::not_found("there is no such election period in your region"))?;
    Ok(Json(
        write_period(&state, &signed_in, id, body, false).await?,
    ))
}

/// Writes an election period as the caller's own mutation; answers it as stored.
async fn write_period(
    state: &AppState,
    signed_in: &SignedIn,
    id: Uuid,
    fields: FieldMap,
    creates: bool,
) -> Result<Value> {
    signed_in.require_role(ROLES)?;
    let write = OwnWrite {
        entity: "election_period",
        id,
        fields,
        creates,
    };
    let grant = |writer| Writer {
        manages_elections: true,
        ..writer
    };
    write_own_record(
        state,
        signed_in,
        write,
        grant,
        "there is no such election period in your region",
    )
    .await
}
