//! The SQL of backups: a consistent copy of a live SQLite database, and reading what a
//! backup file holds before anything is restored from it.

use super::{Backend, Db};
use anyhow::{Context, bail};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

/// What a backup file holds, read before it is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFacts {
    /// The newest schema migration the backup was made with.
    pub schema_version: i64,
    pub records: i64,
    pub attachments: i64,
}

/// The migrations this build knows, for SQLite.
fn sqlite_migrator() -> sqlx::migrate::Migrator {
    sqlx::migrate!("migrations/sqlite")
}

impl Db {
    /// Writes a consistent copy of the whole SQLite database, attachments included, to
    /// `empty_file`, which must exist and be empty. Writers go on meanwhile: the copy is
    /// one read transaction's snapshot.
    pub async fn copy_into(&self, empty_file: &Path) -> anyhow::Result<()> {
        if self.backend != Backend::Sqlite {
            bail!("backups of a PostgreSQL system are made with pg_dump (see docs/operations.md)");
        }
        let target = empty_file
            .to_str()
            .context("the backup path is not valid UTF-8")?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await
            .with_context(|| format!("cannot write the backup to {}", empty_file.display()))?;
        Ok(())
    }
}

/// Reads a backup file without changing it: refuses one that is not a SQLite database, is
/// not Pantau's, is damaged, or was made by a newer or different build of Pantau.
pub async fn inspect_backup(file: &Path) -> anyhow::Result<BackupFacts> {
    let named = || file.display().to_string();
    let mut header = [0_u8; 16];
    {
        use std::io::Read;
        let mut opened =
            std::fs::File::open(file).with_context(|| format!("cannot read {}", named()))?;
        if opened.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
            bail!(
                "{} is not a Pantau backup: it is not a SQLite database",
                named()
            );
        }
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .with_context(|| format!("cannot open {}", named()))?;
    let check: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is damaged", named()))?;
    if check != "ok" {
        bail!("{} is damaged: {check}", named());
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'records', 'change_log', 'attachments')",
    )
    .fetch_all(&mut conn)
    .await?;
    if tables.len() != 4 {
        bail!(
            "{} is not a Pantau backup: it lacks Pantau's tables",
            named()
        );
    }
    let applied: Vec<(i64, Vec<u8>)> = sqlx::query_as(
        "SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version",
    )
    .fetch_all(&mut conn)
    .await?;
    let migrator = sqlite_migrator();
    for (version, checksum) in &applied {
        match migrator.iter().find(|m| m.version == *version) {
            None => bail!(
                "{} was made by a newer version of Pantau (schema {version}); restore it with that version",
                named()
            ),
            Some(known) if known.checksum.as_ref() != checksum.as_slice() => bail!(
                "{} was made by a different build of Pantau (schema {version} differs)",
                named()
            ),
            Some(_) => {}
        }
    }
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records")
        .fetch_one(&mut conn)
        .await?;
    let attachments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await.ok();
    Ok(BackupFacts {
        schema_version: applied.last().map(|(v, _)| *v).unwrap_or(0),
        records,
        attachments,
    })
}
