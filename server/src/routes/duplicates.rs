//! Potential duplicates, for the office to review: `GET /api/duplicates` lists the pairs
//! of foreign nationals in the caller's region that share a passport, a NIK, or a name
//! and date of birth; `POST /api/duplicates/not-same` records that a pair is two people,
//! so it is never offered again; `POST /api/duplicates/merge` makes two records one
//! person and `POST /api/duplicates/unmerge` undoes that (see `sync::subject_merge`).

use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use crate::sync::push::Writer;
use crate::sync::subject_merge::{MergeRefused, Side, merge_subjects, unmerge_subject};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use pantau_shared::duplicates::DuplicateReason;
use pantau_shared::entity::FieldMap;
use pantau_shared::meeting::RakorRight;
use pantau_shared::team::Role;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/duplicates", get(list))
        .route("/duplicates/not-same", post(not_same))
        .route("/duplicates/merge", post(merge))
        .route("/duplicates/unmerge", post(unmerge))
}

/// One side of a pair, as a reviewer needs to tell people apart.
#[derive(Serialize)]
struct Person {
    id: String,
    full_name: Value,
    nationality: Value,
    passport_number: Value,
    date_of_birth: Value,
    nik: Value,
    region_code: Value,
    previous_documents: Value,
}

#[derive(Serialize)]
struct Pair {
    first: Person,
    second: Person,
    reasons: Vec<&'static str>,
    /// A passport or NIK match; a name and birth date alone is weaker.
    strong: bool,
}

const REVIEWERS: &[Role] = &[Role::Coordinator, Role::Central];

#[utoipa::path(
    get,
    path = "/api/duplicates",
    summary = "Possible duplicates in scope",
    responses((status = 200, description = "the pairs"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Value>> {
    signed_in.require_role(REVIEWERS)?;
    let scope = signed_in.read_scope()?;
    state.db.refresh_duplicate_keys().await?;
    let reviewed = state.db.not_duplicates().await?;
    let mut reasons: BTreeMap<(String, String), BTreeSet<DuplicateReason>> = BTreeMap::new();
    for found in state.db.key_matches(scope.as_str()).await? {
        let pair = (found.first, found.second);
        if reviewed.contains(&pair) {
            continue;
        }
        if let Some(reason) = DuplicateReason::parse(&found.reason) {
            reasons.entry(pair).or_default().insert(reason);
        }
    }
    let ids: Vec<String> = reasons
        .keys()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut people: HashMap<String, FieldMap> = HashMap::with_capacity(ids.len());
    for subject in state.db.subjects_by_id(&ids).await? {
        let fields: FieldMap =
            serde_json::from_str(&subject.fields).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        people.insert(subject.id, fields);
    }
    let person = |id: &str| {
        let fields = people.get(id);
        let value = |name: &str| {
            fields
                .and_then(|f| f.get(name))
                .cloned()
                .unwrap_or(Value::Null)
        };
        Person {
            id: id.to_string(),
            full_name: value("full_name"),
            nationality: value("nationality"),
            passport_number: value("passport_number"),
            date_of_birth: value("date_of_birth"),
            nik: value("nik"),
            region_code: value("region_code"),
            previous_documents: value("previous_documents"),
        }
    };
    let mut pairs: Vec<Pair> = reasons
        .into_iter()
        .map(|((a, b), why)| Pair {
            first: person(&a),
            second: person(&b),
            strong: why.iter().any(|r| r.is_strong()),
            reasons: why.iter().map(|r| r.code()).collect(),
        })
        .collect();
    pairs.sort_by_key(|pair| !pair.strong);
    Ok(Json(json!({"pairs": pairs})))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct NotSame {
    first: Uuid,
    second: Uuid,
}

#[utoipa::path(
    post,
    path = "/api/duplicates/not-same",
    summary = "Mark two records as two people",
    request_body = NotSame,
    responses((status = 200, description = "recorded"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn not_same(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<NotSame>,
) -> Result<Json<Value>> {
    signed_in.require_role(REVIEWERS)?;
    if body.first == body.second {
        return Err(ApiError::bad_request(
            "same_record",
            "a record cannot be a duplicate of itself",
        )
        .with_field("second"));
    }
    let scope = signed_in.read_scope()?;
    for (field, id) in [("first", body.first), ("second", body.second)] {
        let entity = state
            .db
            .record_entity_in_scope(&id.to_string(), scope.as_str())
            .await?;
        if entity.as_deref() != Some("subject") {
            return Err(ApiError::client(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("there is no foreign national {id} in your region"),
            )
            .with_field(field));
        }
    }
    state
        .db
        .mark_not_duplicate(
            &body.first.to_string(),
            &body.second.to_string(),
            &signed_in.officer.id.to_string(),
            state.settings.clock.now_ms(),
        )
        .await?;
    Ok(Json(json!({"status": "not_the_same_person"})))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct MergeRequest {
    survivor: Uuid,
    merged: Uuid,
    /// Whose value the survivor keeps, per field; unnamed fields keep the newer value.
    #[serde(default)]
    choose: BTreeMap<String, Side>,
}

#[utoipa::path(
    post,
    path = "/api/duplicates/merge",
    summary = "Merge one record into another",
    request_body = MergeRequest,
    responses((status = 200, description = "merged"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn merge(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<MergeRequest>,
) -> Result<Json<Value>> {
    let writer = reviewer(&signed_in)?;
    let done = merge_subjects(
        &state.db,
        &writer,
        body.survivor,
        body.merged,
        &body.choose,
        state.settings.clock.now_ms(),
    )
    .await?
    .map_err(merge_refusal)?;
    if !done.repeated {
        let details = json!({"survivor": body.survivor, "fields_taken": done.fields_taken});
        state
            .log_read(
                &signed_in,
                "merge_subjects",
                &body.merged.to_string(),
                &details.to_string(),
                1,
            )
            .await?;
    }
    Ok(Json(json!({
        "status": "merged",
        "survivor": body.survivor,
        "merged": body.merged,
        "fields_taken": done.fields_taken,
        "moved_findings": done.moved_findings,
        "repeated": done.repeated,
    })))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(crate) struct UnmergeRequest {
    merged: Uuid,
}

#[utoipa::path(
    post,
    path = "/api/duplicates/unmerge",
    summary = "Undo a merge",
    request_body = UnmergeRequest,
    responses((status = 200, description = "unmerged"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn unmerge(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(body): ApiJson<UnmergeRequest>,
) -> Result<Json<Value>> {
    let writer = reviewer(&signed_in)?;
    let done = unmerge_subject(
        &state.db,
        &writer,
        body.merged,
        state.settings.clock.now_ms(),
    )
    .await?
    .map_err(merge_refusal)?;
    state
        .log_read(
            &signed_in,
            "unmerge_subject",
            &body.merged.to_string(),
            "{}",
            1,
        )
        .await?;
    Ok(Json(json!({
        "status": "unmerged",
        "merged": body.merged,
        "moved_back_findings": done.moved_back_findings,
    })))
}

/// The writer of a merge: a coordinator or the central office, within what they read.
fn reviewer(signed_in: &SignedIn) -> Result<Writer> {
    signed_in.require_role(REVIEWERS)?;
    Ok(Writer {
        officer_id: signed_in.officer.id,
        device_id: signed_in.device_id,
        scope: Some(signed_in.read_scope()?.clone()),
        // The reviewer saw both records and chose: the values replaced are no conflict.
        pulled_cursor: i64::MAX,
        merges: true,
        decides: false,
        issues_orders: false,
        manages_elections: false,
        rakor: RakorRight::Reads,
    })
}

fn merge_refusal(refused: MergeRefused) -> ApiError {
    match refused {
        MergeRefused::SameRecord => {
            ApiError::bad_request("same_record", "a record cannot be merged into itself")
                .with_field("merged")
        }
        MergeRefused::NotFound(party) => ApiError::client(
            StatusCode::NOT_FOUND,
            "not_found",
            "there is no such foreign national in your region",
        )
        .with_field(party.field()),
        MergeRefused::OutOfScope(party) => ApiError::client(
            StatusCode::FORBIDDEN,
            "out_of_scope",
            "the record lies outside your region: only an office whose region covers both \
             records may merge them",
        )
        .with_field(party.field()),
        MergeRefused::SurvivorMerged => ApiError::client(
            StatusCode::CONFLICT,
            "survivor_merged",
            "the record to keep was itself merged into another; merge into that one",
        )
        .with_field("survivor"),
        MergeRefused::AlreadyMerged => ApiError::client(
            StatusCode::CONFLICT,
            "already_merged",
            "the record was already merged into another; unmerge it first",
        )
        .with_field("merged"),
        MergeRefused::NotMerged => ApiError::client(
            StatusCode::CONFLICT,
            "not_merged",
            "the record is not merged into another",
        )
        .with_field("merged"),
        MergeRefused::UnknownField(field) => ApiError::bad_request(
            "unknown_field",
            format!("a foreign national's record has no field {field} to choose"),
        )
        .with_field(format!("choose.{field}")),
        MergeRefused::WriteRefused(error) => ApiError::Client {
            status: StatusCode::CONFLICT,
            code: "merge_refused",
            message: format!("the merge could not be written: {}", error.message),
            field: error.field,
        },
    }
}
