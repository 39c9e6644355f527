//! What an operator watches: devices and teams by their last contact, the size of the
//! database, and when the last backup was written.

use super::write::on_write_tx;
use super::{Backend, Db, WriteTx};
use pantau_shared::device::KEEP_ACKNOWLEDGED_MS;

/// The `settings` key holding when the last backup was written (Unix milliseconds).
const LAST_BACKUP_KEY: &str = "last_backup_at_ms";
/// The `settings` key holding the change sequence number every backup since holds.
const BACKED_UP_SEQ_KEY: &str = "backed_up_seq";
/// The `settings` key holding the server's epoch: a UUID that changes with each restore,
/// so that tablets notice a server that went back in time and send again what it lost.
const EPOCH_KEY: &str = "server_epoch";
/// The `settings` key holding the epochs a restore replaced, as JSON [`ReplacedEpoch`]s.
const REPLACED_EPOCHS_KEY: &str = "replaced_epochs";

/// An epoch a restore ended, and when.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ReplacedEpoch {
    epoch: uuid::Uuid,
    replaced_at_ms: i64,
}

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

    /// Notes that a backup holding every change up to `holds_seq` was written at `at_ms`.
    pub async fn record_backup(&self, at_ms: i64, holds_seq: i64) -> sqlx::Result<()> {
        self.put_setting(LAST_BACKUP_KEY, &at_ms.to_string())
            .await?;
        self.put_setting(BACKED_UP_SEQ_KEY, &holds_seq.to_string())
            .await
    }

    /// Every change up to this sequence number is in the last backup.
    pub async fn backed_up_seq(&self) -> sqlx::Result<Option<i64>> {
        self.setting_i64(BACKED_UP_SEQ_KEY).await
    }

    /// The newest change's sequence number (0 when there is none).
    pub async fn last_change_seq(&self) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM change_log")
            .fetch_one(&self.pool)
            .await
    }

    /// The epoch the data was in when this handle opened it.
    pub fn epoch(&self) -> uuid::Uuid {
        self.epoch
    }

    /// The stored epoch, made on first use.
    pub(super) async fn server_epoch(&self) -> sqlx::Result<uuid::Uuid> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(EPOCH_KEY)
        .bind(uuid::Uuid::new_v4().to_string())
        .execute(&self.pool)
        .await?;
        let stored: String = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(EPOCH_KEY)
            .fetch_one(&self.pool)
            .await?;
        uuid::Uuid::parse_str(&stored).map_err(super::decode_error)
    }

    /// Starts a new epoch, after the data was restored from a backup. Servers on the data
    /// pick it up when they start. The epoch replaced is remembered with when, so that a
    /// write a tablet sends again saying that epoch took it is believed (see
    /// [`WriteTx::replaced_epochs`]).
    pub async fn renew_epoch(&self, now_ms: i64) -> sqlx::Result<uuid::Uuid> {
        let replaced = self.server_epoch().await?;
        let mut history: Vec<ReplacedEpoch> = self
            .setting_text(REPLACED_EPOCHS_KEY)
            .await?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        history.push(ReplacedEpoch {
            epoch: replaced,
            replaced_at_ms: now_ms,
        });
        let history = serde_json::to_string(&history).map_err(super::decode_error)?;
        let epoch = uuid::Uuid::new_v4();
        let mut tx = self.pool.begin().await?;
        for (key, value) in [
            (REPLACED_EPOCHS_KEY, history),
            (EPOCH_KEY, epoch.to_string()),
        ] {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(epoch)
    }

    pub(crate) async fn put_setting(&self, key: &str, value: &str) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .map(|_| ())
    }

    /// Keeps several settings in one write transaction: all of them, or none.
    pub(crate) async fn put_settings(&self, pairs: &[(&str, String)]) -> sqlx::Result<()> {
        let mut tx = self.begin_write().await?;
        for (key, value) in pairs {
            on_write_tx!(tx.tx, |conn| {
                sqlx::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(*key)
                .bind(value.as_str())
                .execute(conn)
                .await?
                .rows_affected()
            });
        }
        tx.commit().await
    }

    /// When the last backup was written, if one ever was.
    pub async fn last_backup_ms(&self) -> sqlx::Result<Option<i64>> {
        self.setting_i64(LAST_BACKUP_KEY).await
    }
}

impl WriteTx {
    /// The epochs a restore replaced less than [`KEEP_ACKNOWLEDGED_MS`] before `now_ms`:
    /// a tablet sends again, naming the epoch that took them, only writes it still keeps,
    /// and it keeps none longer. Past that, such a claim is not believed.
    pub async fn replaced_epochs(&mut self, now_ms: i64) -> sqlx::Result<Vec<uuid::Uuid>> {
        let value: Option<(String,)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT value FROM settings WHERE key = $1")
                .bind(REPLACED_EPOCHS_KEY)
                .fetch_optional(conn)
                .await?
        });
        let history: Vec<ReplacedEpoch> = value
            .and_then(|(text,)| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let keep_ms = i64::try_from(KEEP_ACKNOWLEDGED_MS).unwrap_or(i64::MAX);
        Ok(history
            .into_iter()
            .filter(|replaced| now_ms.saturating_sub(replaced.replaced_at_ms) < keep_ms)
            .map(|replaced| replaced.epoch)
            .collect())
    }
}
