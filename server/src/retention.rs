//! Erasing personal data the office no longer may keep (UU PDP Pasal 43–44): records an
//! officer deleted, and records unchanged for longer than their kind's retention period
//! — except what a legal hold keeps. An erased record becomes a tombstone that every
//! device pulls in place of the data, its history keeps which fields changed but not
//! the values, and photos no record shows any more are deleted with it.

use crate::db::Db;
use crate::db::export::AccessEntry;
use crate::db::retention::{Candidate, PurgeReason, Tombstone, links};
use crate::sync::recode::SERVER_WRITER;
use pantau_shared::sync::HlcClock;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What a retention run erased, or would erase.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RetentionReport {
    /// Erased (or due) per kind of record: (deleted by an officer, past retention).
    pub purged: BTreeMap<String, (usize, usize)>,
    /// Due, but kept by a legal hold.
    pub held: usize,
    pub photos_deleted: u64,
    pub ids: Vec<String>,
}

impl RetentionReport {
    pub fn total(&self) -> usize {
        self.ids.len()
    }
}

/// What a run erases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Deleted records and records past their retention period.
    Everything,
    /// Deleted records only: what the server erases soon after an officer deletes.
    Deleted,
}

/// Runs retention as of `now_ms`; with `dry_run` reports what is due and changes nothing.
pub async fn run(db: &Db, now_ms: i64, dry_run: bool) -> anyhow::Result<RetentionReport> {
    run_over(db, now_ms, dry_run, Scope::Everything).await
}

/// Erases what officers deleted, every `every`, for as long as the server runs: a
/// deletion reaches every tablet as a tombstone at its next sync.
pub fn keep_erasing_deleted(db: Db, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first pass one period after the start, not at it: a server restarted in a
        // hurry does not also start erasing.
        tick.tick().await;
        loop {
            tick.tick().await;
            match run_over(&db, crate::db::now_ms(), false, Scope::Deleted).await {
                Ok(report) if report.total() > 0 => {
                    tracing::info!(
                        records = report.total(),
                        held = report.held,
                        "deleted records erased"
                    );
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(error = %format!("{error:#}"), "erasing deleted records failed");
                }
            }
        }
    });
}

async fn run_over(
    db: &Db,
    now_ms: i64,
    dry_run: bool,
    scope: Scope,
) -> anyhow::Result<RetentionReport> {
    let changed_before: BTreeMap<String, i64> = match scope {
        Scope::Everything => db
            .retention_days()
            .await?
            .iter()
            .map(|(entity, days)| (entity.clone(), now_ms - days.saturating_mul(DAY_MS)))
            .collect(),
        Scope::Deleted => BTreeMap::new(),
    };
    let due = db.retention_candidates(&changed_before).await?;
    let held = held_ids(db).await?;
    let mut report = RetentionReport::default();
    let mut erase: Vec<&Candidate> = Vec::new();
    for candidate in &due {
        if held.contains(&candidate.id) {
            report.held += 1;
            continue;
        }
        let counts = report.purged.entry(candidate.entity.clone()).or_default();
        if candidate.deleted != 0 {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
        report.ids.push(candidate.id.clone());
        erase.push(candidate);
    }
    if dry_run || erase.is_empty() {
        return Ok(report);
    }
    let mut photos = Vec::new();
    for candidate in erase {
        let reason = if candidate.deleted != 0 {
            PurgeReason::Deleted
        } else {
            PurgeReason::Retention
        };
        let deleted_by = match reason {
            PurgeReason::Deleted => db.deleted_by(&candidate.id).await?,
            PurgeReason::Retention => None,
        };
        let tombstone = Tombstone {
            reason,
            deleted_by,
            purged_at_ms: now_ms,
        };
        let mut tx = db.begin_write().await?;
        let newest = tx
            .load_record(&candidate.id)
            .await?
            .and_then(|stored| stored.record.fields.values().map(|s| s.hlc).max());
        let stamp = HlcClock::following(SERVER_WRITER, newest.as_ref()).tick(now_ms.max(0) as u64);
        photos.extend(
            tx.purge_record(&candidate.id, stamp, &tombstone, &SERVER_WRITER.to_string())
                .await?,
        );
        tx.commit().await?;
    }
    photos.sort();
    photos.dedup();
    report.photos_deleted = db.delete_uncited_photos(&photos).await?;
    let server = SERVER_WRITER.to_string();
    let details = json!({"purged": report.ids, "held": report.held}).to_string();
    db.log_access(&AccessEntry {
        at_ms: now_ms,
        officer_id: &server,
        device_id: &server,
        action: "retention_purge",
        target: "records",
        filters: &details,
        row_count: report.total() as i64,
    })
    .await?;
    Ok(report)
}

/// The records legal holds keep: each held record, the records it links to, and the
/// records that link to it (a case's subject, inspection, findings and amendments).
async fn held_ids(db: &Db) -> anyhow::Result<BTreeSet<String>> {
    let held = db.held_records().await?;
    let mut kept: BTreeSet<String> = BTreeSet::new();
    for (id, fields) in &held {
        kept.insert(id.clone());
        let values: Value = serde_json::from_str(fields).unwrap_or_default();
        kept.extend(links(&values));
    }
    let direct: Vec<String> = held.into_iter().map(|(id, _)| id).collect();
    kept.extend(
        db.records_linking_to(&direct)
            .await?
            .into_iter()
            .map(|(id, _)| id),
    );
    Ok(kept)
}
