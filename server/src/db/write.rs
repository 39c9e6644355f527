//! Write transactions, on each engine's own sqlx driver rather than `Any`: a push binds
//! thousands of values per batch, and `Any` copies every one of them once more on its
//! way to the engine's driver.

use super::Backend;
use anyhow::Context;
use sqlx::Executor;
use sqlx::pool::PoolOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// The one connection every write transaction runs on, one transaction at a time.
/// SQLite has one writer anyway, and a push must assign and commit its change sequence
/// numbers in order (see `records`). Keeping to one connection also keeps its prepared
/// statements and page cache warm from one push to the next.
#[derive(Clone)]
pub(super) struct WriteConnection {
    /// A pool of exactly one connection, which replaces it should it break.
    pool: EnginePool,
    /// Queues writers in the order they came, however long they wait.
    lock: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Clone)]
enum EnginePool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// An open write transaction; hold it for as short as possible.
pub struct WriteTx {
    pub(super) tx: EngineTx,
    pub backend: Backend,
    /// Signs receipts for the signed records this write appends to the log.
    pub log_key: Option<Arc<crate::signed_log::LogKey>>,
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

pub(super) enum EngineTx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// A statement with its values bound for the write connection's engine.
pub enum Statement {
    Sqlite(sqlx::query::Query<'static, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>),
    Postgres(sqlx::query::Query<'static, sqlx::Postgres, sqlx::postgres::PgArguments>),
}

/// Runs `$body` with `$conn` bound to the write transaction's connection, on whichever
/// engine it is: the same query text, built and bound for each engine's own driver.
macro_rules! on_write_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match &mut $tx {
            $crate::db::write::EngineTx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::write::EngineTx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(super) use on_write_tx;

/// Builds a [`Statement`] for `$backend`: `$bind` binds values to `$query`, a mutable
/// query of `$sql` for that engine's driver, and yields it.
macro_rules! statement_for {
    ($backend:expr, $sql:expr, |$query:ident| $bind:expr) => {
        match $backend {
            $crate::db::Backend::Sqlite => {
                let mut $query = sqlx::query::<sqlx::Sqlite>(sqlx::AssertSqlSafe($sql));
                $crate::db::write::Statement::Sqlite($bind)
            }
            $crate::db::Backend::Postgres => {
                let mut $query = sqlx::query::<sqlx::Postgres>(sqlx::AssertSqlSafe($sql));
                $crate::db::write::Statement::Postgres($bind)
            }
        }
    };
}
pub(super) use statement_for;

impl WriteConnection {
    /// Opens the write connection to `url`, configured as the shared pool's connections
    /// are (see `Db::open`).
    pub(super) async fn open(url: &str, backend: Backend) -> anyhow::Result<Self> {
        let pool = match backend {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .context("invalid database URL")?
                    .journal_mode(SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    // As `SQLITE_CONNECTION_PRAGMAS` says, and why.
                    .synchronous(SqliteSynchronous::Full)
                    .pragma("wal_autocheckpoint", "0")
                    .pragma("journal_size_limit", super::WAL_SIZE_LIMIT.to_string());
                EnginePool::Sqlite(
                    one_connection()
                        .connect_with(options)
                        .await
                        .context("cannot connect to the database")?,
                )
            }
            Backend::Postgres => {
                let options = PgConnectOptions::from_str(url).context("invalid database URL")?;
                EnginePool::Postgres(
                    one_connection()
                        .connect_with(options)
                        .await
                        .context("cannot connect to the database")?,
                )
            }
        };
        Ok(WriteConnection {
            pool,
            lock: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Starts a write transaction once every writer before it has finished.
    pub(super) async fn begin(&self) -> sqlx::Result<WriteTx> {
        let guard = self.lock.clone().lock_owned().await;
        let (tx, backend) = match &self.pool {
            // IMMEDIATE takes SQLite's write lock now instead of failing to upgrade later.
            EnginePool::Sqlite(pool) => (
                EngineTx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
                Backend::Sqlite,
            ),
            EnginePool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                // Other server processes on the same database wait here too, so change
                // sequence numbers commit in the order they were taken.
                tx.execute("SELECT pg_advisory_xact_lock(7262836)").await?;
                (EngineTx::Postgres(tx), Backend::Postgres)
            }
        };
        Ok(WriteTx {
            tx,
            backend,
            log_key: None,
            _guard: guard,
        })
    }
}

impl WriteConnection {
    /// One setting as the write connection has it, e.g. `PRAGMA synchronous`.
    pub(super) async fn setting(&self, sql: &'static str) -> sqlx::Result<String> {
        let _guard = self.lock.lock().await;
        match &self.pool {
            EnginePool::Sqlite(pool) => sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(pool)
                .await
                .map(|value| value.to_string()),
            EnginePool::Postgres(pool) => {
                sqlx::query_scalar::<_, String>(sql).fetch_one(pool).await
            }
        }
    }
}

/// A pool that keeps exactly one connection open for good.
fn one_connection<DB: sqlx::Database>() -> PoolOptions<DB> {
    PoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .acquire_timeout(Duration::from_secs(30))
}

impl WriteTx {
    /// Runs one statement built for this transaction's engine.
    pub async fn execute(&mut self, statement: Statement) -> sqlx::Result<()> {
        match (&mut self.tx, statement) {
            (EngineTx::Sqlite(tx), Statement::Sqlite(query)) => {
                query.execute(&mut **tx).await?;
            }
            (EngineTx::Postgres(tx), Statement::Postgres(query)) => {
                query.execute(&mut **tx).await?;
            }
            _ => {
                return Err(sqlx::Error::Protocol(
                    "a statement was built for the other database engine".into(),
                ));
            }
        }
        Ok(())
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        match self.tx {
            EngineTx::Sqlite(tx) => tx.commit().await,
            EngineTx::Postgres(tx) => tx.commit().await,
        }
    }
}
