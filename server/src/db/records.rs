//! Synced records, the append-only change log and the conflict log.
//!
//! A record is stored whole as JSON (`{"field": {"v": value, "h": hlc}}`) next to the
//! columns that queries filter on (entity, region, tombstone, latest sequence number).
//! `field_seqs` remembers which change set each field, so a push can tell whether the
//! writer had seen the value it overwrites.

use super::{Db, WriteTx};
use pantau_shared::sync::Record;
use std::collections::BTreeMap;

/// A record as stored.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub entity: String,
    pub region_code: String,
    pub record: Record,
    pub field_seqs: BTreeMap<String, i64>,
    pub seq: i64,
}

/// One applied mutation, for the change log.
pub struct ChangeEntry<'a> {
    pub op_id: &'a str,
    pub entity: &'a str,
    pub record_id: &'a str,
    pub officer_id: &'a str,
    pub device_id: &'a str,
    pub hlc: &'a str,
    pub received_at_ms: i64,
    pub old_region: Option<&'a str>,
    pub new_region: &'a str,
    /// JSON list of `{field, old, new}`.
    pub changes: &'a str,
    pub status: &'a str,
}

/// One value that lost a merge, for the conflict log.
pub struct ConflictEntry<'a> {
    pub entity: &'a str,
    pub record_id: &'a str,
    pub region_code: &'a str,
    pub field: &'a str,
    pub kept_value: String,
    pub kept_hlc: String,
    pub losing_value: String,
    pub losing_hlc: String,
    pub op_id: &'a str,
    pub officer_id: &'a str,
    pub device_id: &'a str,
    pub detected_at_ms: i64,
}

/// A change-log entry joined with the record's current state, as a pull reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PullRow {
    pub seq: i64,
    pub entity: String,
    pub record_id: String,
    pub old_region: Option<String>,
    pub new_region: String,
    pub record_seq: i64,
    pub region_code: String,
    pub fields: String,
    pub deleted: i64,
}

/// The SQL condition "column lies in the scope region", matching whole segments.
pub(super) fn in_scope(column: &str, exact: usize, below: usize) -> String {
    format!("({column} = ${exact} OR {column} LIKE ${below})")
}

/// The two parameters [`in_scope`] binds: the region itself and the pattern below it.
pub fn scope_params(scope: &str) -> (String, String) {
    (scope.to_string(), format!("{scope}.%"))
}

impl WriteTx {
    pub async fn op_applied(&mut self, op_id: &str) -> sqlx::Result<bool> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT seq FROM change_log WHERE op_id = $1")
            .bind(op_id)
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.is_some())
    }

    pub async fn load_record(&mut self, id: &str) -> sqlx::Result<Option<StoredRecord>> {
        let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT entity, region_code, fields, field_seqs, seq FROM records WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.tx)
        .await?;
        row.map(|(entity, region_code, fields, field_seqs, seq)| {
            Ok(StoredRecord {
                entity,
                region_code,
                record: serde_json::from_str(&fields)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                field_seqs: serde_json::from_str(&field_seqs)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
                seq,
            })
        })
        .transpose()
    }

    /// Appends to the change log and returns the change's sequence number.
    pub async fn append_change(&mut self, entry: &ChangeEntry<'_>) -> sqlx::Result<i64> {
        let (seq,): (i64,) = sqlx::query_as(
            "INSERT INTO change_log (op_id, entity, record_id, officer_id, device_id, hlc, received_at_ms,
                                     old_region, new_region, changes, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq",
        )
        .bind(entry.op_id)
        .bind(entry.entity)
        .bind(entry.record_id)
        .bind(entry.officer_id)
        .bind(entry.device_id)
        .bind(entry.hlc)
        .bind(entry.received_at_ms)
        .bind(entry.old_region)
        .bind(entry.new_region)
        .bind(entry.changes)
        .bind(entry.status)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(seq)
    }

    pub async fn save_record(
        &mut self,
        id: &str,
        stored: &StoredRecord,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        let fields =
            serde_json::to_string(&stored.record).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let field_seqs = serde_json::to_string(&stored.field_seqs)
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO records (id, entity, region_code, fields, field_seqs, deleted, seq, created_at_ms, updated_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
             ON CONFLICT (id) DO UPDATE SET region_code = excluded.region_code, fields = excluded.fields,
                 field_seqs = excluded.field_seqs, deleted = excluded.deleted, seq = excluded.seq,
                 updated_at_ms = excluded.updated_at_ms",
        )
        .bind(id)
        .bind(&stored.entity)
        .bind(&stored.region_code)
        .bind(fields)
        .bind(field_seqs)
        .bind(i64::from(stored.record.is_deleted()))
        .bind(stored.seq)
        .bind(now_ms)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn insert_conflict(&mut self, entry: &ConflictEntry<'_>) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO conflicts (entity, record_id, region_code, field, kept_value, kept_hlc, losing_value,
                                    losing_hlc, op_id, officer_id, device_id, detected_at_ms, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open')",
        )
        .bind(entry.entity)
        .bind(entry.record_id)
        .bind(entry.region_code)
        .bind(entry.field)
        .bind(&entry.kept_value)
        .bind(&entry.kept_hlc)
        .bind(&entry.losing_value)
        .bind(&entry.losing_hlc)
        .bind(entry.op_id)
        .bind(entry.officer_id)
        .bind(entry.device_id)
        .bind(entry.detected_at_ms)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}

impl Db {
    /// Change-log entries after `cursor` that touch `scope` (written into it or moved out
    /// of it), oldest first, each with its record's current state.
    pub async fn pull_page(
        &self,
        scope: &str,
        cursor: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<PullRow>> {
        let sql = format!(
            "SELECT c.seq, c.entity, c.record_id, c.old_region, c.new_region, r.seq AS record_seq,
                    r.region_code, r.fields, r.deleted
             FROM change_log c JOIN records r ON r.id = c.record_id
             WHERE c.seq > $1 AND ({} OR {})
             ORDER BY c.seq LIMIT $4",
            in_scope("c.new_region", 2, 3),
            in_scope("c.old_region", 2, 3),
        );
        let (exact, below) = scope_params(scope);
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(cursor)
            .bind(exact)
            .bind(below)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
    }

    /// A record by id, if it lies in `scope`.
    pub async fn record_in_scope(
        &self,
        id: &str,
        scope: &str,
    ) -> sqlx::Result<Option<(String, Record)>> {
        let sql = format!(
            "SELECT entity, fields FROM records WHERE id = $1 AND {}",
            in_scope("region_code", 2, 3)
        );
        let (exact, below) = scope_params(scope);
        let row: Option<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(exact)
            .bind(below)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(entity, fields)| {
            serde_json::from_str(&fields)
                .map(|record| (entity, record))
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))
        })
        .transpose()
    }

    /// The open conflicts in `scope`, as JSON objects for the review screen.
    pub async fn count_open_conflicts(&self, scope: &str) -> sqlx::Result<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM conflicts WHERE status = 'open' AND {}",
            in_scope("region_code", 1, 2)
        );
        let (exact, below) = scope_params(scope);
        let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(exact)
            .bind(below)
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }
}
