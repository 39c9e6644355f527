//! Operations under one written order (*surat perintah*), recorded by a team's
//! coordinator for its region and read by the coordinator and the Kanwil:
//! - `GET /api/operations` lists those in the caller's region, the latest order first,
//!   with how many inspections were made under each;
//! - `POST /api/operations` records a new one (coordinator);
//! - `PATCH /api/operations/{id}` changes one, or deletes it (`deleted: true`);
//! - `GET /api/operations/{id}` is its report: the inspections made under it, places by
//!   type, foreign nationals checked by nationality, findings and decisions.
//!
//! An operation is an ordinary synced record (entity `operation`), written as the
//! caller's own mutation through the push path, so the team's tablets pull it and
//! their inspections can name it (`operation_id`).

use super::{OwnWrite, write_own_record};
use crate::auth::SignedIn;
use crate::db::field_operations::{ReadRecord, UnderOperation};
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::sync::push::Writer;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::decision::Decision;
use pantau_shared::entity::{DELETED, Entity, FieldMap};
use pantau_shared::invalid::{FieldError, Invalid};
use pantau_shared::operation::{OperationInspection, OperationListing, OperationReport, Tally};
use pantau_shared::region::RegionCode;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operations", get(list).post(create))
        .route("/operations/{id}", get(report).patch(change))
}

const READERS: &[Role] = &[Role::Coordinator, Role::Central];
/// The fields of an operation a change may name.
const CHANGEABLE: &[&str] = &[
    "order_number",
    "order_date",
    "operation_type",
    "period_start",
    "period_end",
    "issued_by",
    "agencies",
    "officer_ids",
    "notes",
    DELETED,
];

fn not_found() -> ApiError {
    ApiError::not_found("there is no such operation in your region")
}

fn region_of(record: &ReadRecord) -> Option<RegionCode> {
    RegionCode::parse(&record.region_code).ok()
}

fn text(fields: &FieldMap, name: &str) -> Option<String> {
    fields.get(name).and_then(Value::as_str).map(str::to_string)
}

/// Whether `signed_in` may change operations in `region`: a coordinator in its own.
fn may_change(signed_in: &SignedIn, scope: &RegionCode, region: &RegionCode) -> bool {
    signed_in.officer.role == Role::Coordinator && scope.covers(region)
}

#[utoipa::path(
    get,
    path = "/api/operations",
    summary = "The operations in the caller's region, the latest order first",
    responses((status = 200, description = "`{\"operations\": [...]}`, each with its fields, whether the caller may change it and its inspections"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Value>> {
    signed_in.require_role(READERS)?;
    let scope = signed_in.read_scope()?.clone();
    let counts = state.db.inspections_per_operation().await?;
    let mut operations: Vec<OperationListing> = state
        .db
        .operation_records()
        .await?
        .into_iter()
        .filter_map(|record| {
            let region = region_of(&record).filter(|region| scope.covers(region))?;
            Some(OperationListing {
                id: Uuid::parse_str(&record.id).ok()?,
                editable: may_change(&signed_in, &scope, &region),
                inspections: counts.get(&record.id).copied().unwrap_or(0),
                fields: record.fields,
            })
        })
        .collect();
    operations.sort_by_key(|operation| {
        std::cmp::Reverse((
            text(&operation.fields, "order_date").unwrap_or_default(),
            operation.id,
        ))
    });
    Ok(Json(json!({"operations": operations})))
}

#[utoipa::path(
    post,
    path = "/api/operations",
    summary = "Record a new operation and its written order",
    request_body(content = Object, description = "region_code, order_number, order_date, operation_type, period_start, period_end; issued_by, agencies, officer_ids, notes"),
    responses((status = 201, description = "the operation as stored"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<FieldMap>,
) -> Result<(StatusCode, Json<Value>)> {
    if let Some(other) = body
        .keys()
        .find(|key| key.as_str() != "region_code" && !CHANGEABLE.contains(&key.as_str()))
    {
        return Err(ApiError::invalid(&FieldError::new(
            other.clone(),
            Invalid::UnknownField,
        )));
    }
    let stored = write_operation(&state, &signed_in, Uuid::now_v7(), body, true).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

#[utoipa::path(
    patch,
    path = "/api/operations/{id}",
    summary = "Change an operation, or delete it with deleted: true",
    params(("id" = Uuid, Path, description = "the operation")),
    request_body(content = Object, description = "the fields to change"),
    responses((status = 200, description = "the operation as stored"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn change(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FieldMap>,
) -> Result<Json<Value>> {
    if let Some(other) = body.keys().find(|key| !CHANGEABLE.contains(&key.as_str())) {
        return Err(ApiError::invalid(&FieldError::new(
            other.clone(),
            Invalid::ReadOnly,
        )));
    }
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    Ok(Json(
        write_operation(&state, &signed_in, id, body, false).await?,
    ))
}

/// Writes an operation as the coordinator's own mutation; answers it as stored.
async fn write_operation(
    state: &AppState,
    signed_in: &SignedIn,
    id: Uuid,
    fields: FieldMap,
    creates: bool,
) -> Result<Value> {
    signed_in.require_role(&[Role::Coordinator])?;
    let write = OwnWrite {
        entity: "operation",
        id,
        fields,
        creates,
    };
    let grant = |writer| Writer {
        issues_orders: true,
        ..writer
    };
    write_own_record(
        state,
        signed_in,
        write,
        grant,
        "there is no such operation in your region",
    )
    .await
}

#[utoipa::path(
    get,
    path = "/api/operations/{id}",
    summary = "An operation's report: its inspections, places, foreign nationals, findings and decisions",
    params(("id" = Uuid, Path, description = "the operation")),
    responses((status = 200, description = "the report", body = OperationReport), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn report(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Json<OperationReport>> {
    signed_in.require_role(READERS)?;
    let scope = signed_in.read_scope()?.clone();
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let operation = state
        .db
        .operation_records()
        .await?
        .into_iter()
        .find(|record| record.id == id.to_string())
        .ok_or_else(not_found)?;
    let region = region_of(&operation)
        .filter(|region| scope.covers(region))
        .ok_or_else(not_found)?;
    let under = state.db.records_under_operation(&id.to_string()).await?;
    let mut report = report_of(id, operation.fields, under);
    report.editable = may_change(&signed_in, &scope, &region);
    state
        .log_read(
            &signed_in,
            "operation_report",
            &id.to_string(),
            "{}",
            report.inspections.len() as i64,
        )
        .await?;
    Ok(Json(report))
}

/// Counts of each value, the most frequent first.
fn tallies(values: impl IntoIterator<Item = String>) -> Vec<Tally> {
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let mut tallies: Vec<Tally> = counts
        .into_iter()
        .map(|(code, count)| Tally { code, count })
        .collect();
    tallies.sort_by_key(|tally| std::cmp::Reverse(tally.count));
    tallies
}

/// The report of an operation from the records made under it.
fn report_of(id: Uuid, fields: FieldMap, under: UnderOperation) -> OperationReport {
    let UnderOperation {
        inspections,
        findings,
        subjects,
        decisions,
    } = under;
    let mut per_inspection: BTreeMap<String, i64> = BTreeMap::new();
    for finding in &findings {
        if let Some(inspection) = text(&finding.fields, "inspection_id") {
            *per_inspection.entry(inspection).or_default() += 1;
        }
    }
    let mut listed: Vec<OperationInspection> = inspections
        .iter()
        .filter_map(|inspection| {
            Some(OperationInspection {
                id: Uuid::parse_str(&inspection.id).ok()?,
                region_code: inspection.region_code.clone(),
                place_name: text(&inspection.fields, "place_name"),
                place_type: text(&inspection.fields, "place_type"),
                started_at: text(&inspection.fields, "started_at"),
                status: text(&inspection.fields, "status"),
                findings: per_inspection.get(&inspection.id).copied().unwrap_or(0),
            })
        })
        .collect();
    listed.sort_by(|a, b| (&a.started_at, a.id).cmp(&(&b.started_at, b.id)));
    // A person merged into another counts as the survivor, once.
    let person = |cited: &str| -> String {
        let record = subjects.get(cited);
        match record.and_then(|r| text(&r.fields, "merged_into")) {
            Some(survivor) if subjects.contains_key(&survivor) => survivor,
            _ => cited.to_string(),
        }
    };
    let persons: BTreeSet<String> = findings
        .iter()
        .filter_map(|finding| text(&finding.fields, "subject_id"))
        .map(|cited| person(&cited))
        .collect();
    let nationalities = persons.iter().map(|id| {
        subjects
            .get(id)
            .and_then(|subject| text(&subject.fields, "nationality"))
            .unwrap_or_default()
    });
    let violations = findings.iter().flat_map(|finding| {
        finding
            .fields
            .get("violations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    let decided: Vec<Decision> = decisions
        .iter()
        .filter_map(|decision| Decision::from_fields(&decision.fields).ok())
        .collect();
    let decided_findings: HashSet<Uuid> = decided.iter().map(|d| d.finding_id).collect();
    let awaiting = findings
        .iter()
        .filter_map(|finding| Uuid::parse_str(&finding.id).ok())
        .filter(|finding| !decided_findings.contains(finding))
        .count() as i64;
    OperationReport {
        id,
        fields,
        editable: false,
        places_by_type: tallies(
            inspections
                .iter()
                .map(|i| text(&i.fields, "place_type").unwrap_or_default()),
        ),
        inspections: listed,
        foreigners_by_nationality: tallies(nationalities),
        findings: findings.len() as i64,
        violations: tallies(violations),
        awaiting_decision: awaiting,
        decided_actions: tallies(
            decided
                .iter()
                .map(|d| d.decided_action.as_str().to_string()),
        ),
    }
}
