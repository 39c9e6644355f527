//! Attachments: content-addressed bytes with the region of the team that uploaded them,
//! which decides who may read them.

use super::{Db, now_ms};
use crate::db::records::scope_params;

/// A stored attachment.
pub struct Attachment {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Db {
    /// Stores an attachment once; `false` when it was already there.
    pub async fn put_attachment(
        &self,
        sha256: &str,
        content_type: &str,
        bytes: &[u8],
        region_code: &str,
        uploaded_by: &str,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "INSERT INTO attachments (sha256, content_type, size, bytes, region_code, uploaded_by, uploaded_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(sha256)
        .bind(content_type)
        .bind(bytes.len() as i64)
        .bind(bytes.to_vec())
        .bind(region_code)
        .bind(uploaded_by)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// An attachment, whatever its region: for the administrator's exports.
    pub async fn attachment(&self, sha256: &str) -> sqlx::Result<Option<Attachment>> {
        let row: Option<(String, Vec<u8>)> =
            sqlx::query_as("SELECT content_type, bytes FROM attachments WHERE sha256 = $1")
                .bind(sha256)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(content_type, bytes)| Attachment {
            content_type,
            bytes,
        }))
    }

    /// A photo that a live record within `scope` shows.
    pub async fn attachment_in_scope(
        &self,
        sha256: &str,
        scope: &str,
    ) -> sqlx::Result<Option<Attachment>> {
        let (exact, below) = scope_params(scope);
        let row: Option<(String, Vec<u8>)> = sqlx::query_as(
            "SELECT content_type, bytes FROM attachments
             WHERE sha256 = $1 AND EXISTS (
                 SELECT 1 FROM photo_citations c
                 WHERE c.sha256 = $1 AND (c.region_code = $2 OR c.region_code LIKE $3))",
        )
        .bind(sha256)
        .bind(exact)
        .bind(below)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(content_type, bytes)| Attachment {
            content_type,
            bytes,
        }))
    }
}
