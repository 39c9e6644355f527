//! Storage of the signed-record log (see `crate::signed_log`): the devices' keys, the
//! log's rows, frontier and head, and the check that re-computes it all.

use super::write::on_write_tx;
use super::{Db, WriteTx};
use crate::signed_log::{
    Frontier, Hash, Leaf, LogKey, parse_public_key, receipt_verifies, signature_verifies,
    text_digest,
};
use pantau_shared::signing::Receipt;

/// One signed record to append, with its receipt already made.
pub struct LogEntry {
    pub index: i64,
    pub entity: &'static str,
    pub record_id: String,
    pub op_id: String,
    pub change_seq: i64,
    pub change_digest: String,
    pub public_key: String,
    pub statement: String,
    pub statement_digest: String,
    pub signature: String,
    pub logged_at_ms: i64,
    pub receipt: Receipt,
}

impl WriteTx {
    /// The keys `device_id` registered while `officer_id` was signed in on it.
    pub async fn device_keys(
        &mut self,
        device_id: &str,
        officer_id: &str,
    ) -> sqlx::Result<Vec<String>> {
        let rows: Vec<(String,)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as(
                "SELECT public_key FROM device_keys WHERE device_id = $1 AND officer_id = $2",
            )
            .bind(device_id)
            .bind(officer_id)
            .fetch_all(conn)
            .await?
        });
        Ok(rows.into_iter().map(|(key,)| key).collect())
    }

    /// The receipts of the signed mutations among `op_ids` already in the log, by op id.
    pub async fn receipts_for_ops(
        &mut self,
        op_ids: &[String],
    ) -> sqlx::Result<std::collections::HashMap<String, Receipt>> {
        let mut receipts = std::collections::HashMap::new();
        for chunk in op_ids.chunks(self.backend.rows_per_statement()) {
            let sql = format!(
                "SELECT op_id, log_index, leaf_hash, root, receipt_signature FROM signed_log
                 WHERE op_id IN ({})",
                self.backend.param_list(chunk.len())
            );
            let rows: Vec<(String, i64, String, String, String)> = on_write_tx!(self.tx, |conn| {
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
                for op_id in chunk {
                    query = query.bind(op_id);
                }
                query.fetch_all(conn).await?
            });
            for (op_id, index, leaf_hash, root, signature) in rows {
                let receipt = Receipt {
                    index: index as u64,
                    leaf_hash,
                    tree_size: index as u64,
                    root,
                    signature,
                };
                receipts.insert(op_id, receipt);
            }
        }
        Ok(receipts)
    }

    /// Erases the signed statements that hold a purged record's data: its own (an
    /// inspection's, an amendment's) and, for a finding, its inspection's. Their digests
    /// stay in the log, which still re-computes.
    pub async fn erase_signed_statements(
        &mut self,
        id: &str,
        inspection_id: Option<&str>,
        at_ms: i64,
    ) -> sqlx::Result<()> {
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "UPDATE signed_log SET statement = NULL, erased_at_ms = $1
                 WHERE record_id IN ($2, $3) AND statement IS NOT NULL",
            )
            .bind(at_ms)
            .bind(id)
            .bind(inspection_id.unwrap_or(id))
            .execute(conn)
            .await?;
        });
        Ok(())
    }

    /// Whether finalizations and amendments must come signed (`pantau device policy
    /// --require-signatures`).
    pub async fn signatures_required(&mut self) -> sqlx::Result<bool> {
        let value: Option<(String,)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT value FROM settings WHERE key = $1")
                .bind(crate::lease::REQUIRE_SIGNATURES)
                .fetch_optional(conn)
                .await?
        });
        Ok(value.is_some_and(|(value,)| value == "1"))
    }

    /// The log's frontier as last appended.
    pub async fn signed_log_frontier(&mut self) -> sqlx::Result<Frontier> {
        let head: Option<(i64,)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT tree_size FROM signed_log_head WHERE id = 1")
                .fetch_optional(conn)
                .await?
        });
        let peaks: Vec<(i32, String)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT level, hash FROM signed_log_frontier ORDER BY level")
                .fetch_all(conn)
                .await?
        });
        let mut frontier = Frontier {
            size: head.map_or(0, |(size,)| size.max(0) as u64),
            peaks: Vec::new(),
        };
        for (level, hash) in peaks {
            let level = level.max(0) as usize;
            if frontier.peaks.len() <= level {
                frontier.peaks.resize(level + 1, None);
            }
            frontier.peaks[level] = parse_hash(&hash);
        }
        Ok(frontier)
    }

    /// Appends `entries` and stores the frontier and head they lead to.
    pub async fn append_signed_log(
        &mut self,
        entries: Vec<LogEntry>,
        frontier: &Frontier,
    ) -> sqlx::Result<()> {
        for entry in entries {
            on_write_tx!(self.tx, |conn| {
                sqlx::query(
                    "INSERT INTO signed_log (log_index, entity, record_id, op_id, change_seq,
                         change_digest, public_key, statement, statement_digest, signature,
                         logged_at_ms, leaf_hash, root, receipt_signature)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                )
                .bind(entry.index)
                .bind(entry.entity)
                .bind(&entry.record_id)
                .bind(&entry.op_id)
                .bind(entry.change_seq)
                .bind(&entry.change_digest)
                .bind(&entry.public_key)
                .bind(&entry.statement)
                .bind(&entry.statement_digest)
                .bind(&entry.signature)
                .bind(entry.logged_at_ms)
                .bind(&entry.receipt.leaf_hash)
                .bind(&entry.receipt.root)
                .bind(&entry.receipt.signature)
                .execute(conn)
                .await?;
            });
        }
        on_write_tx!(self.tx, |conn| {
            sqlx::query("DELETE FROM signed_log_frontier")
                .execute(conn)
                .await?;
        });
        for (level, hash) in frontier.peaks.iter().enumerate() {
            let Some(hash) = hash else { continue };
            on_write_tx!(self.tx, |conn| {
                sqlx::query("INSERT INTO signed_log_frontier (level, hash) VALUES ($1, $2)")
                    .bind(level as i32)
                    .bind(hex::encode(hash))
                    .execute(conn)
                    .await?;
            });
        }
        // The key these receipts were signed with joins those the log is checked against.
        if let Some(key) = &self.log_key {
            let (public_key, now_ms) = (key.public_hex(), super::now_ms());
            on_write_tx!(self.tx, |conn| {
                sqlx::query(
                    "INSERT INTO log_keys (public_key, first_used_ms) VALUES ($1, $2)
                     ON CONFLICT (public_key) DO NOTHING",
                )
                .bind(&public_key)
                .bind(now_ms)
                .execute(conn)
                .await?;
            });
        }
        let root = hex::encode(frontier.root());
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "INSERT INTO signed_log_head (id, tree_size, root) VALUES (1, $1, $2)
                 ON CONFLICT (id) DO UPDATE SET tree_size = excluded.tree_size,
                     root = excluded.root",
            )
            .bind(frontier.size as i64)
            .bind(&root)
            .execute(conn)
            .await?;
        });
        Ok(())
    }
}

fn parse_hash(text: &str) -> Option<Hash> {
    hex::decode(text).ok()?.try_into().ok()
}

/// record id, statement, log index, logged at, officer's name, device's name.
type FinalizationRow = (String, String, i64, i64, Option<String>, Option<String>);

/// A signed finalization as logged, with who signed it where.
pub struct SignedFinalization {
    pub statement: pantau_shared::signing::Statement,
    pub officer: String,
    pub device: String,
    pub receipt_index: u64,
    pub logged_at_ms: i64,
}

impl SignedFinalization {
    /// Checks the stored inspection and one of its findings against what was signed.
    pub fn check(
        &self,
        inspection: &pantau_shared::entity::FieldMap,
        finding_id: &str,
        finding: &pantau_shared::entity::FieldMap,
    ) -> pantau_shared::signing::SignatureCheck {
        use crate::signed_log::same_value;
        let differing_in = |prefix: &str,
                            signed: &pantau_shared::entity::FieldMap,
                            stored: &pantau_shared::entity::FieldMap| {
            let mut names: Vec<&String> = signed.keys().chain(stored.keys()).collect();
            names.sort();
            names.dedup();
            names
                .into_iter()
                .filter(|name| match (signed.get(*name), stored.get(*name)) {
                    (Some(a), Some(b)) => !same_value(a, b),
                    (None, None) => false,
                    _ => true,
                })
                .map(|name| format!("{prefix}.{name}"))
                .collect::<Vec<_>>()
        };
        let mut differing = differing_in("inspection", &self.statement.record, inspection);
        match self
            .statement
            .findings
            .iter()
            .find(|signed| signed.id.to_string() == finding_id)
        {
            Some(signed) => differing.extend(differing_in("finding", &signed.record, finding)),
            None => differing.push("finding".into()),
        }
        pantau_shared::signing::SignatureCheck {
            officer: self.officer.clone(),
            device: self.device.clone(),
            receipt_index: self.receipt_index,
            logged_at_ms: self.logged_at_ms,
            differing,
        }
    }
}

/// The first thing found wrong in the log, or how much was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogCheck {
    /// Every entry re-computes; `erased` of them no longer hold their statement
    /// (retention erased the record), so only their place in the log is checked.
    Sound {
        entries: u64,
        erased: u64,
        root: String,
    },
    Broken {
        index: Option<i64>,
        problem: String,
    },
}

/// One row of the log, as `verify_signed_log` reads it.
#[derive(sqlx::FromRow)]
struct LogRow {
    log_index: i64,
    entity: String,
    record_id: String,
    op_id: String,
    change_seq: i64,
    change_digest: String,
    public_key: String,
    /// `None` once retention erased the record it signs.
    statement: Option<String>,
    statement_digest: String,
    signature: String,
    logged_at_ms: i64,
    leaf_hash: String,
    root: String,
    receipt_signature: String,
}

impl Db {
    /// Every key the server has signed receipts with, oldest first.
    pub async fn log_keys(&self) -> sqlx::Result<Vec<ed25519_dalek::VerifyingKey>> {
        let keys: Vec<(String,)> =
            sqlx::query_as("SELECT public_key FROM log_keys ORDER BY first_used_ms, public_key")
                .fetch_all(&self.pool)
                .await?;
        Ok(keys
            .iter()
            .filter_map(|(key,)| parse_public_key(key))
            .collect())
    }

    /// Registers `public_key` (hex) for the device, bound to the officer signed in on it.
    pub async fn register_device_key(
        &self,
        device_id: &str,
        officer_id: &str,
        public_key: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO device_keys (device_id, public_key, officer_id, registered_at_ms)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (device_id, public_key) DO UPDATE SET officer_id = excluded.officer_id",
        )
        .bind(device_id)
        .bind(public_key.to_ascii_lowercase())
        .bind(officer_id)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest signed finalization of each of `inspection_ids`, with the signer's
    /// name and device's name.
    pub async fn signed_finalizations(
        &self,
        inspection_ids: &[String],
    ) -> sqlx::Result<std::collections::HashMap<String, SignedFinalization>> {
        let mut found = std::collections::HashMap::new();
        for chunk in inspection_ids.chunks(self.backend.rows_per_statement()) {
            let sql = format!(
                "SELECT l.record_id, l.statement, l.log_index, l.logged_at_ms, o.name, d.name
                 FROM signed_log l
                 LEFT JOIN devices d ON d.id = (SELECT device_id FROM change_log c
                                               WHERE c.seq = l.change_seq)
                 LEFT JOIN officers o ON o.id = (SELECT officer_id FROM change_log c
                                                WHERE c.seq = l.change_seq)
                 WHERE l.entity = 'inspection' AND l.statement IS NOT NULL
                   AND l.record_id IN ({})
                 ORDER BY l.log_index",
                self.backend.param_list(chunk.len())
            );
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id);
            }
            let rows: Vec<FinalizationRow> = query.fetch_all(&self.pool).await?;
            for (record_id, statement, index, logged_at_ms, officer, device) in rows {
                let Ok(statement) = crate::signed_log::read_statement(&statement) else {
                    continue;
                };
                found.insert(
                    record_id,
                    SignedFinalization {
                        officer: officer.unwrap_or_else(|| statement.officer.to_string()),
                        device: device.unwrap_or_else(|| statement.device.to_string()),
                        statement,
                        receipt_index: index.max(0) as u64,
                        logged_at_ms,
                    },
                );
            }
        }
        Ok(found)
    }

    /// The log as it stood at `before_ms`: its last entry logged before then, as a
    /// checkpoint signed by the server (its receipt).
    pub async fn signed_log_checkpoint(
        &self,
        before_ms: i64,
    ) -> sqlx::Result<pantau_shared::report::LogCheckpoint> {
        let last: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT log_index, leaf_hash, root, receipt_signature FROM signed_log
             WHERE logged_at_ms < $1 ORDER BY log_index DESC LIMIT 1",
        )
        .bind(before_ms)
        .fetch_optional(&self.pool)
        .await?;
        let (tree_size, leaf_hash, root, signature) = last.unwrap_or_else(|| {
            (
                0,
                String::new(),
                hex::encode(Frontier::default().root()),
                String::new(),
            )
        });
        Ok(pantau_shared::report::LogCheckpoint {
            tree_size: tree_size.max(0) as u64,
            root,
            leaf_hash,
            signature,
            server_key: self.log_key().public_hex(),
        })
    }

    /// Re-computes the whole log: every leaf from its row, every device signature, every
    /// change-log row a leaf names, every root and receipt, and the head. Names the first
    /// entry that does not match.
    pub async fn verify_signed_log(&self, key: &LogKey) -> sqlx::Result<LogCheck> {
        // A receipt checks against the key the server held when it was given: the
        // current one, or one before a restore without the key file.
        let mut server_keys = self.log_keys().await?;
        if !server_keys.contains(&key.verifying_key()) {
            server_keys.push(key.verifying_key());
        }
        let rows: Vec<LogRow> = sqlx::query_as(
            "SELECT log_index, entity, record_id, op_id, change_seq, change_digest, public_key,
                    statement, statement_digest, signature, logged_at_ms, leaf_hash, root,
                    receipt_signature
             FROM signed_log ORDER BY log_index",
        )
        .fetch_all(&self.pool)
        .await?;
        let broken = |index: i64, problem: String| {
            Ok(LogCheck::Broken {
                index: Some(index),
                problem,
            })
        };
        let mut frontier = Frontier::default();
        let mut erased = 0;
        for row in rows {
            let index = row.log_index;
            if index != frontier.size as i64 + 1 {
                return broken(
                    index,
                    format!(
                        "expected entry #{} here: the log has a gap",
                        frontier.size + 1
                    ),
                );
            }
            let leaf = Leaf {
                entity: &row.entity,
                record_id: &row.record_id,
                op_id: &row.op_id,
                change_seq: row.change_seq,
                change_digest: &row.change_digest,
                key: &row.public_key,
                statement_digest: &row.statement_digest,
                signature: &row.signature,
                logged_at_ms: row.logged_at_ms,
            }
            .hash();
            if hex::encode(leaf) != row.leaf_hash {
                return broken(index, "the entry was changed after it was logged".into());
            }
            match &row.statement {
                // Retention erased the record and the statement with it: the leaf still
                // covers their digests, but there is nothing left to check them against.
                None => erased += 1,
                Some(statement) => {
                    if text_digest(statement) != row.statement_digest {
                        return broken(index, "the signed statement was changed".into());
                    }
                    let signed_by_device =
                        parse_public_key(&row.public_key).is_some_and(|device_key| {
                            signature_verifies(&device_key, statement.as_bytes(), &row.signature)
                        });
                    if !signed_by_device {
                        return broken(index, "the device's signature does not verify".into());
                    }
                    let change_seq = row.change_seq;
                    let change: Option<(String, String)> =
                        sqlx::query_as("SELECT op_id, changes FROM change_log WHERE seq = $1")
                            .bind(change_seq)
                            .fetch_optional(&self.pool)
                            .await?;
                    match change {
                        None => {
                            return broken(
                                index,
                                format!("change-log row {change_seq} is missing"),
                            );
                        }
                        Some((op, changes))
                            if op != row.op_id || text_digest(&changes) != row.change_digest =>
                        {
                            return broken(
                                index,
                                format!(
                                    "change-log row {change_seq} was edited after it was signed"
                                ),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            frontier.push(leaf);
            let receipt = Receipt {
                index: index as u64,
                leaf_hash: row.leaf_hash,
                tree_size: index as u64,
                root: hex::encode(frontier.root()),
                signature: row.receipt_signature,
            };
            if receipt.root != row.root {
                return broken(index, "the stored root does not match the log".into());
            }
            if !server_keys
                .iter()
                .any(|server_key| receipt_verifies(server_key, &receipt))
            {
                return broken(
                    index,
                    "the receipt's signature does not verify against any of the server's keys"
                        .into(),
                );
            }
        }
        let head: Option<(i64, String)> =
            sqlx::query_as("SELECT tree_size, root FROM signed_log_head WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        let (head_size, head_root) = head.unwrap_or((0, hex::encode(Frontier::default().root())));
        let root = hex::encode(frontier.root());
        if head_size != frontier.size as i64 || head_root != root {
            return Ok(LogCheck::Broken {
                index: Some(frontier.size as i64 + 1),
                problem: format!(
                    "the log holds {} entries but its head says {head_size}: entries are missing",
                    frontier.size
                ),
            });
        }
        Ok(LogCheck::Sound {
            entries: frontier.size,
            erased,
            root,
        })
    }
}
