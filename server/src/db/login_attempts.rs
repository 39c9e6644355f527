//! Sign-in attempts per username and per client address, in the database.

use super::Db;

impl Db {
    /// Writes an attempt under each key and answers, per key, how many attempts stand
    /// within the window (this one included). Expired attempts are dropped first, so the
    /// table holds one window's worth at most.
    pub async fn begin_login_attempt(
        &self,
        keys: &[&str],
        now_ms: i64,
        window_ms: i64,
    ) -> sqlx::Result<(Vec<i64>, Vec<i64>)> {
        sqlx::query("DELETE FROM login_attempts WHERE at_ms <= $1")
            .bind(now_ms - window_ms)
            .execute(&self.pool)
            .await?;
        let mut ids = Vec::with_capacity(keys.len());
        let mut counts = Vec::with_capacity(keys.len());
        for key in keys {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO login_attempts (key, at_ms) VALUES ($1, $2) RETURNING id",
            )
            .bind(*key)
            .bind(now_ms)
            .fetch_one(&self.pool)
            .await?;
            ids.push(id);
        }
        for key in keys {
            let (count,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM login_attempts WHERE key = $1 AND at_ms > $2")
                    .bind(*key)
                    .bind(now_ms - window_ms)
                    .fetch_one(&self.pool)
                    .await?;
            counts.push(count);
        }
        Ok((ids, counts))
    }

    /// Removes attempts that did not count against anyone: a success, or one refused
    /// before its password was checked.
    pub async fn forget_login_attempts(&self, ids: &[i64]) -> sqlx::Result<()> {
        for id in ids {
            sqlx::query("DELETE FROM login_attempts WHERE id = $1")
                .bind(*id)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// When the oldest attempt under `key` within the window was made.
    pub async fn oldest_login_attempt(
        &self,
        key: &str,
        now_ms: i64,
        window_ms: i64,
    ) -> sqlx::Result<Option<i64>> {
        let (oldest,): (Option<i64>,) =
            sqlx::query_as("SELECT MIN(at_ms) FROM login_attempts WHERE key = $1 AND at_ms > $2")
                .bind(key)
                .bind(now_ms - window_ms)
                .fetch_one(&self.pool)
                .await?;
        Ok(oldest)
    }
}
