//! All SQL lives below this module. One [`Db`] handle speaks to SQLite (the embedded
//! default) or PostgreSQL. Most queries go through sqlx's `Any` driver, the same text on
//! both engines: numbered parameters, integers for booleans, milliseconds for times.
//! Two paths use each engine's own driver instead: write transactions run on one
//! dedicated connection ([`write`]), and on SQLite pull pages are read through a small
//! pool of read-only connections (`Db::page_reader`).

pub mod admin;
pub mod attachments;
pub mod export;
pub mod login_attempts;
pub mod officers;
mod pull_cursors;
pub mod records;
pub mod review;
pub mod sessions;
pub mod stats;
pub mod teams;
mod write;

use write::WriteConnection;
pub use write::{Statement, WriteTx};

use anyhow::Context;
use pantau_shared::sync::wire::MAX_PULL_LIMIT;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Which engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database handle shared by all requests.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    writes: WriteConnection,
    cursors: pull_cursors::CursorWriter,
    /// On SQLite, read-only connections through sqlx's own SQLite driver for pull pages:
    /// thousands of rows at a time, which `Any` would copy once more each and hand over
    /// a few dozen at a time.
    page_reader: Option<sqlx::SqlitePool>,
}

impl Db {
    /// Opens `database_url`, or a SQLite file in `data_dir` when there is none, and brings
    /// the schema up to date.
    pub async fn open(database_url: Option<&str>, data_dir: &Path) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let url = match database_url {
            Some(url) => url.to_string(),
            None => {
                std::fs::create_dir_all(data_dir).with_context(|| {
                    format!("cannot create the data directory {}", data_dir.display())
                })?;
                format!("sqlite://{}?mode=rwc", data_dir.join("pantau.db").display())
            }
        };
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            anyhow::bail!("unsupported database URL (use sqlite:// or postgres://)");
        };
        let options = AnyConnectOptions::from_str(&url).context("invalid database URL")?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Checkpoints run beside requests (see `keep_checkpointing`), not
                        // inside whichever commit happens to fill the log.
                        conn.execute("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("cannot connect to the database")?;
        if backend == Backend::Sqlite {
            pool.execute("PRAGMA journal_mode = WAL").await?;
            keep_checkpointing(pool.clone());
        }
        let writes = WriteConnection::open(&url, backend).await?;
        let page_reader = match backend {
            Backend::Sqlite => Some(page_reader(&url)?),
            Backend::Postgres => None,
        };
        let db = Db {
            page_reader,
            cursors: pull_cursors::CursorWriter::start(writes.clone()),
            pool,
            backend,
            writes,
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("migrations/postgres"),
        };
        migrator
            .run(&self.pool)
            .await
            .context("database migration failed")?;
        Ok(())
    }

    /// Starts a write transaction that no other writer interleaves with.
    pub async fn begin_write(&self) -> sqlx::Result<WriteTx> {
        self.writes.begin().await
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn setting_i64(&self, key: &str) -> sqlx::Result<Option<i64>> {
        let value: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(value.and_then(|(v,)| v.parse().ok()))
    }
}

/// Read-only connections to the SQLite file at `url` that hand a whole pull page over at
/// once (see `Db::page_reader`).
fn page_reader(url: &str) -> anyhow::Result<sqlx::SqlitePool> {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
        .context("invalid database URL")?
        .read_only(true)
        .busy_timeout(Duration::from_secs(10))
        .row_buffer_size(MAX_PULL_LIMIT as usize);
    Ok(sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_timeout(Duration::from_secs(30))
        .connect_lazy_with(options))
}

/// How often SQLite's write-ahead log is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Copies SQLite's write-ahead log into the database file in the background, so that no
/// request pays for it; a passive checkpoint never blocks readers or the writer.
fn keep_checkpointing(pool: AnyPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                return;
            }
            if let Err(error) = pool.execute("PRAGMA wal_checkpoint(PASSIVE)").await {
                tracing::warn!(%error, "checkpointing the write-ahead log failed");
            }
        }
    });
}

/// A stored value that could not be read back: a broken invariant, never bad input.
pub fn decode_error(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> sqlx::Error {
    sqlx::Error::Decode(error.into())
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp_nanos() as i64 / 1_000_000
}

/// Whether a database error is a unique-key violation (the one place that decides).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}
