//! The SQL of duplicate review: the foreign nationals of a region, and the pairs found to
//! be different people.

use super::Db;
use super::records::{in_scope, scope_params};
use std::collections::HashSet;

/// A live foreign national's record as stored.
pub struct StoredSubject {
    pub id: String,
    pub fields: String,
}

impl Db {
    /// The live (not deleted) foreign nationals within `scope`.
    pub async fn subjects_in_scope(&self, scope: &str) -> sqlx::Result<Vec<StoredSubject>> {
        let (exact, below) = scope_params(scope);
        let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, fields FROM records
             WHERE entity = 'subject' AND deleted = 0 AND {} ORDER BY id",
            in_scope("region_code", 1, 2)
        )))
        .bind(exact)
        .bind(below)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, fields)| StoredSubject { id, fields })
            .collect())
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
