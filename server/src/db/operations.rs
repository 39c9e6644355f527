//! What an operator watches: devices and teams by their last contact, the size of the
//! database, and when the last backup was written.

use super::{Backend, Db};

/// The `settings` key holding when the last backup was written (Unix milliseconds).
const LAST_BACKUP_KEY: &str = "last_backup_at_ms";

/// The database's size on disk, in bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct StorageSize {
    pub database_bytes: u64,
    /// SQLite's write-ahead log; none on PostgreSQL.
    pub log_bytes: Option<u64>,
}

impl Db {
    /// Devices that reached the server since `since_ms`.
    pub async fn devices_seen_since(&self, since_ms: i64) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM devices WHERE last_seen_ms >= $1 AND revoked = 0")
            .bind(since_ms)
            .fetch_one(&self.pool)
            .await
    }

    /// Each team with the last time any of its devices synced, if ever.
    pub async fn last_sync_by_team(&self) -> sqlx::Result<Vec<(String, Option<i64>)>> {
        sqlx::query_as(
            "SELECT t.id, MAX(d.last_seen_ms) FROM teams t
             LEFT JOIN officers o ON o.team_id = t.id
             LEFT JOIN devices d ON d.officer_id = o.id
             GROUP BY t.id ORDER BY t.id",
        )
        .fetch_all(&self.pool)
        .await
    }

    pub async fn storage_size(&self) -> sqlx::Result<StorageSize> {
        match self.backend {
            Backend::Sqlite => {
                let file_size =
                    |name: &str| std::fs::metadata(self.data_dir.join(name)).map_or(0, |m| m.len());
                Ok(StorageSize {
                    database_bytes: file_size("pantau.db"),
                    log_bytes: Some(file_size("pantau.db-wal")),
                })
            }
            Backend::Postgres => {
                let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
                    .fetch_one(&self.pool)
                    .await?;
                Ok(StorageSize {
                    database_bytes: bytes.max(0) as u64,
                    log_bytes: None,
                })
            }
        }
    }

    /// Notes that a backup was written at `at_ms`.
    pub async fn record_backup(&self, at_ms: i64) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(LAST_BACKUP_KEY)
        .bind(at_ms.to_string())
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// When the last backup was written, if one ever was.
    pub async fn last_backup_ms(&self) -> sqlx::Result<Option<i64>> {
        self.setting_i64(LAST_BACKUP_KEY).await
    }
}
