//! The voter-list cross-check, for coordinators (their team's region) and the Kanwil (its
//! province):
//! - `POST /api/voter-list/checks` takes a DPT extract as CSV in the request body and
//!   answers what it found;
//! - `GET /api/voter-list/matches` lists the matches with their reviews;
//! - `POST /api/voter-list/matches/{id}/review` records a person's review of one;
//! - `GET /api/voter-list/annex.xlsx` is the annex to the letter to KPU and Bawaslu;
//! - `GET /api/voter-list/nik-holders` lists the foreign nationals holding a KTP-el
//!   number, those who may not hold one first.
//!
//! The extract streams through the matcher and is never stored; only matched rows are.

use crate::auth::SignedIn;
use crate::db::WriteTx;
use crate::db::voter_list::{CheckMade, ReviewMade, flag_set};
use crate::error::{ApiError, ApiJson, Result};
use crate::export::{Cell, write_xlsx};
use crate::state::AppState;
use crate::sync::office_write::write_for_office;
use crate::sync::push::Writer;
use crate::voter_list::{ExtractError, Register, UploadTooLarge, check_extract};
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::StreamExt;
use pantau_shared::invalid::{FieldError, Invalid};
use pantau_shared::team::Role;
use pantau_shared::voter_list::{
    CheckSummary, MatchPage, MatchStatus, NikConcern, NikHolder, NikHolders, REQUIRED_COLUMNS,
    VoterMatch,
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/voter-list/checks", post(check))
        .route("/voter-list/matches", get(matches))
        .route("/voter-list/matches/{id}/review", post(review))
        .route("/voter-list/annex.xlsx", get(annex))
        .route("/voter-list/nik-holders", get(nik_holders))
}

/// The longest review note, in characters.
const MAX_NOTE: usize = 2000;

/// The most matches one page holds.
const MAX_PAGE: i64 = 500;

const ROLES: &[Role] = &[Role::Coordinator, Role::Central];

#[utoipa::path(
    post,
    path = "/api/voter-list/checks",
    summary = "Check a voter-list (DPT) extract against the foreign nationals in scope",
    description = "The body is the extract as CSV: a header row with nik, nama, tanggal_lahir, tps and kelurahan in any order, comma or semicolon separated, UTF-8 with or without a byte-order mark, at most 50 MB unless the server is set otherwise (serve --voter-list-max-mb). Rows that cannot be checked are reported by line and column; the rest are checked. Only matched rows are kept.",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "what the check found", body = CheckSummary), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn check(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<CheckSummary>> {
    signed_in.require_role(ROLES)?;
    let scope = signed_in.read_scope()?.as_str().to_string();
    let limit_mb = state.settings.voter_list_max_mb;
    let limit = limit_mb * 1024 * 1024;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large(limit_mb));
    }
    let register = Arc::new(Register::new(state.db.foreigners_in(&scope).await?));
    let mut seen = 0u64;
    let upload = body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(std::io::Error::other)?;
        seen += chunk.len() as u64;
        if seen > limit {
            return Err(std::io::Error::other(UploadTooLarge));
        }
        Ok(chunk)
    });
    let source = tokio_util::io::SyncIoBridge::new(tokio_util::io::StreamReader::new(upload));
    let matcher = register.clone();
    let outcome = tokio::task::spawn_blocking(move || check_extract(source, &matcher, limit_mb))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(refusal)?;

    let check_id = uuid::Uuid::now_v7().to_string();
    let at_ms = state.settings.clock.now_ms();
    let made = CheckMade {
        id: &check_id,
        region: &scope,
        checked_by: &signed_in.officer.id.to_string(),
        checked_at_ms: at_ms,
        rows_read: outcome.rows_read,
        rows_refused: outcome.rows_refused,
    };
    let matches_new = state.db.save_check(&made, &outcome.matched).await?;
    state
        .log_read(
            &signed_in,
            "voter_list_check",
            "dpt.csv",
            "",
            outcome.rows_read as i64,
        )
        .await?;
    Ok(Json(CheckSummary {
        check_id,
        region: scope,
        rows_read: outcome.rows_read,
        rows_refused: outcome.rows_refused,
        problems: outcome.problems,
        matches_found: outcome.matched.len() as u64,
        matches_new,
        foreigners_checked: register.len() as u64,
    }))
}

fn too_large(limit_mb: u64) -> ApiError {
    ApiError::client(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!(
            "an extract may be at most {limit_mb} MB; split it by kelurahan and check each part"
        ),
    )
}

/// An extract refused as a whole: nothing of it was kept.
fn refusal(error: ExtractError) -> ApiError {
    let message = error.to_string();
    match error {
        ExtractError::TooLarge { limit_mb } => too_large(limit_mb),
        ExtractError::Empty => ApiError::bad_request("empty_file", message),
        ExtractError::MissingColumn(column) => ApiError::bad_request(
            "missing_column",
            format!(
                "{message}; the columns needed are {}",
                REQUIRED_COLUMNS.join(", ")
            ),
        )
        .with_field(column),
        ExtractError::Encoding { .. } => ApiError::bad_request("bad_encoding", message),
        ExtractError::Malformed { .. } => ApiError::bad_request("malformed_csv", message),
        ExtractError::Io(_) => ApiError::bad_request("upload_broken", message),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct MatchQuery {
    /// `unreviewed`, `confirmed`, `naturalised` or `reported`; every match unless given.
    status: Option<String>,
    /// At most 500; 100 unless given.
    limit: Option<i64>,
    offset: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/api/voter-list/matches",
    summary = "The voter-list matches of foreign nationals in scope, with their reviews",
    params(MatchQuery),
    responses((status = 200, description = "a page of matches, first found first", body = MatchPage), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn matches(
    State(state): State<AppState>,
    signed_in: SignedIn,
    query: std::result::Result<Query<MatchQuery>, QueryRejection>,
) -> Result<Json<MatchPage>> {
    signed_in.require_role(ROLES)?;
    let Query(query) =
        query.map_err(|rejection| ApiError::bad_request("invalid_query", rejection.body_text()))?;
    let status = query
        .status
        .as_deref()
        .map(|raw| {
            MatchStatus::parse(raw).map_err(|_| {
                ApiError::bad_request(
                    "invalid_query",
                    "status must be unreviewed, confirmed, naturalised or reported",
                )
                .with_field("status")
            })
        })
        .transpose()?;
    let (limit, offset) = super::page(query.limit, query.offset, 100, MAX_PAGE)?;
    let scope = signed_in.read_scope()?;
    let (items, total) = state
        .db
        .voter_matches(scope.as_str(), status, limit, offset)
        .await?;
    Ok(Json(MatchPage { items, total }))
}

/// A person's review of a match.
#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NewReview {
    /// `confirmed`, `naturalised` or `reported`.
    status: String,
    /// Why; required for `naturalised`.
    #[serde(default)]
    note: Option<String>,
}

#[utoipa::path(
    post,
    path = "/api/voter-list/matches/{id}/review",
    summary = "Review a voter-list match: a confirmed foreign national, naturalised, or reported to KPU and Bawaslu",
    params(("id" = String, Path, description = "the match")),
    request_body = NewReview,
    responses((status = 200, description = "the match with its reviews", body = VoterMatch), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn review(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewReview>,
) -> Result<Json<VoterMatch>> {
    signed_in.require_role(ROLES)?;
    let scope = signed_in.read_scope()?.as_str().to_string();
    let next = MatchStatus::parse(&body.status)
        .ok()
        .filter(|status| *status != MatchStatus::Unreviewed)
        .ok_or_else(|| {
            ApiError::invalid(&FieldError::new(
                "status",
                Invalid::NotOneOf {
                    allowed: vec!["confirmed", "naturalised", "reported"],
                },
            ))
        })?;
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty());
    if note.is_some_and(|note| note.chars().count() > MAX_NOTE) {
        return Err(ApiError::invalid(&FieldError::new(
            "note",
            Invalid::TooLong { max: MAX_NOTE },
        )));
    }
    if next.needs_note() && note.is_none() {
        return Err(ApiError::invalid(&FieldError::new(
            "note",
            Invalid::Required,
        )));
    }
    let current = state
        .db
        .voter_match(&scope, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("there is no such match in your region"))?;
    let from = MatchStatus::parse(&current.status)
        .map_err(|_| anyhow::anyhow!("a stored match has status {}", current.status))?;
    if !from.may_become(next) {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "bad_transition",
            format!(
                "a match that is {} cannot become {}",
                from.code(),
                next.code()
            ),
        )
        .with_field("status"));
    }
    let now = state.settings.clock.now_ms();
    let made = ReviewMade {
        match_id: &id,
        status: next,
        note,
        reviewed_by: &signed_in.officer.id.to_string(),
        at_ms: now,
    };
    let mut tx = state.db.begin_write().await?;
    if !tx.review_match(from, &made).await? {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "match_changed",
            "someone else reviewed this match just now: look at it again",
        )
        .with_field("status"));
    }
    // Naturalised, or not after all, is a fact about the person: it goes on their
    // record, in its history and to every device, in the same transaction.
    let on_record = match (from, next) {
        (_, MatchStatus::Naturalised) => {
            Some(json!({"naturalised": true, "naturalised_note": note}))
        }
        (MatchStatus::Naturalised, _) => Some(json!({"naturalised": false})),
        _ => None,
    };
    if let Some(fields) = on_record {
        record_on_subject(&mut tx, &signed_in, &current.subject_id, fields, now).await?;
    }
    tx.commit().await?;
    let updated = state
        .db
        .voter_match(&scope, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("there is no such match in your region"))?;
    Ok(Json(updated))
}

/// Writes `fields` on the foreign national `subject_id` as the reviewer's own write,
/// through the push path.
async fn record_on_subject(
    tx: &mut WriteTx,
    signed_in: &SignedIn,
    subject_id: &str,
    fields: Value,
    now: i64,
) -> Result<()> {
    let scope = signed_in.read_scope()?.clone();
    let latest = tx
        .load_record(subject_id)
        .await?
        .and_then(|stored| stored.record.latest());
    let writer = Writer::office(signed_in.officer.id, signed_in.device_id, scope);
    let id = Uuid::parse_str(subject_id)
        .map_err(|_| anyhow::anyhow!("a match cites subject {subject_id}, not an id"))?;
    let written = write_for_office(tx, &writer, ("subject", id), latest, fields, now).await?;
    written.map_err(ApiError::push_refusal)?;
    Ok(())
}

#[utoipa::path(
    get,
    path = "/api/voter-list/annex.xlsx",
    summary = "The confirmed and reported matches: the annex to the letter to KPU and Bawaslu",
    responses((status = 200, description = "the workbook"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn annex(State(state): State<AppState>, signed_in: SignedIn) -> Result<Response> {
    signed_in.require_role(ROLES)?;
    let scope = signed_in.read_scope()?.as_str().to_string();
    let annex = state.db.annex_matches(&scope).await?;
    let rows = annex.len() as i64;
    let headers: Vec<String> = ANNEX_HEADERS.iter().map(|h| h.to_string()).collect();
    let lines: Vec<Vec<Cell>> = annex
        .into_iter()
        .enumerate()
        .map(|(n, found)| annex_line(n + 1, found))
        .collect();
    let written = tokio::task::spawn_blocking(move || {
        write_xlsx("Lampiran DPT", &headers, lines.into_iter())
    })
    .await
    .map_err(anyhow::Error::from)?
    .map_err(anyhow::Error::from)?;
    let (file, _) = written;
    state
        .log_read(&signed_in, "export", "lampiran-dpt.xlsx", "", rows)
        .await?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(
        tokio::fs::File::from_std(file),
    ));
    let name = format!("lampiran-dpt-{}.xlsx", scope.replace('.', "-"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The annex's columns, as the letter to KPU and Bawaslu lists the voters concerned.
const ANNEX_HEADERS: [&str; 11] = [
    "No",
    "NIK (DPT)",
    "Nama (DPT)",
    "TPS",
    "Kelurahan/Desa",
    "Nama (data orang asing)",
    "Kewarganegaraan",
    "Tanggal lahir",
    "Izin tinggal",
    "Kecocokan",
    "Status",
];

fn annex_line(number: usize, found: VoterMatch) -> Vec<Cell> {
    let text = |value: Option<String>| value.map_or(Cell::Empty, Cell::Text);
    let strength = pantau_shared::voter_list::MatchStrength::parse(&found.strength)
        .map_or(found.strength.clone(), |s| {
            s.label(pantau_shared::Lang::Id).to_string()
        });
    let status = MatchStatus::parse(&found.status).map_or(found.status.clone(), |s| {
        s.label(pantau_shared::Lang::Id).to_string()
    });
    vec![
        Cell::Number(number as f64),
        Cell::Text(found.voter_nik),
        Cell::Text(found.voter_name),
        Cell::Text(found.tps),
        Cell::Text(found.kelurahan),
        text(found.full_name),
        text(found.nationality),
        found.date_of_birth.map_or(Cell::Empty, Cell::Date),
        text(found.permit_type),
        Cell::Text(strength),
        Cell::Text(status),
    ]
}

#[utoipa::path(
    get,
    path = "/api/voter-list/nik-holders",
    summary = "The foreign nationals in scope holding a KTP-el number, those who may not hold one first",
    responses((status = 200, description = "the NIK holders", body = NikHolders), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn nik_holders(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<NikHolders>> {
    signed_in.require_role(ROLES)?;
    let scope = signed_in.read_scope()?.as_str().to_string();
    let as_of = state.settings.clock.office_today().to_string();
    let mut items: Vec<NikHolder> = state
        .db
        .nik_holders(&scope)
        .await?
        .into_iter()
        .map(|row| {
            let naturalised = flag_set(row.naturalised.as_deref());
            let concern = (!naturalised)
                .then(|| {
                    NikConcern::of(
                        row.permit_type.as_deref(),
                        row.permit_expiry.as_deref(),
                        &as_of,
                    )
                })
                .flatten();
            NikHolder {
                subject_id: row.id,
                region_code: row.region_code,
                full_name: row.full_name,
                nationality: row.nationality,
                date_of_birth: row.date_of_birth,
                nik: row.nik,
                permit_type: row.permit_type,
                permit_expiry: row.permit_expiry,
                naturalised,
                concern: concern.map(|c| c.code().to_string()),
            }
        })
        .collect();
    // Those who may not hold a KTP-el at all first, then the expired ITAPs; by name
    // within each (the database's order is kept).
    items.sort_by_key(|holder| match holder.concern.as_deref() {
        Some("not_itap") => 0,
        Some(_) => 1,
        None => 2,
    });
    state
        .log_read(&signed_in, "read", "nik-holders", "", items.len() as i64)
        .await?;
    Ok(Json(NikHolders { items, as_of }))
}
