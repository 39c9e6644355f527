//! The read trail (UU PDP Pasal 31 and 46): which records went to a device, and who
//! received one person's record — from the access log's pulls, history views and photo
//! downloads, and the change log they cover.

use super::Db;
use super::records::{in_scope, scope_params};

/// One read from the access log.
#[derive(Debug, Clone)]
pub struct Read {
    pub at_ms: i64,
    pub officer: String,
    pub role: Option<String>,
    pub device_id: Option<String>,
    pub device_name: Option<String>,
    /// `pull`, `history`, `photo`, an export's `export`, …
    pub action: String,
    pub target: String,
    pub details: String,
    pub rows: i64,
}

/// A record whose data went out, with what names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReadRecord {
    pub entity: String,
    pub id: String,
    /// A person's name and passport number, a place's name, a meeting's theme.
    pub label: String,
}

/// The cursors of one logged pull page.
#[derive(serde::Deserialize)]
struct PulledRange {
    from: i64,
    to: i64,
}

const READ_COLUMNS: &str = "a.at_ms, COALESCE(o.username, a.officer_id), o.role, a.device_id, \
     d.name, a.action, a.target, a.filters, a.row_count";

type ReadRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    i64,
);

fn read(row: ReadRow) -> Read {
    let (at_ms, officer, role, device_id, device_name, action, target, details, rows) = row;
    Read {
        at_ms,
        officer,
        role,
        device_id,
        device_name,
        action,
        target,
        details,
        rows,
    }
}

impl Db {
    /// Every read made from `device_id`, oldest first.
    pub async fn reads_by_device(&self, device_id: &str) -> sqlx::Result<Vec<Read>> {
        let rows: Vec<ReadRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {READ_COLUMNS} FROM access_log a
             LEFT JOIN officers o ON o.id = a.officer_id
             LEFT JOIN devices d ON d.id = a.device_id
             WHERE a.device_id = $1 AND a.action IN ('pull', 'history', 'photo')
             ORDER BY a.id"
        )))
        .bind(device_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(read).collect())
    }

    /// The records whose data reached the device: those its pulls delivered, those whose
    /// history it opened, and those whose photos it downloaded.
    pub async fn records_read_by_device(&self, device_id: &str) -> sqlx::Result<Vec<ReadRecord>> {
        let mut ids = std::collections::BTreeSet::new();
        for entry in self.reads_by_device(device_id).await? {
            match entry.action.as_str() {
                "pull" => {
                    let Ok(range) = serde_json::from_str::<PulledRange>(&entry.details) else {
                        continue;
                    };
                    let (exact, below) = scope_params(&entry.target);
                    let sql = format!(
                        "SELECT DISTINCT record_id FROM change_log
                         WHERE seq > $1 AND seq <= $2 AND ({} OR {})",
                        in_scope("new_region", 3, 4),
                        in_scope("old_region", 3, 4)
                    );
                    let delivered: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                        .bind(range.from)
                        .bind(range.to)
                        .bind(exact)
                        .bind(below)
                        .fetch_all(&self.pool)
                        .await?;
                    ids.extend(delivered);
                }
                "history" => {
                    ids.insert(entry.target);
                }
                "photo" => {
                    ids.extend(self.records_with_photo(&entry.target).await?);
                }
                _ => {}
            }
        }
        let mut records = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(record) = self.labelled_record(&id).await? {
                records.push(record);
            }
        }
        records.sort();
        Ok(records)
    }

    /// Every read that reached the record `record_id`: the pulls whose range held one of
    /// its changes, views of its history, downloads of its photos; oldest first.
    pub async fn reads_of_record(&self, record_id: &str) -> sqlx::Result<Vec<Read>> {
        let changes: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT seq, new_region, old_region FROM change_log WHERE record_id = $1",
        )
        .bind(record_id)
        .fetch_all(&self.pool)
        .await?;
        let pulls: Vec<ReadRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {READ_COLUMNS} FROM access_log a
             LEFT JOIN officers o ON o.id = a.officer_id
             LEFT JOIN devices d ON d.id = a.device_id
             WHERE a.action = 'pull' ORDER BY a.id"
        )))
        .fetch_all(&self.pool)
        .await?;
        let covers =
            |scope: &str, region: &str| region == scope || region.starts_with(&format!("{scope}."));
        let mut reads: Vec<Read> = pulls
            .into_iter()
            .map(read)
            .filter(|pull| {
                let Ok(range) = serde_json::from_str::<PulledRange>(&pull.details) else {
                    return false;
                };
                changes.iter().any(|(seq, new, old)| {
                    *seq > range.from
                        && *seq <= range.to
                        && (covers(&pull.target, new)
                            || old.as_deref().is_some_and(|old| covers(&pull.target, old)))
                })
            })
            .collect();
        let photos: Vec<String> = self.photos_of_record(record_id).await?;
        let direct: Vec<ReadRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {READ_COLUMNS} FROM access_log a
             LEFT JOIN officers o ON o.id = a.officer_id
             LEFT JOIN devices d ON d.id = a.device_id
             WHERE (a.action = 'history' AND a.target = $1) OR a.action = 'photo'
             ORDER BY a.id"
        )))
        .bind(record_id)
        .fetch_all(&self.pool)
        .await?;
        reads.extend(
            direct
                .into_iter()
                .map(read)
                .filter(|r| r.action == "history" || photos.contains(&r.target)),
        );
        reads.sort_by_key(|r| r.at_ms);
        Ok(reads)
    }

    /// The ids of records that show the photo `sha256`.
    async fn records_with_photo(&self, sha256: &str) -> sqlx::Result<Vec<String>> {
        sqlx::query_scalar("SELECT id FROM records WHERE fields LIKE $1")
            .bind(format!("%\"{sha256}\"%"))
            .fetch_all(&self.pool)
            .await
    }

    /// Every write to the record `record_id`, as reads are listed: oldest first.
    pub async fn writes_of_record(&self, record_id: &str) -> sqlx::Result<Vec<Read>> {
        let rows: Vec<ReadRow> = sqlx::query_as(
            "SELECT c.received_at_ms, COALESCE(o.username, c.officer_id), o.role, c.device_id,
                    d.name, 'write', c.record_id, c.op_id, CAST(1 AS BIGINT)
             FROM change_log c
             LEFT JOIN officers o ON o.id = c.officer_id
             LEFT JOIN devices d ON d.id = c.device_id
             WHERE c.record_id = $1 ORDER BY c.seq",
        )
        .bind(record_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(read).collect())
    }

    /// The photos a record shows (`photo` and `photos`).
    async fn photos_of_record(&self, record_id: &str) -> sqlx::Result<Vec<String>> {
        Ok(self
            .record_fields(record_id)
            .await?
            .map(|(_, fields, _)| photos_shown(&fields))
            .unwrap_or_default())
    }

    /// A record's entity, current fields and whether it is deleted.
    pub async fn record_fields(
        &self,
        id: &str,
    ) -> sqlx::Result<Option<(String, serde_json::Value, bool)>> {
        let row: Option<(String, String, i64)> =
            sqlx::query_as("SELECT entity, fields, deleted FROM records WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(entity, fields, deleted)| {
            let fields = serde_json::from_str(&fields).map_err(super::decode_error)?;
            Ok((entity, fields, deleted != 0))
        })
        .transpose()
    }

    /// The findings that cite the foreign national `subject_id`, with their ids.
    pub async fn findings_citing(&self, subject_id: &str) -> sqlx::Result<Vec<serde_json::Value>> {
        let pattern = format!("%\"subject_id\":\"{subject_id}\"%");
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, fields FROM records WHERE entity = 'finding' AND fields LIKE $1 ORDER BY id",
        )
        .bind(pattern)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, fields)| {
                let fields: serde_json::Value =
                    serde_json::from_str(&fields).map_err(super::decode_error)?;
                Ok(serde_json::json!({"id": id, "fields": fields}))
            })
            .collect()
    }

    /// A record with the words that name it, if it exists.
    pub async fn labelled_record(&self, id: &str) -> sqlx::Result<Option<ReadRecord>> {
        Ok(self.record_fields(id).await?.map(|(entity, fields, _)| {
            let text = |name: &str| fields[name].as_str().unwrap_or_default().to_string();
            let label = match entity.as_str() {
                "subject" => format!(
                    "{} ({}, {})",
                    text("full_name"),
                    text("nationality"),
                    text("passport_number")
                ),
                "inspection" => text("place_name"),
                "meeting" => text("theme"),
                _ => String::new(),
            };
            ReadRecord {
                entity,
                id: id.to_string(),
                label,
            }
        }))
    }
}

/// The photos a record's fields show (`photos` and `photo`), each once.
pub fn photos_shown(fields: &serde_json::Value) -> Vec<String> {
    photos_in(fields.get("photos"), fields.get("photo"))
}

/// The photos named by the values of a record's `photos` and `photo` fields, each once.
pub fn photos_in(
    photos: Option<&serde_json::Value>,
    photo: Option<&serde_json::Value>,
) -> Vec<String> {
    let mut shown: Vec<String> = photos
        .and_then(|list| list.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    shown.extend(photo.and_then(|p| p.as_str()).map(str::to_string));
    shown.sort();
    shown.dedup();
    shown
}
