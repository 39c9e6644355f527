//! All SQL lives below this module. One [`Db`] handle speaks to SQLite (the embedded
//! default) or PostgreSQL. Most queries go through sqlx's `Any` driver, the same text on
//! both engines: numbered parameters, integers for booleans, milliseconds for times.
//! Two paths use each engine's own driver instead: write transactions run on one
//! dedicated connection ([`write`]), and on SQLite pull pages are read through a small
//! pool of read-only connections (`Db::page_reader`).

pub mod admin;
pub mod amendments;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod case_review;
pub mod code_tables;
pub mod duplicates;
pub mod elections;
pub mod export;
pub mod field_operations;
pub mod login_attempts;
pub mod merges;
pub mod officers;
pub mod operations;
pub mod overstay_rules;
mod pull_cursors;
pub mod records;
pub mod retention;
pub mod review;
pub mod sessions;
pub mod signed_log;
pub mod stat_counts;
pub mod stat_units;
pub mod stats;
pub mod teams;
pub mod voter_list;
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
    /// Where the server keeps its files: the SQLite database, backups.
    data_dir: std::path::PathBuf,
    /// The epoch the data was in when it was opened (see `operations::server_epoch`).
    epoch: uuid::Uuid,
    /// Held by whoever brings the office's counted units up to date, one at a time.
    counting: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// The key that signs the signed-record log's receipts.
    log_key: std::sync::Arc<crate::signed_log::LogKey>,
}

/// A PostgreSQL URL on this machine that names no `sslmode` gets `sslmode=disable`.
///
/// sqlx otherwise prefers TLS, and over TLS its pipelined statements stall on each
/// round trip (measured here: pushes 50 times slower, 600 instead of 28,000 mutations a
/// second) while encrypting loopback traffic protects nothing. A server on another machine
/// keeps whatever the URL says, TLS included; `docs/operations.md` says what it costs.
pub fn plain_on_loopback(url: &str) -> String {
    let Some((_, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, query) = match rest.split_once('?') {
        Some((before, query)) => (before.split('/').next().unwrap_or_default(), Some(query)),
        None => (rest.split('/').next().unwrap_or_default(), None),
    };
    if query.is_some_and(|q| q.split('&').any(|pair| pair.starts_with("sslmode="))) {
        return url.to_string();
    }
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    // No host is the local Unix socket.
    if !matches!(host, "" | "localhost" | "127.0.0.1" | "::1") {
        return url.to_string();
    }
    let separator = if query.is_some() { '&' } else { '?' };
    format!("{url}{separator}sslmode=disable")
}

impl Db {
    /// Opens `database_url`, or a SQLite file in `data_dir` when there is none, and brings
    /// the schema up to date.
    pub async fn open(database_url: Option<&str>, data_dir: &Path) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let mut url = match database_url {
            Some(url) => url.to_string(),
            None => {
                std::fs::create_dir_all(data_dir).with_context(|| {
                    format!("cannot create the data directory {}", data_dir.display())
                })?;
                format!("sqlite://{}?mode=rwc", data_dir.join("pantau.db").display())
            }
        };
        let backend = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            url = plain_on_loopback(&url);
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
                        conn.execute(SQLITE_CONNECTION_PRAGMAS).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("cannot connect to the database")?;
        match backend {
            Backend::Sqlite => {
                pool.execute("PRAGMA journal_mode = WAL").await?;
                keep_checkpointing(pool.clone());
            }
            Backend::Postgres => warn_if_commits_may_be_lost(&pool).await?,
        }
        let writes = WriteConnection::open(&url, backend).await?;
        let page_reader = match backend {
            Backend::Sqlite => Some(page_reader(&url)?),
            Backend::Postgres => None,
        };
        let log_key =
            crate::signed_log::LogKey::load_or_create(&data_dir.join(crate::signed_log::KEY_FILE))?;
        let mut db = Db {
            log_key: std::sync::Arc::new(log_key),
            page_reader,
            data_dir: data_dir.to_path_buf(),
            epoch: uuid::Uuid::nil(),
            counting: Default::default(),
            cursors: pull_cursors::CursorWriter::start(writes.clone()),
            pool,
            backend,
            writes,
        };
        db.migrate().await?;
        db.epoch = db.server_epoch().await?;
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
        let mut tx = self.writes.begin().await?;
        tx.log_key = Some(std::sync::Arc::clone(&self.log_key));
        Ok(tx)
    }

    /// The key that signs the signed-record log's receipts.
    pub fn log_key(&self) -> &crate::signed_log::LogKey {
        &self.log_key
    }

    /// Bytes free for the server on the data directory's disk, when that can be read.
    pub fn free_space(&self) -> Option<u64> {
        fs4::available_space(&self.data_dir).ok()
    }

    /// The newest schema migration applied to the database.
    pub async fn schema_version(&self) -> sqlx::Result<i64> {
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// The settings that decide whether an acknowledged write survives a power cut, as
    /// the live connections have them: the write connection and one of the shared pool's.
    pub async fn durability(&self) -> sqlx::Result<Durability> {
        let (commit_sql, log_limit_sql) = match self.backend {
            Backend::Sqlite => ("PRAGMA synchronous", Some("PRAGMA journal_size_limit")),
            Backend::Postgres => ("SHOW synchronous_commit", None),
        };
        let shared_commit = match self.backend {
            Backend::Sqlite => sqlx::query_scalar::<_, i64>(commit_sql)
                .fetch_one(&self.pool)
                .await?
                .to_string(),
            Backend::Postgres => {
                sqlx::query_scalar::<_, String>(commit_sql)
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        let mut log_size_limits = Vec::new();
        if let Some(sql) = log_limit_sql {
            log_size_limits.push(self.writes.setting(sql).await?);
            let shared: i64 = sqlx::query_scalar(sql).fetch_one(&self.pool).await?;
            log_size_limits.push(shared.to_string());
        }
        Ok(Durability {
            commit_setting: commit_sql.rsplit(' ').next().unwrap_or(commit_sql),
            write_connection: self.writes.setting(commit_sql).await?,
            shared_connection: shared_commit,
            log_size_limits,
        })
    }

    pub async fn setting_i64(&self, key: &str) -> sqlx::Result<Option<i64>> {
        Ok(self.setting_text(key).await?.and_then(|v| v.parse().ok()))
    }

    pub async fn setting_text(&self, key: &str) -> sqlx::Result<Option<String>> {
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
    }
}

/// Every SQLite connection's settings. Commits wait for the disk (`synchronous = FULL`):
/// a tablet drops a write from its outbox once the server says `applied`, so an
/// acknowledged commit must survive a power cut, not only a crash. Checkpoints run beside
/// requests (see `keep_checkpointing`), not inside whichever commit fills the log, and the
/// log is cut back to `WAL_SIZE_LIMIT` bytes whenever it starts over.
const SQLITE_CONNECTION_PRAGMAS: &str = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
     PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0; \
     PRAGMA journal_size_limit = 67108864;";

/// The size SQLite's write-ahead log is cut back to when it starts over (64 MiB).
pub const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// PostgreSQL settings under which an acknowledged commit can vanish on a power cut.
async fn warn_if_commits_may_be_lost(pool: &AnyPool) -> anyhow::Result<()> {
    for setting in ["synchronous_commit", "fsync"] {
        let value: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SHOW {setting}")))
            .fetch_one(pool)
            .await
            .with_context(|| format!("cannot read PostgreSQL's {setting}"))?;
        if value == "off" {
            tracing::warn!(
                setting,
                "PostgreSQL runs with {setting} = off: writes the tablets were told are saved \
                 can be lost on a power cut; set it to on"
            );
        }
    }
    Ok(())
}

/// What [`Db::durability`] found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Durability {
    /// `synchronous` (SQLite, where 2 is FULL) or `synchronous_commit` (PostgreSQL).
    pub commit_setting: &'static str,
    pub write_connection: String,
    pub shared_connection: String,
    /// SQLite's `journal_size_limit` on the write and a shared connection, in bytes.
    pub log_size_limits: Vec<String>,
}

impl Durability {
    /// Whether every connection waits for the disk before it acknowledges a commit.
    pub fn commits_survive_power_loss(&self) -> bool {
        let durable = |value: &str| {
            matches!(
                value,
                "2" | "3" | "on" | "local" | "remote_write" | "remote_apply"
            )
        };
        durable(&self.write_connection) && durable(&self.shared_connection)
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

/// How many checkpoints in a row must find no new writes before the log is emptied.
const QUIET_CHECKPOINTS_BEFORE_TRUNCATE: u32 = 4;

/// Copies SQLite's write-ahead log into the database file in the background, so that no
/// request pays for it; a passive checkpoint never blocks readers or the writer. Once
/// writes have paused for a while the log file is emptied, so that a burst of pushes does
/// not leave it at its largest for good.
fn keep_checkpointing(pool: AnyPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let (mut last_log_frames, mut quiet) = (0_i64, 0_u32);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                return;
            }
            let (log_frames, copied_frames) = match passive_checkpoint(&pool).await {
                Ok(frames) => frames,
                Err(error) => {
                    tracing::warn!(%error, "checkpointing the write-ahead log failed");
                    continue;
                }
            };
            let settled = log_frames > 0 && copied_frames == log_frames;
            quiet = if settled && log_frames == last_log_frames {
                quiet + 1
            } else {
                0
            };
            last_log_frames = log_frames;
            if quiet >= QUIET_CHECKPOINTS_BEFORE_TRUNCATE {
                quiet = 0;
                if let Err(error) = truncate_write_ahead_log(&pool).await {
                    tracing::warn!(%error, "emptying the write-ahead log failed");
                }
            }
        }
    });
}

/// Runs a passive checkpoint; returns the frames in the log and how many are copied.
async fn passive_checkpoint(pool: &AnyPool) -> sqlx::Result<(i64, i64)> {
    let (_busy, log_frames, copied_frames): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(pool)
            .await?;
    Ok((log_frames, copied_frames))
}

/// Empties the write-ahead log file. This holds SQLite's write lock while it waits for
/// readers, so it waits only briefly: a reader still busy means another try later.
async fn truncate_write_ahead_log(pool: &AnyPool) -> sqlx::Result<()> {
    let mut conn = pool.acquire().await?;
    conn.execute("PRAGMA busy_timeout = 200").await?;
    let result = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await;
    conn.execute("PRAGMA busy_timeout = 10000").await?;
    result.map(|_| ())
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

#[cfg(test)]
mod loopback_tests {
    use super::plain_on_loopback;

    #[test]
    fn only_a_loopback_url_without_sslmode_goes_without_tls() {
        for (url, expected) in [
            (
                "postgres://postgres@127.0.0.1:5432/pantau",
                "postgres://postgres@127.0.0.1:5432/pantau?sslmode=disable",
            ),
            (
                "postgresql://u:p@localhost/pantau?application_name=x",
                "postgresql://u:p@localhost/pantau?application_name=x&sslmode=disable",
            ),
            (
                "postgres://[::1]:5432/db",
                "postgres://[::1]:5432/db?sslmode=disable",
            ),
            ("postgres:///pantau", "postgres:///pantau?sslmode=disable"),
            (
                "postgres://127.0.0.1/db?sslmode=require",
                "postgres://127.0.0.1/db?sslmode=require",
            ),
            (
                "postgres://db.kanwil.example:5432/pantau",
                "postgres://db.kanwil.example:5432/pantau",
            ),
            ("postgres://10.0.0.5/pantau", "postgres://10.0.0.5/pantau"),
        ] {
            assert_eq!(plain_on_loopback(url), expected, "{url}");
        }
    }
}
