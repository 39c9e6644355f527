//! Backups with the real `pantau` binary: one taken while a tablet keeps pushing holds
//! everything acknowledged before it and nothing never written; it restores into an
//! empty data directory and serves the same records; scheduled backups keep the newest
//! few; and every mistake is refused before anything is touched.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Registers `count` made-up foreign nationals on `device`; returns their ids.
fn register(device: &mut NativeDevice, label: &str, count: usize) -> anyhow::Result<Vec<Uuid>> {
    (0..count)
        .map(|i| {
            let id = Uuid::now_v7();
            device.edit(
                EntityKind::Subject,
                id,
                fields(json!({"region_code": "51.01", "full_name": format!("DEMO {label} {i}"), "nationality": "NZL"})),
            )?;
            Ok(id)
        })
        .collect()
}

/// The ids a fresh tablet of `username` pulls from the product at `url`.
async fn pulled_ids(url: &str, username: &str) -> anyhow::Result<HashSet<Uuid>> {
    let mut reader = NativeDevice::sign_in(url, username, PASSWORD).await?;
    reader.sync().await?;
    Ok(reader.state.records().map(|r| r.id).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_pushes_restores_what_was_acknowledged() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("made", "field", "POLRES")],
    )?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let before = register(&mut ayu, "SEBELUM", 1500)?;
    ayu.sync().await?;
    assert_eq!(ayu.state.pending_count(), 0);

    // Another tablet keeps pushing while the backup is written.
    let product = Arc::new(product);
    let stop = Arc::new(AtomicBool::new(false));
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let pusher = tokio::spawn({
        let stop = stop.clone();
        async move {
            let mut acknowledged = Vec::new();
            let mut round = 0;
            while !stop.load(Ordering::SeqCst) || round < 2 {
                let ids = register(&mut made, &format!("SELAMA {round}"), 50)?;
                made.sync().await?;
                anyhow::ensure!(
                    made.state.pending_count() == 0,
                    "a push was not acknowledged"
                );
                acknowledged.extend(ids);
                round += 1;
            }
            anyhow::Ok(acknowledged)
        }
    });
    let backups = tempfile::tempdir()?;
    let out = backups.path().join("cadangan.db");
    let said = tokio::task::spawn_blocking({
        let (product, out) = (product.clone(), out.clone());
        move || product.run(&["backup", "--out", &out.display().to_string()], "")
    })
    .await??;
    stop.store(true, Ordering::SeqCst);
    let during: HashSet<Uuid> = pusher.await??.into_iter().collect();
    assert!(said.contains("backup written to"), "{said}");
    let leftovers: Vec<_> = std::fs::read_dir(backups.path())?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    assert_eq!(
        leftovers,
        ["cadangan.db"],
        "only the finished backup is left"
    );

    let mut restored = Product::new()?;
    let said = restored.run(&["restore", "--from", &out.display().to_string()], "")?;
    assert!(said.contains("restored"), "{said}");
    restored.serve()?;
    let held = pulled_ids(&restored.url, "ayu").await?;
    for id in &before {
        assert!(
            held.contains(id),
            "{id}, acknowledged before the backup, is missing"
        );
    }
    for id in &held {
        assert!(
            before.contains(id) || during.contains(id),
            "{id} was never acknowledged"
        );
    }
    // The live system lost nothing either.
    let live = pulled_ids(&product.url, "ayu").await?;
    assert_eq!(live.len(), before.len() + during.len());
    Ok(())
}

/// Marks the backup at `file` as made by a schema newer than this build knows.
async fn pretend_newer(file: &Path) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&format!("sqlite://{}", file.display())).await?;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         SELECT 9999, 'from the future', 1, checksum, 0 FROM _sqlx_migrations LIMIT 1",
    )
    .execute(&pool)
    .await?;
    pool.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_and_restores_refuse_mistakes_before_touching_anything() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    let backups = tempfile::tempdir()?;

    // Scheduled backups: written every second, the newest two kept.
    let scheduled = backups.path().join("terjadwal");
    product.serve_with(&[
        "--log-format",
        "json",
        "--backup-dir",
        &scheduled.display().to_string(),
        "--backup-every",
        "1s",
        "--backup-keep",
        "2",
    ])?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let registered: HashSet<Uuid> = register(&mut ayu, "TERJADWAL", 20)?.into_iter().collect();
    ayu.sync().await?;
    let finished = |dir: &Path| -> anyhow::Result<Vec<String>> {
        let mut names: Vec<String> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with("Z.db"))
            .collect();
        names.sort();
        Ok(names)
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = HashSet::new();
    while seen.len() < 4 {
        anyhow::ensure!(
            Instant::now() < deadline,
            "scheduled backups did not appear"
        );
        let names = finished(&scheduled).unwrap_or_default();
        assert!(names.len() <= 2, "more than the two newest kept: {names:?}");
        seen.extend(names);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let newest = scheduled.join(finished(&scheduled)?.pop().expect("a backup"));
    // Each backup is logged as a JSON line for log collectors, and shows in the metrics.
    let logged = product.server_output();
    let backup_lines = logged
        .iter()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|entry| entry["fields"]["message"] == "backup written")
        .count();
    assert!(backup_lines >= 4, "{logged:?}");
    let metrics = reqwest::get(format!("{}/metrics", product.url))
        .await?
        .error_for_status()?
        .text()
        .await?;
    let last_backup: f64 = metrics
        .lines()
        .find_map(|l| {
            l.strip_prefix("pantau_last_backup_timestamp_seconds ")?
                .parse()
                .ok()
        })
        .unwrap_or(0.0);
    assert!(last_backup > 0.0, "{metrics}");
    let mut from_schedule = Product::new()?;
    from_schedule.run(&["restore", "--from", &newest.display().to_string()], "")?;
    from_schedule.serve()?;
    assert_eq!(pulled_ids(&from_schedule.url, "ayu").await?, registered);

    let version = product.run(&["--version"], "")?;
    assert_eq!(
        version.trim(),
        format!("pantau {}", env!("CARGO_PKG_VERSION"))
    );

    // A backup to a directory that does not exist names the path.
    let nowhere = backups.path().join("tidak-ada").join("cadangan.db");
    let refused = product
        .run(&["backup", "--out", &nowhere.display().to_string()], "")
        .expect_err("no such directory");
    assert!(
        refused.to_string().contains(&nowhere.display().to_string()),
        "{refused}"
    );

    // A file that is not a backup, into an empty data directory: refused, nothing made.
    let not_a_backup = backups.path().join("catatan.txt");
    std::fs::write(&not_a_backup, "bukan cadangan")?;
    let empty = Product::new()?;
    let refused = empty
        .run(
            &["restore", "--from", &not_a_backup.display().to_string()],
            "",
        )
        .expect_err("not a backup");
    assert!(
        refused.to_string().contains("not a Pantau backup"),
        "{refused}"
    );
    assert!(!empty.data_dir().join("pantau.db").exists());

    // A backup from a newer version of Pantau.
    let good = backups.path().join("baik.db");
    product.run(&["backup", "--out", &good.display().to_string()], "")?;
    let newer = backups.path().join("lebih-baru.db");
    std::fs::copy(&good, &newer)?;
    pretend_newer(&newer).await?;
    let refused = empty
        .run(&["restore", "--from", &newer.display().to_string()], "")
        .expect_err("newer schema");
    assert!(refused.to_string().contains("newer version"), "{refused}");
    assert!(!empty.data_dir().join("pantau.db").exists());

    // A data directory that holds a database is replaced only with --force.
    let mut other = Product::new()?;
    other.team("buleleng", "51.08", &[("komang", "field", "IMIGRASI")])?;
    let refused = other
        .run(&["restore", "--from", &good.display().to_string()], "")
        .expect_err("holds a database");
    assert!(refused.to_string().contains("--force"), "{refused}");
    let kept = other.run(&["user", "list"], "")?;
    assert!(kept.contains("komang"), "{kept}");
    other.run(
        &["restore", "--from", &good.display().to_string(), "--force"],
        "",
    )?;
    other.serve()?;
    assert_eq!(pulled_ids(&other.url, "ayu").await?, registered);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tablets_send_again_what_a_restored_server_lost() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("made", "field", "POLRES"),
            ("komang", "coordinator", "IMIGRASI"),
        ],
    )?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let before = register(&mut ayu, "SEBELUM", 5)?;
    ayu.sync().await?;
    let backups = tempfile::tempdir()?;
    let backup = backups.path().join("cadangan.db");
    product.run(&["backup", "--out", &backup.display().to_string()], "")?;

    // After the backup: Ayu registers more people, and Made — signed in only now —
    // corrects one of Ayu's earlier records. The server acknowledges all of it.
    let after = register(&mut ayu, "SESUDAH", 5)?;
    ayu.sync().await?;
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    made.sync().await?;
    made.edit(
        EntityKind::Subject,
        before[0],
        fields(json!({"address": "Jl. Fiktif Koreksi 7"})),
    )?;
    made.sync().await?;
    ayu.sync().await?;
    assert_eq!(
        (ayu.state.pending_count(), made.state.pending_count()),
        (0, 0)
    );
    assert!(
        ayu.state.kept_count() >= after.len(),
        "acknowledged writes are kept"
    );

    // The server's disk is lost; the office restores the backup.
    product.stop();
    let said = product.run(
        &[
            "restore",
            "--from",
            &backup.display().to_string(),
            "--force",
        ],
        "",
    )?;
    assert!(said.contains("restored"), "{said}");
    product.start_again()?;

    // Ayu's session predates the backup: her tablet notices the restored server, sends
    // again what it kept and pulls from the start.
    ayu.sync().await?;
    // Made's session and device came after it: he signs in again, keeping his tablet's data.
    let refused = made
        .sync()
        .await
        .expect_err("the session is gone with the restore");
    assert!(format!("{refused:#}").contains("401"), "{refused:#}");
    made.sign_in_again("made", PASSWORD).await?;
    made.sync().await?;
    ayu.sync().await?;

    // A tablet that never saw any of it receives everything, Made's correction included.
    let mut komang = NativeDevice::sign_in(&product.url, "komang", PASSWORD).await?;
    komang.sync().await?;
    for id in before.iter().chain(&after) {
        assert!(
            komang.state.record(*id).is_some(),
            "{id} is missing after the restore"
        );
    }
    assert_eq!(
        komang
            .state
            .record(before[0])
            .and_then(|r| r.text("address")),
        Some("Jl. Fiktif Koreksi 7")
    );
    assert_eq!(
        ayu.state.record(before[0]).and_then(|r| r.text("address")),
        Some("Jl. Fiktif Koreksi 7"),
        "no field ends older on any tablet"
    );
    Ok(())
}
