//! Synced records, the append-only change log and the conflict log.
//!
//! A record is stored whole as JSON (`{"field": {"v": value, "h": hlc}}`) next to the
//! columns that queries filter on (entity, region, tombstone, latest sequence number).
//! `field_seqs` remembers which change set each field, so a push can tell whether the
//! writer had seen the value it overwrites.

use super::{Backend, Db, WriteTx};
use pantau_shared::sync::Record;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

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
pub struct ChangeEntry {
    pub seq: i64,
    pub op_id: String,
    pub entity: &'static str,
    pub record_id: String,
    pub officer_id: String,
    pub device_id: String,
    pub hlc: String,
    pub received_at_ms: i64,
    pub old_region: Option<String>,
    pub new_region: String,
    /// JSON list of `{field, old, new}`.
    pub changes: String,
    pub status: &'static str,
}

/// One value that lost a merge, for the conflict log.
pub struct ConflictEntry {
    pub entity: &'static str,
    pub record_id: String,
    pub region_code: String,
    pub field: String,
    pub kept_value: String,
    pub kept_hlc: String,
    pub losing_value: String,
    pub losing_hlc: String,
    pub op_id: String,
    pub officer_id: String,
    pub device_id: String,
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

impl Backend {
    /// Rows per multi-row statement. SQLite looks a numbered parameter up by a linear scan
    /// of the statement's parameter names, so its multi-row statements use anonymous `?`
    /// and can be large; PostgreSQL numbers them, and measured slower past 50 rows.
    pub fn rows_per_statement(self) -> usize {
        match self {
            Backend::Sqlite => 250,
            Backend::Postgres => 50,
        }
    }

    /// `(…), (…)` for `rows` rows of `columns` parameters.
    fn value_rows(self, rows: usize, columns: usize) -> String {
        let row = |row: usize| match self {
            Backend::Sqlite => format!("({})", vec!["?"; columns].join(", ")),
            Backend::Postgres => {
                let params: Vec<String> = (1..=columns)
                    .map(|column| format!("${}", row * columns + column))
                    .collect();
                format!("({})", params.join(", "))
            }
        };
        (0..rows).map(row).collect::<Vec<_>>().join(", ")
    }

    /// A list of `count` parameters, for `IN (…)`.
    fn param_list(self, count: usize) -> String {
        match self {
            Backend::Sqlite => vec!["?"; count].join(", "),
            Backend::Postgres => (1..=count)
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// Splits `items` into owned runs of at most `size`, so their values can be bound
/// without copying.
fn chunks<T>(items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut runs = Vec::with_capacity(items.len().div_ceil(size));
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        runs.push(items.by_ref().take(size).collect());
    }
    runs
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> sqlx::Result<T> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn encode<T: serde::Serialize>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

impl WriteTx {
    /// Which of `op_ids` were applied before.
    pub async fn applied_ops(&mut self, op_ids: &[String]) -> sqlx::Result<HashSet<Uuid>> {
        let mut applied = HashSet::new();
        for chunk in op_ids.chunks(self.backend.rows_per_statement()) {
            let sql = format!(
                "SELECT op_id FROM change_log WHERE op_id IN ({})",
                self.backend.param_list(chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
            for op_id in chunk {
                query = query.bind(op_id);
            }
            applied.extend(
                query
                    .fetch_all(&mut *self.tx)
                    .await?
                    .into_iter()
                    .filter_map(|(op,)| Uuid::parse_str(&op).ok()),
            );
        }
        Ok(applied)
    }

    /// The stored records among `ids`, by id.
    pub async fn load_records(
        &mut self,
        ids: &[String],
    ) -> sqlx::Result<HashMap<String, StoredRecord>> {
        let mut records = HashMap::new();
        for chunk in ids.chunks(self.backend.rows_per_statement()) {
            let sql = format!(
                "SELECT id, entity, region_code, fields, field_seqs, seq FROM records WHERE id IN ({})",
                self.backend.param_list(chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String, String, String, String, String, i64)>(
                sqlx::AssertSqlSafe(sql),
            );
            for id in chunk {
                query = query.bind(id);
            }
            for (id, entity, region_code, fields, field_seqs, seq) in
                query.fetch_all(&mut *self.tx).await?
            {
                let stored = StoredRecord {
                    entity,
                    region_code,
                    record: decode(&fields)?,
                    field_seqs: decode(&field_seqs)?,
                    seq,
                };
                records.insert(id, stored);
            }
        }
        Ok(records)
    }

    pub async fn load_record(&mut self, id: &str) -> sqlx::Result<Option<StoredRecord>> {
        Ok(self.load_records(&[id.to_string()]).await?.remove(id))
    }

    /// The sequence number the next change takes. Writers hold the write lock (see
    /// `Db::begin_write`), so numbers are taken and committed in order.
    pub async fn next_seq(&mut self) -> sqlx::Result<i64> {
        let (last,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM change_log")
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(last + 1)
    }

    /// Appends to the change log, each entry under its own sequence number.
    pub async fn append_changes(&mut self, entries: Vec<ChangeEntry>) -> sqlx::Result<()> {
        for chunk in chunks(entries, self.backend.rows_per_statement()) {
            let sql = format!(
                "INSERT INTO change_log (seq, op_id, entity, record_id, officer_id, device_id, hlc,
                                         received_at_ms, old_region, new_region, changes, status)
                 VALUES {}",
                self.backend.value_rows(chunk.len(), 12)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for entry in chunk {
                query = query
                    .bind(entry.seq)
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
                    .bind(entry.status);
            }
            query.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Writes records whole; each id at most once per call.
    pub async fn save_records(
        &mut self,
        records: Vec<(String, StoredRecord)>,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        for chunk in chunks(records, self.backend.rows_per_statement()) {
            let sql = format!(
                "INSERT INTO records (id, entity, region_code, fields, field_seqs, deleted, seq, created_at_ms, updated_at_ms)
                 VALUES {}
                 ON CONFLICT (id) DO UPDATE SET region_code = excluded.region_code, fields = excluded.fields,
                     field_seqs = excluded.field_seqs, deleted = excluded.deleted, seq = excluded.seq,
                     updated_at_ms = excluded.updated_at_ms",
                self.backend.value_rows(chunk.len(), 9)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, stored) in chunk {
                let deleted = i64::from(stored.record.is_deleted());
                query = query
                    .bind(id)
                    .bind(stored.entity)
                    .bind(stored.region_code)
                    .bind(encode(&stored.record)?)
                    .bind(encode(&stored.field_seqs)?)
                    .bind(deleted)
                    .bind(stored.seq)
                    .bind(now_ms)
                    .bind(now_ms);
            }
            query.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    pub async fn insert_conflicts(&mut self, entries: Vec<ConflictEntry>) -> sqlx::Result<()> {
        for chunk in chunks(entries, self.backend.rows_per_statement()) {
            let sql = format!(
                "INSERT INTO conflicts (entity, record_id, region_code, field, kept_value, kept_hlc, losing_value,
                                        losing_hlc, op_id, officer_id, device_id, detected_at_ms)
                 VALUES {}",
                self.backend.value_rows(chunk.len(), 12)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for entry in chunk {
                query = query
                    .bind(entry.entity)
                    .bind(entry.record_id)
                    .bind(entry.region_code)
                    .bind(entry.field)
                    .bind(entry.kept_value)
                    .bind(entry.kept_hlc)
                    .bind(entry.losing_value)
                    .bind(entry.losing_hlc)
                    .bind(entry.op_id)
                    .bind(entry.officer_id)
                    .bind(entry.device_id)
                    .bind(entry.detected_at_ms);
            }
            query.execute(&mut *self.tx).await?;
        }
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
