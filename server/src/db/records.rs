//! Synced records, the append-only change log and the conflict log.
//!
//! A record is stored in two JSON columns next to the columns that queries filter on
//! (entity, region, tombstone, latest sequence number):
//! - `fields`, its current values exactly as a pull sends them (`{"field": value}`),
//!   so a pull copies them out without parsing;
//! - `stamps`, the writes that set those values: each write's clock stamp and change
//!   sequence number once, with the fields it set (`[{"h": hlc, "s": seq, "f": [...]}]`).
//!   The stamps decide merges; the sequence numbers let a push tell whether the writer
//!   had seen the value it overwrites.

use super::write::{on_write_tx, statement_for};
use super::{Backend, Db, Statement, WriteTx, decode_error};
use pantau_shared::sync::merge::Stamped;
use pantau_shared::sync::{Hlc, Record};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;
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
    /// JSON list of `{field, old, new}`; `old` is left out for a field set for the first time.
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

/// A change-log entry joined with the record's current state, as a pull reads it. Where
/// the record and the change lie relative to the reader's scope is decided in the query,
/// so regions are not copied out row by row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PullRow {
    pub seq: i64,
    pub entity: String,
    pub record_id: String,
    pub record_seq: i64,
    /// The record's current values, as a pull sends them.
    pub fields: String,
    /// The writes its values came from (the `stamps` column), as a pull sends them.
    pub stamps: String,
    pub deleted: i64,
    /// Whether the record now lies in the scope (1) or not (0).
    pub record_in_scope: i64,
    /// Whether this change moved the record from inside the scope to outside it.
    pub moved_out: i64,
}

/// The SQL condition "column lies in the scope region", matching whole segments.
pub(crate) fn in_scope(column: &str, exact: usize, below: usize) -> String {
    format!("({column} = ${exact} OR {column} LIKE ${below})")
}

/// The SQL condition "an election period of a region above the scope", the scope bound
/// at `exact`: the scope's code begins with the period's and a dot.
fn election_period_above(entity: &str, region: &str, exact: usize) -> String {
    format!(
        "({entity} = 'election_period' AND SUBSTR(${exact}, 1, LENGTH({region}) + 1) = {region} || '.')"
    )
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

    /// `(…), (…)` for `rows` rows of `columns` parameters, written into one string: a
    /// push builds a few of these of thousands of parameters each.
    pub(super) fn value_rows(self, rows: usize, columns: usize) -> String {
        let mut sql = String::with_capacity(rows * (columns * 7 + 4));
        for row in 0..rows {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            self.push_params(&mut sql, row * columns, columns);
            sql.push(')');
        }
        sql
    }

    /// A list of `count` parameters, for `IN (…)`.
    pub(super) fn param_list(self, count: usize) -> String {
        let mut sql = String::with_capacity(count * 7);
        self.push_params(&mut sql, 0, count);
        sql
    }

    /// Appends `count` parameters after the first `before` of the statement.
    fn push_params(self, sql: &mut String, before: usize, count: usize) {
        for n in before + 1..=before + count {
            if n > before + 1 {
                sql.push_str(", ");
            }
            match self {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    // Writing into a String cannot fail.
                    let _ = write!(sql, "${n}");
                }
            }
        }
    }

    /// The statements that write a merged batch's conflicts and then its records (each
    /// id once), built as they are taken.
    pub fn conflicts_and_records(
        self,
        conflicts: Vec<ConflictEntry>,
        records: Vec<(String, StoredRecord)>,
        now_ms: i64,
    ) -> impl Iterator<Item = sqlx::Result<Statement>> + Send + use<> {
        let size = self.rows_per_statement();
        chunks(conflicts, size)
            .into_iter()
            .map(move |chunk| Ok(self.insert_conflicts(chunk)))
            .chain(chunks(records, size).into_iter().flat_map(move |chunk| {
                let (uncite, cite) = self.photo_citations(&chunk);
                [Ok(uncite)]
                    .into_iter()
                    .chain(cite.map(Ok))
                    .chain([self.upsert_records(chunk, now_ms)])
            }))
    }

    /// The statements that replace the photo citations of `records` by the photos they
    /// now show: none for a deleted record.
    fn photo_citations(self, records: &[(String, StoredRecord)]) -> (Statement, Option<Statement>) {
        let ids: Vec<String> = records.iter().map(|(id, _)| id.clone()).collect();
        let uncite = statement_for!(
            self,
            format!(
                "DELETE FROM photo_citations WHERE record_id IN ({})",
                self.param_list(ids.len())
            ),
            |query| {
                for id in ids {
                    query = query.bind(id);
                }
                query
            }
        );
        let citations: Vec<(String, String, String)> = records
            .iter()
            .filter(|(_, stored)| !stored.record.is_deleted())
            .flat_map(|(id, stored)| {
                let value = |name: &str| stored.record.fields.get(name).map(|s| &s.value);
                super::audit::photos_in(value("photos"), value("photo"))
                    .into_iter()
                    .map(move |sha| (sha, id.clone(), stored.region_code.clone()))
            })
            .collect();
        if citations.is_empty() {
            return (uncite, None);
        }
        let sql = format!(
            "INSERT INTO photo_citations (sha256, record_id, region_code) VALUES {}",
            self.value_rows(citations.len(), 3)
        );
        let cite = statement_for!(self, sql, |query| {
            for (sha, id, region) in citations {
                query = query.bind(sha).bind(id).bind(region);
            }
            query
        });
        (uncite, Some(cite))
    }

    /// Appends to the change log, each entry under its own sequence number.
    pub fn insert_changes(self, entries: Vec<ChangeEntry>) -> Statement {
        let sql = format!(
            "INSERT INTO change_log (seq, op_id, entity, record_id, officer_id, device_id, hlc,
                                     received_at_ms, old_region, new_region, changes, status)
             VALUES {}",
            self.value_rows(entries.len(), 12)
        );
        statement_for!(self, sql, |query| {
            for entry in entries {
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
            query
        })
    }

    fn insert_conflicts(self, entries: Vec<ConflictEntry>) -> Statement {
        let sql = format!(
            "INSERT INTO conflicts (entity, record_id, region_code, field, kept_value, kept_hlc, losing_value,
                                    losing_hlc, op_id, officer_id, device_id, detected_at_ms)
             VALUES {}",
            self.value_rows(entries.len(), 12)
        );
        statement_for!(self, sql, |query| {
            for entry in entries {
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
            query
        })
    }

    /// Writes records whole; each id at most once per statement.
    fn upsert_records(
        self,
        records: Vec<(String, StoredRecord)>,
        now_ms: i64,
    ) -> sqlx::Result<Statement> {
        let sql = format!(
            "INSERT INTO records (id, entity, region_code, fields, stamps, deleted, seq, created_at_ms, updated_at_ms)
             VALUES {}
             ON CONFLICT (id) DO UPDATE SET region_code = excluded.region_code, fields = excluded.fields,
                 stamps = excluded.stamps, deleted = excluded.deleted, seq = excluded.seq,
                 updated_at_ms = excluded.updated_at_ms",
            self.value_rows(records.len(), 9)
        );
        Ok(statement_for!(self, sql, |query| {
            for (id, stored) in records {
                let deleted = i64::from(stored.record.is_deleted());
                let (fields, stamps) = stored.encode()?;
                query = query
                    .bind(id)
                    .bind(stored.entity)
                    .bind(stored.region_code)
                    .bind(fields)
                    .bind(stamps)
                    .bind(deleted)
                    .bind(stored.seq)
                    .bind(now_ms)
                    .bind(now_ms);
            }
            query
        }))
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

fn encode<T: serde::Serialize>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// One write that set some of a record's current values, as stored in `stamps`.
#[derive(Serialize, Deserialize)]
struct Setter<'a> {
    #[serde(rename = "h")]
    hlc: Hlc,
    #[serde(rename = "s")]
    seq: i64,
    #[serde(rename = "f", borrow)]
    fields: Vec<Cow<'a, str>>,
}

/// A record's values alone, serialized as the `fields` column holds them.
struct ValuesOf<'a>(&'a Record);

impl Serialize for ValuesOf<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.fields.len()))?;
        for (name, stamped) in &self.0.fields {
            map.serialize_entry(name, &stamped.value)?;
        }
        map.end()
    }
}

impl StoredRecord {
    /// The `fields` and `stamps` columns for this record.
    fn encode(&self) -> sqlx::Result<(String, String)> {
        let mut setters: Vec<Setter> = Vec::new();
        for (name, stamped) in &self.record.fields {
            let seq = self.field_seqs.get(name).copied().unwrap_or(0);
            let name = Cow::Borrowed(name.as_str());
            match setters
                .iter_mut()
                .find(|setter| setter.hlc == stamped.hlc && setter.seq == seq)
            {
                Some(setter) => setter.fields.push(name),
                None => setters.push(Setter {
                    hlc: stamped.hlc,
                    seq,
                    fields: vec![name],
                }),
            }
        }
        Ok((encode(&ValuesOf(&self.record))?, encode(&setters)?))
    }

    /// The record and its fields' sequence numbers from the `fields` and `stamps` columns.
    fn decode(fields: &str, stamps: &str) -> sqlx::Result<(Record, BTreeMap<String, i64>)> {
        let mut values: BTreeMap<String, Value> = serde_json::from_str(fields)
            .map_err(|e| decode_error(format!("a stored record's values: {e}")))?;
        let setters: Vec<Setter> = serde_json::from_str(stamps)
            .map_err(|e| decode_error(format!("a stored record's stamps: {e}")))?;
        let (mut record, mut field_seqs) = (Record::default(), BTreeMap::new());
        for setter in setters {
            for name in setter.fields {
                let value = values.remove(name.as_ref()).ok_or_else(|| {
                    decode_error(format!(
                        "a stored record stamps {name}, which it has no value for"
                    ))
                })?;
                let hlc = setter.hlc;
                field_seqs.insert(name.to_string(), setter.seq);
                record
                    .fields
                    .insert(name.into_owned(), Stamped { value, hlc });
            }
        }
        if let Some(name) = values.keys().next() {
            return Err(decode_error(format!(
                "a stored record has a value for {name} but no stamp"
            )));
        }
        Ok((record, field_seqs))
    }
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
            let rows: Vec<(String,)> = on_write_tx!(self.tx, |conn| {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for op_id in chunk {
                    query = query.bind(op_id);
                }
                query.fetch_all(conn).await?
            });
            applied.extend(rows.iter().filter_map(|(op,)| Uuid::parse_str(op).ok()));
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
                "SELECT id, entity, region_code, fields, stamps, seq FROM records WHERE id IN ({})",
                self.backend.param_list(chunk.len())
            );
            let rows: Vec<(String, String, String, String, String, i64)> =
                on_write_tx!(self.tx, |conn| {
                    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                    for id in chunk {
                        query = query.bind(id);
                    }
                    query.fetch_all(conn).await?
                });
            for (id, entity, region_code, fields, stamps, seq) in rows {
                let (record, field_seqs) = StoredRecord::decode(&fields, &stamps)?;
                let stored = StoredRecord {
                    entity,
                    region_code,
                    record,
                    field_seqs,
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
        let (last,): (i64,) = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM change_log")
                .fetch_one(conn)
                .await?
        });
        Ok(last + 1)
    }

    /// Runs `statements` in order, building each one while the one before it runs: SQLite
    /// runs a statement on its connection's own thread, so encoding and binding the next
    /// statement's values here overlaps with it.
    pub async fn run_pipelined(
        &mut self,
        mut statements: impl Iterator<Item = sqlx::Result<Statement>>,
    ) -> sqlx::Result<()> {
        let mut next = statements.next().transpose()?;
        while let Some(statement) = next {
            // `biased`: the running statement is sent to the database before the next
            // one is built.
            let (ran, following) = tokio::join!(
                biased;
                self.execute(statement),
                async { statements.next().transpose() },
            );
            ran?;
            next = following?;
        }
        Ok(())
    }
}

impl Db {
    /// The ids and regions of foreign nationals' records where any of `fields` holds one
    /// of `codes`. Both lists are fixed names and codes of letters, never user input.
    pub async fn subjects_with_codes(
        &self,
        fields: &[&str],
        codes: &[&str],
    ) -> sqlx::Result<Vec<(String, String)>> {
        let plain = |text: &str| text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if codes.is_empty() || !fields.iter().chain(codes).all(|t| plain(t)) {
            return Ok(Vec::new());
        }
        let listed = codes
            .iter()
            .map(|code| format!("'{code}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let matches = fields
            .iter()
            .map(|field| {
                let value = match self.backend {
                    Backend::Sqlite => format!("json_extract(fields, '$.{field}')"),
                    Backend::Postgres => format!("(fields::jsonb ->> '{field}')"),
                };
                format!("{value} IN ({listed})")
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, region_code FROM records WHERE entity = 'subject' AND ({matches}) ORDER BY id"
        )))
        .fetch_all(&self.pool)
        .await
    }

    /// Change-log entries after `cursor` that touch `scope` (written into it or moved out
    /// of it), oldest first, each with its record's current state. Election periods of
    /// the regions above the scope come too: a province-wide election runs in every
    /// regency.
    pub async fn pull_page(
        &self,
        scope: &str,
        cursor: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<PullRow>> {
        let sql = format!(
            "SELECT c.seq, c.entity, c.record_id, r.seq AS record_seq, r.fields, r.stamps, r.deleted,
                    CASE WHEN {record} OR {record_above} THEN 1 ELSE 0 END AS record_in_scope,
                    CASE WHEN c.old_region IS NOT NULL AND {old} AND NOT {new} THEN 1 ELSE 0 END AS moved_out
             FROM change_log c JOIN records r ON r.id = c.record_id
             WHERE c.seq > $1 AND ({new} OR {old} OR {new_above})
             ORDER BY c.seq LIMIT $4",
            record = in_scope("r.region_code", 2, 3),
            new = in_scope("c.new_region", 2, 3),
            old = in_scope("c.old_region", 2, 3),
            record_above = election_period_above("r.entity", "r.region_code", 2),
            new_above = election_period_above("c.entity", "c.new_region", 2),
        );
        let (exact, below) = scope_params(scope);
        // The same query on whichever connections read pages (see `Db::page_reader`).
        macro_rules! fetch_on {
            ($executor:expr) => {
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(cursor)
                    .bind(exact)
                    .bind(below)
                    .bind(limit)
                    .fetch_all($executor)
                    .await
            };
        }
        match &self.page_reader {
            Some(reader) => fetch_on!(reader),
            None => fetch_on!(&self.pool),
        }
    }

    /// The entity of a record, if the record lies in `scope`.
    pub async fn record_entity_in_scope(
        &self,
        id: &str,
        scope: &str,
    ) -> sqlx::Result<Option<String>> {
        let sql = format!(
            "SELECT entity FROM records WHERE id = $1 AND {}",
            in_scope("region_code", 2, 3)
        );
        let (exact, below) = scope_params(scope);
        let row: Option<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(exact)
            .bind(below)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(entity,)| entity))
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
