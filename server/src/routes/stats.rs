//! The central office's counts: `GET /api/stats?measure=M&by=D[&by=D2]&region=R
//! [&from=YYYY-MM-DD&to=YYYY-MM-DD][&D=value…]` within the caller's scope.

use crate::auth::SignedIn;
use crate::db::Db;
use crate::db::stats::StatsQuery;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use pantau_shared::code_table::CodeTables;
use pantau_shared::identity::IsoDate;
use pantau_shared::lang::Lang;
use pantau_shared::named_code::NamedCode;
use pantau_shared::region::RegionCode;
use pantau_shared::stats::{Dimension, KeyLabel, Measure, StatsAnswer, StatsRow, key_label};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/stats", get(stats))
}

#[utoipa::path(
    get,
    path = "/api/stats",
    summary = "Counts for a question (DESIGN §6)",
    responses((status = 200, description = "the counts"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn stats(
    State(state): State<AppState>,
    signed_in: SignedIn,
    RawQuery(raw): RawQuery,
) -> Result<Json<StatsAnswer>> {
    let scope = signed_in.read_scope()?.clone();
    let query = parse_query(raw.as_deref().unwrap_or_default(), &scope, None)?;
    Ok(Json(answer(&state, query).await?))
}

/// A code's names as a key's label.
fn named(code: &NamedCode) -> KeyLabel {
    KeyLabel {
        id: code.label(Lang::Id).to_string(),
        en: code.label(Lang::En).to_string(),
    }
}

/// The counts for a question, each key with its label.
pub async fn answer(state: &AppState, query: StatsQuery) -> Result<StatsAnswer> {
    let (rows, total) = state.db.stats(&query).await?;
    let period_names = if query.by.contains(&Dimension::ElectionPeriod) {
        election_period_names(&state.db).await?
    } else {
        HashMap::new()
    };
    let named_from_tables = [
        Dimension::Action,
        Dimension::Violation,
        Dimension::PermitType,
        Dimension::Agency,
    ];
    let tables = if query.by.iter().any(|by| named_from_tables.contains(by)) {
        state.db.code_tables().await?
    } else {
        CodeTables::default()
    };
    let label = |dimension: Dimension, key: Option<&str>| match (dimension, key) {
        (Dimension::ElectionPeriod, Some(id)) if period_names.contains_key(id) => KeyLabel {
            id: period_names[id].clone(),
            en: period_names[id].clone(),
        },
        (Dimension::Action, Some(code)) => tables
            .administrative_actions
            .find(code)
            .map_or_else(|| key_label(dimension, key), named),
        (Dimension::Violation, Some(code)) => tables
            .violation_codes
            .find(code)
            .map_or_else(|| key_label(dimension, key), named),
        (Dimension::PermitType, Some(code)) => tables
            .permit_types
            .find(code)
            .map_or_else(|| key_label(dimension, key), named),
        (Dimension::Agency, Some(code)) => tables
            .agencies
            .find(code)
            .map_or_else(|| key_label(dimension, key), named),
        _ => key_label(dimension, key),
    };
    let rows = rows
        .into_iter()
        .map(|(keys, count)| StatsRow {
            labels: keys
                .iter()
                .zip(&query.by)
                .map(|(key, dimension)| label(*dimension, key.as_deref()))
                .collect(),
            keys,
            count,
        })
        .collect();
    let as_of = time::OffsetDateTime::from_unix_timestamp_nanos(
        i128::from(state.settings.clock.now_ms()) * 1_000_000,
    )
    .ok()
    .and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    })
    .unwrap_or_default();
    Ok(StatsAnswer {
        region: query.region.as_str().to_string(),
        measure: query.measure,
        by: query.by,
        rows,
        total,
        as_of,
    })
}

/// Each election period's name by its id: periods are records, named by the team.
async fn election_period_names(db: &Db) -> Result<HashMap<String, String>> {
    Ok(db
        .election_period_records()
        .await?
        .into_iter()
        .filter_map(|(id, fields)| {
            let name = fields.get("name")?.as_str()?.to_string();
            Some((id, name))
        })
        .collect())
}

/// How often the server brings the counted units up to date by itself, so that the
/// office's questions rarely wait for a refresh: each would otherwise pay for every write
/// since the last question.
const REFRESH_COUNTS_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// Builds the counted units at start (all of them after an upgrade) and keeps them
/// current for as long as the server runs.
pub fn keep_counts_current(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(REFRESH_COUNTS_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = db.refresh_stat_units().await {
                tracing::error!(%error, "bringing the office's counts up to date failed");
            }
        }
    });
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_query", message).with_field(field)
}

/// Reads the question, refusing the first parameter that is wrong, by name. An export
/// of records fixes the measure itself (`fixed`), and takes no `measure` or `by`.
pub fn parse_query(raw: &str, scope: &RegionCode, fixed: Option<Measure>) -> Result<StatsQuery> {
    let mut measure = None;
    let mut by = Vec::new();
    let mut region = None;
    let (mut from, mut to) = (None, None);
    let mut filters = Vec::new();
    for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
        match name.as_ref() {
            "measure" | "by" if fixed.is_some() => {
                return Err(invalid(
                    &name,
                    format!("{name} belongs to the stats table; this export lists records"),
                ));
            }
            "measure" => {
                let codes: Vec<&str> = Measure::ALL.iter().map(|m| m.code()).collect();
                measure = Some(Measure::parse(&value).ok_or_else(|| {
                    invalid(
                        "measure",
                        format!("measure must be one of: {}", codes.join(", ")),
                    )
                })?);
            }
            "by" => by.push(
                Dimension::parse(&value)
                    .ok_or_else(|| invalid("by", format!("there is no dimension {value:?}")))?,
            ),
            "region" => {
                region =
                    Some(RegionCode::parse(&value).map_err(|_| {
                        invalid("region", "region must be a region code such as 51.01")
                    })?)
            }
            "from" => from = Some(date(&value, "from")?),
            "to" => to = Some(date(&value, "to")?),
            other => match Dimension::parse(other) {
                Some(Dimension::Region) | None => {
                    return Err(invalid(other, format!("there is no parameter {other:?}")));
                }
                Some(dimension) => filters.push((dimension, value.into_owned())),
            },
        }
    }
    let measure = fixed
        .or(measure)
        .ok_or_else(|| invalid("measure", "measure is required"))?;
    if by.len() > 2 {
        return Err(invalid("by", "at most two dimensions"));
    }
    if by.len() == 2 && by[0] == by[1] {
        return Err(invalid("by", "the two dimensions must differ"));
    }
    for dimension in by.iter().chain(filters.iter().map(|(d, _)| d)) {
        if !measure.dimensions().contains(dimension) {
            let field = if by.contains(dimension) {
                "by"
            } else {
                dimension.code()
            };
            return Err(invalid(
                field,
                format!("{} does not apply to {}", dimension.code(), measure.code()),
            ));
        }
    }
    if let (Some(from), Some(to)) = (&from, &to)
        && from > to
    {
        return Err(invalid("to", "to is before from"));
    }
    let region = region.unwrap_or_else(|| scope.clone());
    if !scope.covers(&region) {
        return Err(ApiError::client(
            StatusCode::FORBIDDEN,
            "forbidden_scope",
            format!("{} is outside your region", region.as_str()),
        )
        .with_field("region"));
    }
    Ok(StatsQuery {
        measure,
        by,
        region,
        from: from.map(|d: IsoDate| d.to_string()),
        to: to.map(|d| d.to_string()),
        filters,
    })
}

fn date(raw: &str, field: &str) -> Result<IsoDate> {
    IsoDate::parse(raw).map_err(|_| invalid(field, format!("{field} must be a date YYYY-MM-DD")))
}
