//! Reading the conflict log and the change log for review, and closing a conflict.
//!
//! Who wrote each side of a conflict is found through the change log: every mutation the
//! server recorded (applied or not) is there under its stamp.

use super::records::{in_scope, scope_params};
use super::write::on_write_tx;
use super::{Db, WriteTx, decode_error};
use pantau_shared::sync::Hlc;
use pantau_shared::sync::review::{
    Author, Conflict, ConflictSide, ConflictStatus, FieldChange, HistoryEntry, LostValue,
};
use serde_json::Value;
use uuid::Uuid;

/// The most conflicts one listing returns, newest first.
pub const CONFLICT_PAGE: i64 = 500;

/// The author columns of one change-log row, joined with the officer and the device.
fn author_columns(alias: &str, prefix: &str) -> String {
    format!(
        "{alias}.officer_id AS {prefix}_officer_id, {alias}o.name AS {prefix}_officer_name,
         {alias}.device_id AS {prefix}_device_id, {alias}d.name AS {prefix}_device_name,
         {alias}.received_at_ms AS {prefix}_received_at_ms"
    )
}

/// Joins the first change-log row of the conflict's record stamped `hlc_column`, with its
/// officer and device. A value's stamp is that of a write to the same record, so the
/// lookup goes through the record's own changes.
fn author_join(alias: &str, hlc_column: &str) -> String {
    format!(
        "LEFT JOIN change_log {alias} ON {alias}.seq = (SELECT MIN(seq) FROM change_log
             WHERE record_id = c.record_id AND hlc = {hlc_column})
         LEFT JOIN officers {alias}o ON {alias}o.id = {alias}.officer_id
         LEFT JOIN devices {alias}d ON {alias}d.id = {alias}.device_id"
    )
}

#[derive(sqlx::FromRow)]
struct ConflictRow {
    id: i64,
    entity: String,
    record_id: String,
    region_code: String,
    field: String,
    kept_value: String,
    kept_hlc: String,
    losing_value: String,
    losing_hlc: String,
    detected_at_ms: i64,
    status: String,
    resolved_at_ms: Option<i64>,
    resolver_name: Option<String>,
    record_fields: Option<String>,
    kept_officer_id: Option<String>,
    kept_officer_name: Option<String>,
    kept_device_id: Option<String>,
    kept_device_name: Option<String>,
    kept_received_at_ms: Option<i64>,
    losing_officer_id: Option<String>,
    losing_officer_name: Option<String>,
    losing_device_id: Option<String>,
    losing_device_name: Option<String>,
    losing_received_at_ms: Option<i64>,
}

fn json(text: &str) -> sqlx::Result<Value> {
    serde_json::from_str(text).map_err(decode_error)
}

fn uuid(text: Option<&str>) -> Option<Uuid> {
    text.and_then(|t| Uuid::parse_str(t).ok())
}

fn written_at(hlc: &str) -> u64 {
    Hlc::parse(hlc).map_or(0, |hlc| hlc.millis)
}

impl ConflictRow {
    fn into_conflict(self) -> sqlx::Result<Conflict> {
        let kept = ConflictSide {
            value: json(&self.kept_value)?,
            author: Author {
                officer_id: uuid(self.kept_officer_id.as_deref()),
                officer_name: self.kept_officer_name,
                device_id: uuid(self.kept_device_id.as_deref()),
                device_name: self.kept_device_name,
                written_at_ms: written_at(&self.kept_hlc),
                received_at_ms: self.kept_received_at_ms,
            },
            hlc: self.kept_hlc,
        };
        let losing = ConflictSide {
            value: json(&self.losing_value)?,
            author: Author {
                officer_id: uuid(self.losing_officer_id.as_deref()),
                officer_name: self.losing_officer_name,
                device_id: uuid(self.losing_device_id.as_deref()),
                device_name: self.losing_device_name,
                written_at_ms: written_at(&self.losing_hlc),
                received_at_ms: self.losing_received_at_ms,
            },
            hlc: self.losing_hlc,
        };
        let record_title = self
            .record_fields
            .as_deref()
            .and_then(|fields| serde_json::from_str::<Value>(fields).ok())
            .and_then(|fields| {
                pantau_shared::device::TITLE_FIELDS
                    .into_iter()
                    .find_map(|name| fields.get(name)?.as_str().map(str::to_string))
            });
        Ok(Conflict {
            id: self.id,
            entity: self.entity,
            record_id: Uuid::parse_str(&self.record_id).map_err(decode_error)?,
            record_title,
            region_code: self.region_code,
            field: self.field,
            kept,
            losing,
            detected_at_ms: self.detected_at_ms,
            status: ConflictStatus::parse(&self.status).unwrap_or(ConflictStatus::Open),
            resolved_by_name: self.resolver_name,
            resolved_at_ms: self.resolved_at_ms,
        })
    }
}

fn conflict_query(filter: &str) -> String {
    format!(
        "SELECT c.id, c.entity, c.record_id, c.region_code, c.field, c.kept_value, c.kept_hlc,
                c.losing_value, c.losing_hlc, c.detected_at_ms, c.status, c.resolved_at_ms,
                r.name AS resolver_name, rec.fields AS record_fields, {}, {}
         FROM conflicts c
         {} {}
         LEFT JOIN officers r ON r.id = c.resolved_by
         LEFT JOIN records rec ON rec.id = c.record_id
         WHERE {filter}",
        author_columns("k", "kept"),
        author_columns("l", "losing"),
        author_join("k", "c.kept_hlc"),
        author_join("l", "c.losing_hlc"),
    )
}

/// A change-log row as the history reads it.
#[derive(sqlx::FromRow)]
struct HistoryRow {
    seq: i64,
    op_id: String,
    hlc: String,
    changes: String,
    received_at_ms: i64,
    officer_id: String,
    officer_name: Option<String>,
    device_id: String,
    device_name: Option<String>,
}

impl Db {
    /// The conflicts in `scope` with the given status (all when `None`), newest first.
    pub async fn conflicts(
        &self,
        scope: &str,
        status: Option<ConflictStatus>,
    ) -> sqlx::Result<Vec<Conflict>> {
        // An empty status parameter means every status.
        let sql = format!(
            "{} ORDER BY c.id DESC LIMIT $4",
            conflict_query(&format!(
                "{} AND ($3 = '' OR c.status = $3)",
                in_scope("c.region_code", 1, 2)
            ))
        );
        let (exact, below) = scope_params(scope);
        let rows: Vec<ConflictRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(exact)
            .bind(below)
            .bind(status.map_or("", ConflictStatus::as_str))
            .bind(CONFLICT_PAGE)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(ConflictRow::into_conflict).collect()
    }

    /// The change log of one record, oldest first, with the values of each write that
    /// lost a merge.
    pub async fn record_history(&self, record_id: &str) -> sqlx::Result<Vec<HistoryEntry>> {
        let rows: Vec<HistoryRow> = sqlx::query_as(
            "SELECT c.seq, c.op_id, c.hlc, c.changes, c.received_at_ms, c.officer_id,
                    o.name AS officer_name, c.device_id, d.name AS device_name
             FROM change_log c
             LEFT JOIN officers o ON o.id = c.officer_id
             LEFT JOIN devices d ON d.id = c.device_id
             WHERE c.record_id = $1 ORDER BY c.seq",
        )
        .bind(record_id)
        .fetch_all(&self.pool)
        .await?;
        let losses: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT losing_hlc, field, losing_value FROM conflicts WHERE record_id = $1 ORDER BY id",
        )
        .bind(record_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let changes: Vec<FieldChange> =
                    serde_json::from_str(&row.changes).map_err(decode_error)?;
                let lost = losses
                    .iter()
                    .filter(|(hlc, _, _)| *hlc == row.hlc)
                    .map(|(_, field, value)| {
                        Ok(LostValue {
                            field: field.clone(),
                            value: json(value)?,
                        })
                    })
                    .collect::<sqlx::Result<_>>()?;
                Ok(HistoryEntry {
                    seq: row.seq,
                    op_id: Uuid::parse_str(&row.op_id).map_err(decode_error)?,
                    author: Author {
                        officer_id: uuid(Some(&row.officer_id)),
                        officer_name: row.officer_name,
                        device_id: uuid(Some(&row.device_id)),
                        device_name: row.device_name,
                        written_at_ms: written_at(&row.hlc),
                        received_at_ms: Some(row.received_at_ms),
                    },
                    changes,
                    lost,
                })
            })
            .collect()
    }
}

impl WriteTx {
    /// One conflict, read inside the write that closes it.
    pub async fn conflict(&mut self, id: i64) -> sqlx::Result<Option<Conflict>> {
        let row: Option<ConflictRow> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(conflict_query("c.id = $1")))
                .bind(id)
                .fetch_optional(conn)
                .await?
        });
        row.map(ConflictRow::into_conflict).transpose()
    }

    /// Closes an open conflict; false when it was closed already.
    pub async fn close_conflict(
        &mut self,
        id: i64,
        status: ConflictStatus,
        officer_id: &str,
        now_ms: i64,
    ) -> sqlx::Result<bool> {
        let closed = on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "UPDATE conflicts SET status = $1, resolved_by = $2, resolved_at_ms = $3
                 WHERE id = $4 AND status = 'open'",
            )
            .bind(status.as_str())
            .bind(officer_id)
            .bind(now_ms)
            .bind(id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(closed == 1)
    }
}
