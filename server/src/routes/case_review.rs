//! Case review: the office's queue of finalized findings and its decisions on them.
//! `GET /api/case-review`, `POST` and `PATCH /api/case-review/{finding_id}/decision`.
//!
//! A decision is an ordinary synced record (entity `decision`): the server writes it as
//! the coordinator's mutation, checked, merged and logged like any push, and every device
//! in the region pulls it. The overstay days and fee are computed here when the decision
//! is made, at the inspection's date under the rule then in force, and stored with it.

use crate::auth::SignedIn;
use crate::db::case_review::QueueRow;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::sync::office_write::write_for_office;
use crate::sync::push::Writer;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use pantau_shared::decision::{DecisionState, ReviewFilter, ReviewItem, ReviewQueue, decision_id};
use pantau_shared::entity::{DELETED, Entity, FieldMap};
use pantau_shared::identity::IsoDate;
use pantau_shared::inspection::Inspection;
use pantau_shared::permit::{OverstayRule, OverstayRules, PermitStanding, permit_standing};
use pantau_shared::sync::wire::ErrorDetail;
use pantau_shared::team::Role;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new().route("/case-review", get(queue)).route(
        "/case-review/{finding_id}/decision",
        post(decide).patch(change_decision),
    )
}

/// The most findings one page of the queue holds.
const MAX_PAGE: i64 = 200;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct QueueQuery {
    /// `awaiting` (the default), `decided`, `carried_out` or `cancelled`.
    state: Option<String>,
    /// At most 200; 50 unless given.
    limit: Option<i64>,
    offset: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/api/case-review",
    summary = "The office's review queue, oldest inspection first",
    params(QueueQuery),
    responses((status = 200, description = "a page of the queue", body = ReviewQueue), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn queue(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Json<ReviewQueue>> {
    signed_in.require_role(&[Role::Coordinator, Role::Central])?;
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let filter = match query.state.as_deref() {
        None => ReviewFilter::Awaiting,
        Some(raw) => ReviewFilter::parse(raw).map_err(|_| {
            ApiError::bad_request(
                "invalid_query",
                "state must be awaiting, decided, carried_out or cancelled",
            )
            .with_field("state")
        })?,
    };
    let (limit, offset) = super::page(query.limit, query.offset, 50, MAX_PAGE)?;
    let scope = signed_in.read_scope()?;
    let (rows, total) = state
        .db
        .review_queue(scope.as_str(), filter, limit, offset)
        .await?;
    let rules = state.db.overstay_rules().await?;
    let overdue_after_days = crate::policy::REVIEW_OVERDUE_DAYS
        .current(&state.db)
        .await?;
    let today = IsoDate::from(state.settings.clock.office_today());
    let inspection_ids: Vec<String> = rows
        .iter()
        .filter_map(|row| text(&row.finding, "inspection_id"))
        .collect();
    let signed = state.db.signed_finalizations(&inspection_ids).await?;
    let items = rows
        .into_iter()
        .filter_map(|row| {
            let signature = text(&row.finding, "inspection_id")
                .and_then(|id| signed.get(&id))
                .map(|signed| signed.check(&row.inspection, &row.finding_id, &row.finding));
            let item = review_item(row, &rules, today, overdue_after_days)?;
            Some(ReviewItem { signature, ..item })
        })
        .collect();
    Ok(Json(ReviewQueue {
        items,
        total,
        overdue_after_days,
    }))
}

fn text(fields: &FieldMap, name: &str) -> Option<String> {
    fields.get(name)?.as_str().map(str::to_string)
}

fn texts(fields: &FieldMap, name: &str) -> Vec<String> {
    fields
        .get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Days past the permit's end on the inspection's date, and the fee for them.
fn overstay(subject: &FieldMap, inspected_on: IsoDate, rule: OverstayRule) -> (i64, u64) {
    let expiry = text(subject, "permit_expiry").and_then(|raw| IsoDate::parse(&raw).ok());
    match expiry.map(|expiry| permit_standing(expiry, inspected_on, rule)) {
        Some(PermitStanding::Overstay { days, fee_idr, .. }) => (days, fee_idr),
        _ => (0, 0),
    }
}

/// A queue row as the office sees it; `None` for a row whose records do not read (never
/// for a record the push checked).
fn review_item(
    row: QueueRow,
    rules: &OverstayRules,
    today: IsoDate,
    overdue_after_days: i64,
) -> Option<ReviewItem> {
    let inspection = Inspection::from_fields(&row.inspection).ok()?;
    let inspected_on = inspection.date();
    let (overstay_days, overstay_fee_idr) =
        overstay(&row.subject, inspected_on, rules.on(inspected_on));
    let age_days = inspected_on.days_until(today).max(0);
    let uuid = |fields: &FieldMap, name: &str| {
        text(fields, name).and_then(|raw| Uuid::parse_str(&raw).ok())
    };
    Some(ReviewItem {
        finding_id: Uuid::parse_str(&row.finding_id).ok()?,
        region_code: text(&row.finding, "region_code").unwrap_or_default(),
        inspection_id: uuid(&row.finding, "inspection_id")?,
        inspected_on: inspected_on.to_string(),
        place_name: Some(inspection.place_name.to_string()),
        place_type: inspection.place_type.map(|t| t.code().to_string()),
        warrant_number: inspection.warrant_number.map(|w| w.to_string()),
        subject_id: uuid(&row.finding, "subject_id")?,
        full_name: text(&row.subject, "full_name"),
        nationality: text(&row.subject, "nationality"),
        passport_number: text(&row.subject, "passport_number"),
        permit_type: text(&row.subject, "permit_type"),
        permit_expiry: text(&row.subject, "permit_expiry"),
        violations: texts(&row.finding, "violations"),
        field_action: text(&row.finding, "field_action"),
        recommended_action: text(&row.finding, "recommended_action"),
        notes: text(&row.finding, "notes"),
        photos: texts(&row.finding, "photos"),
        overstay_days,
        overstay_fee_idr,
        age_days,
        overdue: row.decision.is_none() && age_days > overdue_after_days,
        decision: row.decision,
        signature: None,
    })
}

/// A decision on a finding awaiting review.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewDecision {
    /// An administrative action code, e.g. `deportation`.
    decided_action: Value,
    decision_number: Value,
    /// `YYYY-MM-DD`, not before the inspection.
    decision_date: Value,
    #[serde(default)]
    notes: Option<Value>,
}

#[utoipa::path(
    post,
    path = "/api/case-review/{finding_id}/decision",
    summary = "Record the office's decision on a finding",
    params(("finding_id" = Uuid, Path, description = "the finding")),
    request_body = NewDecision,
    responses((status = 201, description = "the decision as stored"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn decide(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(finding_id): Path<String>,
    ApiJson(body): ApiJson<NewDecision>,
) -> Result<(StatusCode, Json<FieldMap>)> {
    let mut fields = FieldMap::new();
    fields.insert("decided_action".into(), body.decided_action);
    fields.insert("decision_number".into(), body.decision_number);
    fields.insert("decision_date".into(), body.decision_date);
    if let Some(notes) = body.notes.filter(|n| !n.is_null()) {
        fields.insert("notes".into(), notes);
    }
    let decision = write_decision(&state, &signed_in, &finding_id, fields, true).await?;
    Ok((StatusCode::CREATED, Json(decision)))
}

/// The fields of a decision the office changes after making it; the rest are set once.
const CHANGEABLE: &[&str] = &[
    "state",
    "decided_action",
    "decision_number",
    "decision_date",
    "notes",
    "carried_out_on",
    "receipt_number",
    "cancel_reason",
];

#[utoipa::path(
    patch,
    path = "/api/case-review/{finding_id}/decision",
    summary = "Amend a decision, or record it carried out or cancelled",
    params(("finding_id" = Uuid, Path, description = "the finding")),
    request_body(content = Object, description = "the fields to change: state, decided_action, decision_number, decision_date, notes, carried_out_on, receipt_number, cancel_reason"),
    responses((status = 200, description = "the decision as stored"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn change_decision(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(finding_id): Path<String>,
    ApiJson(fields): ApiJson<FieldMap>,
) -> Result<Json<FieldMap>> {
    if fields.is_empty() {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "required",
            "name at least one field to change",
        )
        .with_field("fields"));
    }
    if let Some(fixed) = fields.keys().find(|k| !CHANGEABLE.contains(&k.as_str())) {
        return Err(ApiError::client(
            StatusCode::UNPROCESSABLE_ENTITY,
            "read_only",
            format!("{fixed} is set when the decision is made and cannot be changed"),
        )
        .with_field(fixed.clone()));
    }
    Ok(Json(
        write_decision(&state, &signed_in, &finding_id, fields, false).await?,
    ))
}

/// Writes the decision on `finding` as the coordinator's mutation: a new one when
/// `creates`, else a change of the one there is.
async fn write_decision(
    state: &AppState,
    signed_in: &SignedIn,
    raw_finding_id: &str,
    mut fields: FieldMap,
    creates: bool,
) -> Result<FieldMap> {
    signed_in.require_role(&[Role::Coordinator])?;
    let scope = signed_in.read_scope()?.clone();
    let missing = || {
        ApiError::not_found(format!(
            "there is no finding {raw_finding_id} in your team's region"
        ))
        .with_field("finding_id")
    };
    let finding_id = Uuid::parse_str(raw_finding_id).map_err(|_| missing())?;
    let id = decision_id(finding_id);
    let now = state.settings.clock.now_ms();
    let mut tx = state.db.begin_write().await?;
    let finding = tx
        .load_record(&finding_id.to_string())
        .await?
        .filter(|f| f.entity == "finding" && !f.record.is_deleted())
        .filter(|f| {
            pantau_shared::region::RegionCode::parse(&f.region_code)
                .is_ok_and(|region| scope.covers(&region))
        })
        .ok_or_else(missing)?;
    let existing = tx
        .load_record(&id.to_string())
        .await?
        .filter(|d| !d.record.is_deleted());
    match (&existing, creates) {
        (Some(_), true) => {
            return Err(ApiError::client(
                StatusCode::CONFLICT,
                "already_decided",
                "the finding has a decision already; amend that decision instead",
            )
            .with_field("finding_id"));
        }
        (None, false) => {
            return Err(
                ApiError::not_found("the finding has no decision yet; record one first")
                    .with_field("finding_id"),
            );
        }
        _ => {}
    }
    if creates {
        let values = finding.record.values();
        let inspection = match text(&values, "inspection_id") {
            Some(id) => tx.load_record(&id).await?,
            None => None,
        };
        let subject = match text(&values, "subject_id") {
            Some(id) => tx.load_record(&id).await?,
            None => None,
        };
        let inspected_on = inspection
            .and_then(|i| Inspection::from_fields(&i.record.values()).ok())
            .map(|i| i.date());
        if let Some(inspected_on) = inspected_on {
            let rule = state.db.overstay_rules().await?.on(inspected_on);
            let subject = subject.map(|s| s.record.values()).unwrap_or_default();
            let (days, fee) = overstay(&subject, inspected_on, rule);
            fields.insert("overstay_days".into(), json!(days));
            fields.insert("overstay_fee_idr".into(), json!(fee));
        }
        fields.insert("region_code".into(), json!(finding.region_code));
        fields.insert("finding_id".into(), json!(finding_id));
        fields.insert("state".into(), json!(DecisionState::Decided.code()));
        fields.insert("decided_by".into(), json!(signed_in.officer.id));
    }
    let writer = Writer {
        decides: true,
        ..Writer::office(signed_in.officer.id, signed_in.device_id, scope)
    };
    let latest = existing.as_ref().and_then(|d| d.record.latest());
    let written = write_for_office(
        &mut tx,
        &writer,
        ("decision", id),
        latest,
        Value::Object(fields),
        now,
    )
    .await?;
    written.map_err(refused)?;
    let stored = tx
        .load_record(&id.to_string())
        .await?
        .ok_or_else(|| anyhow::anyhow!("the decision written is not there"))?;
    tx.commit().await?;
    let mut decision = stored.record.values();
    decision.remove(DELETED);
    Ok(decision)
}

/// The answer for a decision the push refused, with the push's code and field.
fn refused(error: ErrorDetail) -> ApiError {
    let (status, code, message) = match error.code.as_str() {
        "finalized" => (
            StatusCode::CONFLICT,
            "decision_closed",
            "the decision was carried out or cancelled; it is not changed again".to_string(),
        ),
        "not_final" => (StatusCode::CONFLICT, "not_final", error.message),
        "unknown_finding" => (StatusCode::NOT_FOUND, "unknown_finding", error.message),
        _ => return ApiError::push_refusal(error),
    };
    ApiError::Client {
        status,
        code,
        message,
        field: error.field,
    }
}
