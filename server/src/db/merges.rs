//! The SQL of merging two records of one foreign national: the records that cite or
//! point to a record, and the log of merges an unmerge reads back.

use super::WriteTx;
use super::write::on_write_tx;

/// A merge not yet undone: what it moved to the survivor.
pub struct OpenMerge {
    pub survivor_id: String,
    pub moved_findings: Vec<String>,
    pub repointed: Vec<String>,
}

/// What a merge moved, as logged.
pub struct MergeEntry<'a> {
    pub merged_id: &'a str,
    pub survivor_id: &'a str,
    pub merged_by: &'a str,
    pub merged_at_ms: i64,
    pub moved_findings: &'a [String],
    pub repointed: &'a [String],
}

fn ids(json: &str) -> sqlx::Result<Vec<String>> {
    serde_json::from_str(json).map_err(super::decode_error)
}

fn json(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

impl WriteTx {
    /// The ids of the live records of `entity` whose field `field` holds `id`. Stored
    /// fields are compact JSON, so the pair reads the same on both engines.
    pub async fn live_records_citing(
        &mut self,
        entity: &str,
        field: &str,
        id: &str,
    ) -> sqlx::Result<Vec<String>> {
        let pattern = format!("%\"{field}\":\"{id}\"%");
        let rows: Vec<(String,)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as(
                "SELECT id FROM records
                 WHERE entity = $1 AND deleted = 0 AND fields LIKE $2 ORDER BY id",
            )
            .bind(entity)
            .bind(&pattern)
            .fetch_all(conn)
            .await?
        });
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The merge of `merged_id` not yet undone, if there is one.
    pub async fn open_merge(&mut self, merged_id: &str) -> sqlx::Result<Option<OpenMerge>> {
        let row: Option<(String, String, String)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as(
                "SELECT survivor_id, moved_findings, repointed FROM merges
                 WHERE merged_id = $1 AND unmerged_at_ms IS NULL",
            )
            .bind(merged_id)
            .fetch_optional(conn)
            .await?
        });
        row.map(|(survivor_id, moved, repointed)| {
            Ok(OpenMerge {
                survivor_id,
                moved_findings: ids(&moved)?,
                repointed: ids(&repointed)?,
            })
        })
        .transpose()
    }

    pub async fn log_merge(&mut self, entry: &MergeEntry<'_>) -> sqlx::Result<()> {
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "INSERT INTO merges (merged_id, survivor_id, merged_by, merged_at_ms,
                 moved_findings, repointed) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(entry.merged_id)
            .bind(entry.survivor_id)
            .bind(entry.merged_by)
            .bind(entry.merged_at_ms)
            .bind(json(entry.moved_findings))
            .bind(json(entry.repointed))
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// Marks the open merge of `merged_id` undone.
    pub async fn log_unmerge(
        &mut self,
        merged_id: &str,
        unmerged_by: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "UPDATE merges SET unmerged_by = $1, unmerged_at_ms = $2
                 WHERE merged_id = $3 AND unmerged_at_ms IS NULL",
            )
            .bind(unmerged_by)
            .bind(now_ms)
            .bind(merged_id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(())
    }
}
