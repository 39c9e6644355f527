//! The SQL of duplicate review. Every live foreign national's keys (`subject_keys`) are
//! kept beside the records, so that pairs are found by an indexed join instead of
//! reading every record of a province. The keys follow the change log: each refresh
//! reads only the foreign nationals written since the last one (`duplicate_keys_seq` in
//! `settings`), so a push pays nothing for them. With no cursor — a new database, or
//! `pantau duplicates rescan` — a refresh reads them all.

use super::records::{in_scope, scope_params};
use super::write::{on_write_tx, statement_for};
use super::{Db, WriteTx};
use pantau_shared::duplicates::duplicate_keys;
use pantau_shared::entity::FieldMap;
use pantau_shared::subject::MERGED_INTO;
use std::collections::HashSet;

/// A live foreign national's record as stored.
pub struct StoredSubject {
    pub id: String,
    pub fields: String,
}

/// Two records sharing a key: the smaller id first, and the key's reason code.
pub struct KeyMatch {
    pub first: String,
    pub second: String,
    pub reason: String,
}

/// The change-log sequence number the keys are up to date with.
const KEYS_CURSOR: &str = "duplicate_keys_seq";

/// Foreign nationals read per statement while refreshing.
const RECORDS_PER_READ: usize = 500;

/// What a refresh did.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeysRefreshed {
    pub records_read: usize,
    pub keys_written: usize,
}

impl Db {
    /// Brings the keys up to date with every write since the last refresh.
    pub async fn refresh_duplicate_keys(&self) -> sqlx::Result<KeysRefreshed> {
        let mut tx = self.begin_write().await?;
        let done = tx.refresh_duplicate_keys(false).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Computes every foreign national's keys again, from the records.
    pub async fn rescan_duplicate_keys(&self) -> sqlx::Result<KeysRefreshed> {
        let mut tx = self.begin_write().await?;
        let done = tx.refresh_duplicate_keys(true).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Every pair of foreign nationals within `scope` that share a key, once per key.
    pub async fn key_matches(&self, scope: &str) -> sqlx::Result<Vec<KeyMatch>> {
        let (exact, below) = scope_params(scope);
        let rows: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT a.record_id, b.record_id, a.reason FROM subject_keys a
             JOIN subject_keys b ON b.reason = a.reason AND b.match_key = a.match_key
                 AND b.record_id > a.record_id
             WHERE {} AND {}",
            in_scope("a.region_code", 1, 2),
            in_scope("b.region_code", 1, 2)
        )))
        .bind(exact)
        .bind(below)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(first, second, reason)| KeyMatch {
                first,
                second,
                reason,
            })
            .collect())
    }

    /// The stored values of the foreign nationals `ids`.
    pub async fn subjects_by_id(&self, ids: &[String]) -> sqlx::Result<Vec<StoredSubject>> {
        let mut subjects = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(RECORDS_PER_READ) {
            let sql = format!(
                "SELECT id, fields FROM records WHERE entity = 'subject' AND id IN ({})",
                self.backend.param_list(chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id);
            }
            subjects.extend(
                query
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|(id, fields)| StoredSubject { id, fields }),
            );
        }
        Ok(subjects)
    }

    /// Every pair reviewed as two people, the smaller id first.
    pub async fn not_duplicates(&self) -> sqlx::Result<HashSet<(String, String)>> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT first_id, second_id FROM not_duplicates")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }

    /// Remembers that `a` and `b` are two people; answering the same again changes
    /// nothing.
    pub async fn mark_not_duplicate(
        &self,
        a: &str,
        b: &str,
        decided_by: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        let (first, second) = if a < b { (a, b) } else { (b, a) };
        sqlx::query(
            "INSERT INTO not_duplicates (first_id, second_id, decided_by, decided_at_ms)
             VALUES ($1, $2, $3, $4) ON CONFLICT (first_id, second_id) DO NOTHING",
        )
        .bind(first)
        .bind(second)
        .bind(decided_by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// One stored foreign national as a refresh reads it.
type SubjectRow = (String, String, String, i64);

impl WriteTx {
    /// Recomputes the keys of the foreign nationals written since the cursor (all of them
    /// when `full` or when there is no cursor yet) and moves the cursor to the newest
    /// change.
    async fn refresh_duplicate_keys(&mut self, full: bool) -> sqlx::Result<KeysRefreshed> {
        let cursor = if full {
            None
        } else {
            self.keys_cursor().await?
        };
        let newest: (i64,) = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM change_log")
                .fetch_one(conn)
                .await?
        });
        let newest = newest.0;
        let mut done = KeysRefreshed::default();
        match cursor {
            Some(cursor) if cursor >= newest => return Ok(done),
            Some(cursor) => {
                let written: Vec<(String,)> = on_write_tx!(self.tx, |conn| {
                    sqlx::query_as(
                        "SELECT DISTINCT record_id FROM change_log
                         WHERE entity = 'subject' AND seq > $1 AND seq <= $2",
                    )
                    .bind(cursor)
                    .bind(newest)
                    .fetch_all(conn)
                    .await?
                });
                let ids: Vec<String> = written.into_iter().map(|(id,)| id).collect();
                for chunk in ids.chunks(RECORDS_PER_READ) {
                    self.delete_keys_of(chunk).await?;
                    let rows = self.subjects_among(chunk).await?;
                    done.records_read += rows.len();
                    done.keys_written += self.insert_keys(&rows).await?;
                }
            }
            None => {
                on_write_tx!(self.tx, |conn| {
                    sqlx::query("DELETE FROM subject_keys")
                        .execute(conn)
                        .await?
                        .rows_affected()
                });
                let mut after = String::new();
                loop {
                    let rows = self.subjects_after(&after).await?;
                    let Some((last, ..)) = rows.last() else {
                        break;
                    };
                    after = last.clone();
                    done.records_read += rows.len();
                    done.keys_written += self.insert_keys(&rows).await?;
                }
            }
        }
        let newest = newest.to_string();
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(KEYS_CURSOR)
            .bind(&newest)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(done)
    }

    async fn keys_cursor(&mut self) -> sqlx::Result<Option<i64>> {
        let value: Option<(String,)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT value FROM settings WHERE key = $1")
                .bind(KEYS_CURSOR)
                .fetch_optional(conn)
                .await?
        });
        Ok(value.and_then(|(value,)| value.parse().ok()))
    }

    /// Forgets the keys of `ids`: an erased record's keys hold what was erased.
    pub async fn delete_keys_of(&mut self, ids: &[String]) -> sqlx::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "DELETE FROM subject_keys WHERE record_id IN ({})",
            self.backend.param_list(ids.len())
        );
        let statement = statement_for!(self.backend, sql, |query| {
            for id in ids {
                query = query.bind(id.clone());
            }
            query
        });
        self.execute(statement).await
    }

    async fn subjects_among(&mut self, ids: &[String]) -> sqlx::Result<Vec<SubjectRow>> {
        let sql = format!(
            "SELECT id, region_code, fields, CAST(deleted AS BIGINT) FROM records
             WHERE entity = 'subject' AND id IN ({})",
            self.backend.param_list(ids.len())
        );
        Ok(on_write_tx!(self.tx, |conn| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(conn).await?
        }))
    }

    async fn subjects_after(&mut self, after: &str) -> sqlx::Result<Vec<SubjectRow>> {
        let sql = format!(
            "SELECT id, region_code, fields, CAST(deleted AS BIGINT) FROM records
             WHERE entity = 'subject' AND id > $1 ORDER BY id LIMIT {RECORDS_PER_READ}"
        );
        Ok(on_write_tx!(self.tx, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(after)
                .fetch_all(conn)
                .await?
        }))
    }

    /// Writes the keys of the live, unmerged foreign nationals among `rows`.
    async fn insert_keys(&mut self, rows: &[SubjectRow]) -> sqlx::Result<usize> {
        let mut keys: Vec<(String, String, &'static str, String)> = Vec::new();
        for (id, region, fields, deleted) in rows {
            if *deleted != 0 {
                continue;
            }
            let fields: FieldMap = serde_json::from_str(fields).map_err(super::decode_error)?;
            if fields.get(MERGED_INTO).is_some_and(|v| !v.is_null()) {
                continue;
            }
            for (reason, key) in duplicate_keys(&fields) {
                keys.push((id.clone(), region.clone(), reason.code(), key));
            }
        }
        let written = keys.len();
        let backend = self.backend;
        let mut keys = keys.into_iter().peekable();
        while keys.peek().is_some() {
            let chunk: Vec<_> = keys.by_ref().take(backend.rows_per_statement()).collect();
            let sql = format!(
                "INSERT INTO subject_keys (record_id, region_code, reason, match_key) VALUES {}",
                backend.value_rows(chunk.len(), 4)
            );
            let statement = statement_for!(backend, sql, |query| {
                for (id, region, reason, key) in chunk {
                    query = query.bind(id).bind(region).bind(reason).bind(key);
                }
                query
            });
            self.execute(statement).await?;
        }
        Ok(written)
    }
}
