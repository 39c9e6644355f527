//! What erasing personal data needs of the database: retention periods and legal holds,
//! the records due, and the erasure itself — a tombstone in place of the record, and the
//! values taken out of its history and its conflicts.

use super::records::{ChangeEntry, StoredRecord, in_scope, scope_params};
use super::write::on_write_tx;
use super::{Db, WriteTx};
use pantau_shared::sync::{Hlc, Record, Stamped};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The `settings` key prefix of a kind of record's retention period, in days.
const RETENTION_KEY: &str = "retention_days.";

pub use pantau_shared::entity::PURGED_AT;

/// A record that may be due for erasure, as the retention run reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Candidate {
    pub id: String,
    pub entity: String,
    pub region_code: String,
    pub deleted: i64,
    pub updated_at_ms: i64,
    /// The record's values, to follow the links a legal hold extends along.
    pub fields: String,
}

/// A legal hold as listed.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct LegalHold {
    pub record_id: String,
    pub reason: String,
    pub placed_by: String,
    pub placed_at_ms: i64,
}

/// Why a record's data was erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurgeReason {
    /// An officer deleted it.
    Deleted,
    /// Its retention period ran out.
    Retention,
}

impl PurgeReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PurgeReason::Deleted => "deleted",
            PurgeReason::Retention => "retention",
        }
    }
}

impl Db {
    /// Each kind of record's retention period in days, as the settings hold them.
    pub async fn retention_days(&self) -> sqlx::Result<BTreeMap<String, i64>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM settings WHERE key LIKE $1")
                .bind(format!("{RETENTION_KEY}%"))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(key, value)| {
                let entity = key.strip_prefix(RETENTION_KEY)?.to_string();
                Some((entity, value.trim().parse().ok()?))
            })
            .collect())
    }

    pub async fn set_retention_days(&self, entity: &str, days: i64) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(format!("{RETENTION_KEY}{entity}"))
        .bind(days.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records not yet erased that are deleted or unchanged since `changed_before_ms`
    /// (per kind of record).
    pub async fn retention_candidates(
        &self,
        changed_before_ms: &BTreeMap<String, i64>,
    ) -> sqlx::Result<Vec<Candidate>> {
        // Only deleted records, when no period applies: the partial index finds them.
        let only_deleted = if changed_before_ms.is_empty() {
            "AND deleted = 1"
        } else {
            ""
        };
        let rows: Vec<Candidate> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, entity, region_code, deleted, updated_at_ms, fields FROM records
             WHERE fields NOT LIKE $1 {only_deleted} ORDER BY id"
        )))
        .bind(format!("%\"{PURGED_AT}\"%"))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter(|row| {
                row.deleted != 0
                    || changed_before_ms
                        .get(&row.entity)
                        .is_some_and(|before| row.updated_at_ms < *before)
            })
            .collect())
    }

    /// The records any hold keeps, with the values their links are read from.
    pub async fn held_records(&self) -> sqlx::Result<Vec<(String, String)>> {
        sqlx::query_as(
            "SELECT r.id, r.fields FROM legal_holds h JOIN records r ON r.id = h.record_id",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// Ids of records whose values name one of `ids` in a linking field.
    pub async fn records_linking_to(&self, ids: &[String]) -> sqlx::Result<Vec<(String, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, fields FROM records WHERE entity IN ('finding', 'amendment')",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter(|(_, fields)| {
                let values: Value = serde_json::from_str(fields).unwrap_or_default();
                links(&values).iter().any(|linked| ids.contains(linked))
            })
            .collect())
    }

    pub async fn legal_holds(&self) -> sqlx::Result<Vec<LegalHold>> {
        sqlx::query_as(
            "SELECT record_id, reason, placed_by, placed_at_ms FROM legal_holds ORDER BY placed_at_ms",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// The holds on records in `scope`.
    pub async fn legal_holds_in_scope(&self, scope: &str) -> sqlx::Result<Vec<LegalHold>> {
        let sql = format!(
            "SELECT h.record_id, h.reason, h.placed_by, h.placed_at_ms
             FROM legal_holds h JOIN records r ON r.id = h.record_id
             WHERE {} ORDER BY h.placed_at_ms",
            in_scope("r.region_code", 1, 2)
        );
        let (exact, below) = scope_params(scope);
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(exact)
            .bind(below)
            .fetch_all(&self.pool)
            .await
    }

    /// Places a hold, or replaces the reason of the one in place.
    pub async fn place_legal_hold(&self, hold: &LegalHold) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO legal_holds (record_id, reason, placed_by, placed_at_ms)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (record_id) DO UPDATE SET reason = excluded.reason,
                 placed_by = excluded.placed_by, placed_at_ms = excluded.placed_at_ms",
        )
        .bind(&hold.record_id)
        .bind(&hold.reason)
        .bind(&hold.placed_by)
        .bind(hold.placed_at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Lifts a hold; false when the record had none.
    pub async fn lift_legal_hold(&self, record_id: &str) -> sqlx::Result<bool> {
        let done = sqlx::query("DELETE FROM legal_holds WHERE record_id = $1")
            .bind(record_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Who set the record's `deleted` field last, and when: the officer's id and the time.
    pub async fn deleted_by(&self, record_id: &str) -> sqlx::Result<Option<(String, i64)>> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT officer_id, received_at_ms, changes FROM change_log
             WHERE record_id = $1 ORDER BY seq DESC",
        )
        .bind(record_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().find_map(|(officer, at, changes)| {
            let changes: Vec<Value> = serde_json::from_str(&changes).ok()?;
            changes
                .iter()
                .any(|c| c["field"] == "deleted" && c["new"] == Value::Bool(true))
                .then_some((officer, at))
        }))
    }

    /// Deletes the photos in `candidates` that no live record shows any more; returns how
    /// many.
    pub async fn delete_uncited_photos(&self, candidates: &[String]) -> sqlx::Result<u64> {
        if candidates.is_empty() {
            return Ok(0);
        }
        let mut deleted = 0;
        for sha in candidates {
            deleted += sqlx::query(
                "DELETE FROM attachments WHERE sha256 = $1
                 AND NOT EXISTS (SELECT 1 FROM photo_citations WHERE sha256 = $1)",
            )
            .bind(sha)
            .execute(&self.pool)
            .await?
            .rows_affected();
        }
        Ok(deleted)
    }
}

/// The ids a record's values link to: the subject and inspection of a finding, the
/// original of an amendment.
pub fn links(fields: &Value) -> Vec<String> {
    ["subject_id", "inspection_id", "original_id"]
        .iter()
        .filter_map(|field| fields[*field].as_str().map(str::to_string))
        .collect()
}

/// The tombstone of an erased record: its region, that it is deleted, by whom and when
/// when an officer deleted it, and when its data was erased.
pub struct Tombstone {
    pub reason: PurgeReason,
    pub deleted_by: Option<(String, i64)>,
    pub purged_at_ms: i64,
}

impl WriteTx {
    /// Replaces the record with its tombstone, stamped after every value it held, and
    /// logs that as a change pulled by every device in its region; takes the values out
    /// of its earlier history and its conflicts. Returns the photos it showed.
    pub async fn purge_record(
        &mut self,
        id: &str,
        stamp: Hlc,
        tombstone: &Tombstone,
        purger: &str,
    ) -> sqlx::Result<Vec<String>> {
        // Gone, or erased by another run since the candidates were read.
        let Some(stored) = self
            .load_record(id)
            .await?
            .filter(|stored| stored.record.value(PURGED_AT).is_none())
        else {
            return Ok(Vec::new());
        };
        let photos = super::audit::photos_shown(&Value::Object(stored.record.values()));
        let seq = self.next_seq().await?;
        let mut values = serde_json::Map::new();
        values.insert("region_code".into(), json!(stored.region_code));
        values.insert("deleted".into(), json!(true));
        if let Some((officer, at)) = &tombstone.deleted_by {
            values.insert("deleted_by".into(), json!(officer));
            values.insert("deleted_at_ms".into(), json!(at));
        }
        values.insert("purge_reason".into(), json!(tombstone.reason.as_str()));
        values.insert(PURGED_AT.into(), json!(tombstone.purged_at_ms));
        let erased: Vec<Value> = stored
            .record
            .fields
            .keys()
            .chain(values.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|field| json!({"field": field, "old": null, "new": null}))
            .collect();
        let mut record = Record::default();
        for (name, value) in values {
            record.fields.insert(name, Stamped { value, hlc: stamp });
        }
        let field_seqs = record
            .fields
            .keys()
            .map(|name| (name.clone(), seq))
            .collect();
        let tomb = StoredRecord {
            entity: stored.entity.clone(),
            region_code: stored.region_code.clone(),
            record,
            field_seqs,
            seq,
        };
        let entity: &'static str = pantau_shared::sync::EntityKind::parse(&stored.entity)
            .map(|kind| kind.name())
            .map_err(|_| {
                super::decode_error(format!("a stored record has entity {}", stored.entity))
            })?;
        let change = ChangeEntry {
            seq,
            op_id: uuid::Uuid::now_v7().to_string(),
            entity,
            record_id: id.to_string(),
            officer_id: purger.to_string(),
            device_id: purger.to_string(),
            hlc: stamp.to_string(),
            received_at_ms: tombstone.purged_at_ms,
            old_region: Some(stored.region_code.clone()),
            new_region: stored.region_code.clone(),
            changes: serde_json::to_string(&erased)
                .map_err(|e| sqlx::Error::Encode(Box::new(e)))?,
            status: "purged",
        };
        let backend = self.backend;
        self.execute(backend.insert_changes(vec![change])).await?;
        let statements = backend.conflicts_and_records(
            Vec::new(),
            vec![(id.to_string(), tomb)],
            tombstone.purged_at_ms,
        );
        self.run_pipelined(statements).await?;
        self.erase_history(id, seq).await?;
        let inspection_id = stored
            .record
            .value("inspection_id")
            .and_then(Value::as_str)
            .map(str::to_string);
        self.erase_signed_statements(id, inspection_id.as_deref(), tombstone.purged_at_ms)
            .await?;
        self.delete_keys_of(&[id.to_string()]).await?;
        self.forget_voter_matches_of(id).await?;
        let original = stored
            .record
            .value("original_id")
            .and_then(Value::as_str)
            .filter(|_| stored.entity == "amendment");
        self.forget_amended(id, original).await?;
        Ok(photos)
    }

    /// Keeps which fields each earlier change touched, and drops the values.
    async fn erase_history(&mut self, id: &str, before_seq: i64) -> sqlx::Result<()> {
        let rows: Vec<(i64, String)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT seq, changes FROM change_log WHERE record_id = $1 AND seq < $2")
                .bind(id)
                .bind(before_seq)
                .fetch_all(conn)
                .await?
        });
        for (seq, changes) in rows {
            let mut changes: Vec<Value> = serde_json::from_str(&changes)
                .map_err(|e| super::decode_error(format!("a change log entry: {e}")))?;
            for change in &mut changes {
                for side in ["old", "new"] {
                    if let Some(value) = change.get_mut(side) {
                        *value = Value::Null;
                    }
                }
            }
            let erased =
                serde_json::to_string(&changes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            on_write_tx!(self.tx, |conn| {
                sqlx::query("UPDATE change_log SET changes = $1 WHERE seq = $2")
                    .bind(erased)
                    .bind(seq)
                    .execute(conn)
                    .await?;
            });
        }
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "UPDATE conflicts SET kept_value = 'null', losing_value = 'null' WHERE record_id = $1",
            )
            .bind(id)
            .execute(conn)
            .await?;
        });
        Ok(())
    }
}
