//! Potential duplicates, for the office to review: `GET /api/duplicates` lists the pairs
//! of foreign nationals in the caller's region that share a passport, a NIK, or a name
//! and date of birth; `POST /api/duplicates/not-same` records that a pair is two people,
//! so it is never offered again.

use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, Result};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use pantau_shared::duplicates::{DuplicateReason, duplicate_keys};
use pantau_shared::entity::FieldMap;
use pantau_shared::team::Role;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/duplicates", get(list))
        .route("/duplicates/not-same", post(not_same))
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

async fn list(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Value>> {
    signed_in.require_role(REVIEWERS)?;
    let scope = signed_in.read_scope()?;
    let subjects = state.db.subjects_in_scope(scope.as_str()).await?;
    let reviewed = state.db.not_duplicates().await?;
    let mut by_key: HashMap<(DuplicateReason, String), Vec<usize>> = HashMap::new();
    let mut parsed: Vec<FieldMap> = Vec::with_capacity(subjects.len());
    for (index, subject) in subjects.iter().enumerate() {
        let fields: FieldMap =
            serde_json::from_str(&subject.fields).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        for key in duplicate_keys(&fields) {
            by_key.entry(key).or_default().push(index);
        }
        parsed.push(fields);
    }
    let mut reasons: BTreeMap<(usize, usize), BTreeSet<DuplicateReason>> = BTreeMap::new();
    for ((reason, _), members) in &by_key {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                reasons
                    .entry((a.min(b), a.max(b)))
                    .or_default()
                    .insert(*reason);
            }
        }
    }
    let person = |index: usize| {
        let fields = &parsed[index];
        let value = |name: &str| fields.get(name).cloned().unwrap_or(Value::Null);
        Person {
            id: subjects[index].id.clone(),
            full_name: value("full_name"),
            nationality: value("nationality"),
            passport_number: value("passport_number"),
            date_of_birth: value("date_of_birth"),
            nik: value("nik"),
            region_code: value("region_code"),
        }
    };
    let mut pairs: Vec<Pair> = reasons
        .into_iter()
        .filter(|((a, b), _)| {
            let (x, y) = (&subjects[*a].id, &subjects[*b].id);
            let ordered = if x < y {
                (x.clone(), y.clone())
            } else {
                (y.clone(), x.clone())
            };
            !reviewed.contains(&ordered)
        })
        .map(|((a, b), why)| Pair {
            first: person(a),
            second: person(b),
            strong: why.iter().any(|r| r.is_strong()),
            reasons: why.iter().map(|r| r.code()).collect(),
        })
        .collect();
    pairs.sort_by_key(|pair| !pair.strong);
    Ok(Json(json!({"pairs": pairs})))
}

#[derive(Deserialize)]
struct NotSame {
    first: Uuid,
    second: Uuid,
}

async fn not_same(
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
