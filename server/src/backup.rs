//! Backups of a SQLite system: `pantau backup`, the scheduled backups of `pantau serve`,
//! and `pantau restore` into an empty data directory. A backup is one SQLite file, the
//! attachments inside it; it appears under its name only once it is complete.

use crate::db::Db;
use crate::db::backup::{BackupFacts, inspect_backup};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The SQLite database's file name in the data directory.
pub const DATABASE_FILE: &str = "pantau.db";

/// Writes a consistent backup of the running system to `out` and checks it can be
/// restored. On any failure nothing is left at `out`, and what was there stays.
pub async fn write_backup(db: &Db, out: &Path) -> anyhow::Result<BackupFacts> {
    let directory = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if out.is_dir() {
        bail!("{} is a directory; name the backup file", out.display());
    }
    // Taken before the copy starts, so the copy holds at least every change up to it.
    let holds_seq = db.last_change_seq().await?;
    // Written beside its final name, then renamed: a file under that name is complete.
    let partial = tempfile::Builder::new()
        .prefix(".pantau-backup-")
        .suffix(".partial")
        .tempfile_in(directory)
        .with_context(|| format!("cannot write the backup to {}", out.display()))?;
    db.copy_into(partial.path()).await?;
    partial
        .as_file()
        .sync_all()
        .with_context(|| format!("cannot write the backup to {}", out.display()))?;
    let facts = inspect_backup(partial.path()).await?;
    partial
        .persist(out)
        .with_context(|| format!("cannot write the backup to {}", out.display()))?;
    sync_directory(directory);
    if let Err(error) = db.record_backup(crate::db::now_ms(), holds_seq).await {
        tracing::warn!(%error, "the backup is written but its time could not be noted");
    }
    Ok(facts)
}

/// Makes a rename in `directory` survive a power cut, where the platform allows it.
fn sync_directory(directory: &Path) {
    if let Ok(handle) = std::fs::File::open(directory) {
        let _ = handle.sync_all();
    }
}

/// Restores the backup `from` into `data_dir`. Refuses a data directory that holds a
/// database unless `replace` is set, and refuses a file that is not a restorable backup
/// before anything is touched. The server must not be running on `data_dir`.
pub async fn restore(data_dir: &Path, from: &Path, replace: bool) -> anyhow::Result<BackupFacts> {
    let target = data_dir.join(DATABASE_FILE);
    if target.exists() && !replace {
        bail!(
            "{} already holds a Pantau database; restoring would replace it. Stop the server, \
             back the database up, and add --force to replace it",
            data_dir.display()
        );
    }
    let facts = inspect_backup(from).await?;
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let mut incoming = tempfile::Builder::new()
        .prefix(".pantau-restore-")
        .tempfile_in(data_dir)
        .with_context(|| format!("cannot write into {}", data_dir.display()))?;
    let mut source =
        std::fs::File::open(from).with_context(|| format!("cannot read {}", from.display()))?;
    std::io::copy(&mut source, incoming.as_file_mut())
        .with_context(|| format!("cannot copy {} into {}", from.display(), data_dir.display()))?;
    incoming.as_file().sync_all()?;
    // The old database's log must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let stale = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove {}", stale.display()))?;
        }
    }
    incoming
        .persist(&target)
        .with_context(|| format!("cannot write {}", target.display()))?;
    sync_directory(data_dir);
    Ok(facts)
}

/// When and where `pantau serve` makes its own backups.
#[derive(Debug, Clone)]
pub struct BackupSchedule {
    pub directory: PathBuf,
    pub every: Duration,
    /// How many of the newest backups to keep; older ones are removed.
    pub keep: usize,
}

/// Makes a backup every `schedule.every` until the process ends, keeping the newest
/// `schedule.keep`. A failed backup is logged and tried again at the next turn.
pub fn keep_backing_up(db: Db, schedule: BackupSchedule) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(schedule.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            let name = format!(
                "pantau-{}.db",
                backup_stamp(time::OffsetDateTime::now_utc())
            );
            let out = schedule.directory.join(name);
            match write_backup(&db, &out).await {
                Ok(facts) => {
                    tracing::info!(file = %out.display(), records = facts.records, "backup written");
                    if let Err(error) = remove_old_backups(&schedule.directory, schedule.keep) {
                        tracing::warn!(%error, "removing old backups failed");
                    }
                }
                Err(error) => tracing::error!(error = %format!("{error:#}"), "backup failed"),
            }
        }
    });
}

/// A UTC time as it sorts in a file name: `20261201T145300Z`.
fn backup_stamp(at: time::OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Removes scheduled backups in `directory` beyond the newest `keep`.
fn remove_old_backups(directory: &Path, keep: usize) -> std::io::Result<()> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(directory)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("pantau-") && n.ends_with("Z.db"))
        })
        .collect();
    backups.sort();
    let surplus = backups.len().saturating_sub(keep);
    for old in &backups[..surplus] {
        std::fs::remove_file(old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_sort_as_times_do() {
        let earlier = time::macros::datetime!(2026-02-09 23:05:01 UTC);
        let later = time::macros::datetime!(2026-11-30 01:00:00 UTC);
        assert_eq!(backup_stamp(earlier), "20260209T230501Z");
        assert!(backup_stamp(earlier) < backup_stamp(later));
    }

    #[test]
    fn only_the_newest_scheduled_backups_are_kept() {
        let dir = tempfile::tempdir().expect("dir");
        for name in [
            "pantau-20260101T000000Z.db",
            "pantau-20260102T000000Z.db",
            "pantau-20260103T000000Z.db",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        remove_old_backups(dir.path(), 2).expect("prune");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().into_string().expect("name"))
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "notes.txt",
                "pantau-20260102T000000Z.db",
                "pantau-20260103T000000Z.db"
            ]
        );
    }
}
