//! An acknowledged write survives a power cut, and SQLite's write-ahead log does not
//! stay at the size of the largest burst of pushes.

use crate::helpers::{Engine, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::db::WAL_SIZE_LIMIT;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use std::time::{Duration, Instant};
use uuid::Uuid;

async fn live_connections_wait_for_the_disk(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let durability = app.db.durability().await.expect("read the settings");
    match engine {
        Engine::Sqlite => {
            assert_eq!(durability.commit_setting, "synchronous");
            // 2 is FULL: every commit is synced before it is acknowledged.
            assert_eq!(durability.write_connection, "2", "{durability:?}");
            assert_eq!(durability.shared_connection, "2", "{durability:?}");
            assert_eq!(
                durability.log_size_limits,
                [WAL_SIZE_LIMIT.to_string(), WAL_SIZE_LIMIT.to_string()]
            );
        }
        Engine::Postgres => {
            assert_eq!(durability.commit_setting, "synchronous_commit");
            assert_eq!(durability.write_connection, "on", "{durability:?}");
            assert_eq!(durability.shared_connection, "on", "{durability:?}");
        }
    }
    assert!(durability.commits_survive_power_loss());
}
on_both_backends!(live_connections_wait_for_the_disk);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_write_ahead_log_is_emptied_once_pushes_pause() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    for batch in 0..10_u32 {
        let mutations = (0..200_u32)
            .map(|i| {
                mutation(
                    "subject",
                    Uuid::now_v7(),
                    hlc_at(officer.device_id, now, batch * 200 + i),
                    subject_fields("51.01", &format!("DEMO WAL {batch} {i}")),
                )
            })
            .collect();
        let answer = app.push(&officer, mutations).await;
        assert!(statuses(&answer).iter().all(|s| s == "applied"));
    }
    let wal = app.data_dir().join("pantau.db-wal");
    let grown = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert!(grown > 0, "the pushes went through the write-ahead log");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the write-ahead log is still {size} bytes after 30 s without writes"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records WHERE entity = 'subject'")
            .await,
        2000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn below_the_storage_floor_writes_wait_and_reads_go_on() {
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Settings {
            storage_floor_bytes: u64::MAX,
            ..Settings::default()
        },
    )
    .await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let record = Uuid::now_v7();
    let push = app
        .push(
            &officer,
            vec![mutation(
                "subject",
                record,
                hlc_at(officer.device_id, now_millis(), 0),
                subject_fields("51.01", "DEMO DISK PENUH"),
            )],
        )
        .await;
    assert_eq!(
        (push.status, push.error_code()),
        (StatusCode::INSUFFICIENT_STORAGE, "storage_full"),
        "{:?}",
        push.body
    );
    assert!(
        push.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("floor"))
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 0);
    let pull = app.pull(&officer, 0, 100).await;
    assert_eq!(pull.status, StatusCode::OK);
    let health = app.request("GET", "/api/health", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["accepting_writes"], false);
}
