//! Pull: paging by cursor, scope filtering, records leaving the scope, and no skipped
//! change while many devices push at once, and cursors recorded when many pull at once.

use crate::helpers::{Engine, TestApp, hlc_at, mutation, now_millis, subject_fields};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;
use uuid::Uuid;

fn ids(changes: &[Value]) -> BTreeSet<String> {
    changes
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_string))
        .collect()
}

async fn pages_through_every_change_in_scope(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let jembrana = app.officer("budi", Role::Field, "jembrana").await;
    let buleleng = app.officer("wayan", Role::Field, "buleleng").await;
    let central = app.officer("kanwil", Role::Central, "kanwil").await;
    let now = now_millis();
    let mut own = BTreeSet::new();
    let batch: Vec<Value> = (0..120u32)
        .map(|n| {
            let id = Uuid::now_v7();
            own.insert(id.to_string());
            mutation(
                "subject",
                id,
                hlc_at(jembrana.device_id, now, n),
                subject_fields("51.01.02", &format!("DEMO {n}")),
            )
        })
        .collect();
    app.push(&jembrana, batch).await;
    let other = Uuid::now_v7();
    app.push(
        &buleleng,
        vec![mutation(
            "subject",
            other,
            hlc_at(buleleng.device_id, now, 0),
            subject_fields("51.08", "DEMO UTARA"),
        )],
    )
    .await;

    let first = app.pull(&jembrana, 0, 50).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["changes"].as_array().map(Vec::len), Some(50));
    assert_eq!(first.body["more"], true);
    assert_eq!(first.body["scope"], "51.01");
    let (changes, cursor) = app.pull_all(&jembrana, 0).await;
    assert_eq!(ids(&changes), own, "exactly the team's records, each once");
    assert_eq!(changes.len(), 120);
    assert!(changes.iter().all(|c| c["entity"] == "subject"
        && c["deleted"] == false
        && c["record"]["full_name"].is_string()));
    let seqs: Vec<i64> = changes.iter().filter_map(|c| c["seq"].as_i64()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in sequence order");
    let (nothing_new, same) = app.pull_all(&jembrana, cursor).await;
    assert!(nothing_new.is_empty());
    assert_eq!(same, cursor);

    let (all, _) = app.pull_all(&central, 0).await;
    assert_eq!(all.len(), 121, "the province sees every regency");
    let (north, _) = app.pull_all(&buleleng, 0).await;
    assert_eq!(ids(&north), BTreeSet::from([other.to_string()]));

    for bad in ["cursor=-1", "limit=0", "limit=5001", "cursor=abc"] {
        let response = app
            .request(
                "GET",
                &format!("/api/sync/pull?{bad}"),
                Some(&jembrana.token),
                None,
            )
            .await;
        assert_eq!(
            (response.status, response.error_code()),
            (StatusCode::BAD_REQUEST, "invalid_query"),
            "{bad}"
        );
    }
}
on_both_backends!(pages_through_every_change_in_scope);

async fn a_record_that_leaves_the_scope_is_dropped(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let province = app.officer("provinsi", Role::Coordinator, "kanwil").await;
    let jembrana = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    let id = Uuid::now_v7();
    app.push(
        &province,
        vec![mutation(
            "subject",
            id,
            hlc_at(province.device_id, now, 0),
            subject_fields("51.01", "DEMO PINDAH"),
        )],
    )
    .await;
    let (changes, cursor) = app.pull_all(&jembrana, 0).await;
    assert_eq!(ids(&changes), BTreeSet::from([id.to_string()]));
    let moved = app
        .push(
            &province,
            vec![mutation(
                "subject",
                id,
                hlc_at(province.device_id, now, 1),
                json!({"region_code": "51.08"}),
            )],
        )
        .await;
    assert_eq!(moved.body["results"][0]["status"], "applied");
    let (changes, _) = app.pull_all(&jembrana, cursor).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["deleted"], true);
    assert_eq!(
        changes[0]["record"],
        json!({}),
        "nothing of a record outside the scope is sent"
    );
}
on_both_backends!(a_record_that_leaves_the_scope_is_dropped);

async fn a_tombstone_is_pulled_as_deleted(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    let id = Uuid::now_v7();
    app.push(
        &officer,
        vec![
            mutation(
                "subject",
                id,
                hlc_at(officer.device_id, now, 0),
                subject_fields("51.01", "DEMO"),
            ),
            mutation(
                "subject",
                id,
                hlc_at(officer.device_id, now, 1),
                json!({"deleted": true}),
            ),
        ],
    )
    .await;
    let (changes, _) = app.pull_all(&officer, 0).await;
    assert_eq!(changes.len(), 1, "one entry per record: its latest state");
    assert_eq!(changes[0]["deleted"], true);
    assert_eq!(changes[0]["record"]["full_name"], "DEMO");
}
on_both_backends!(a_tombstone_is_pulled_as_deleted);

/// Eight devices push while eight others pull: every reader's pages, taken together,
/// hold every record, no sequence number repeats, and no push fails (a deadlock would).
async fn concurrent_pushers_never_make_a_pull_skip(engine: Engine) {
    let app = Arc::new(TestApp::spawn(engine).await);
    let mut readers = Vec::new();
    let mut writers = Vec::new();
    for n in 0..8 {
        readers.push(
            app.officer(&format!("pembaca{n}"), Role::Field, "jembrana")
                .await,
        );
        writers.push(
            app.officer(&format!("penulis{n}"), Role::Field, "jembrana")
                .await,
        );
    }
    let pushing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let pullers: Vec<_> = readers
        .into_iter()
        .map(|reader| {
            let (app, pushing) = (app.clone(), pushing.clone());
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut cursor = 0;
                while pushing.load(std::sync::atomic::Ordering::SeqCst) {
                    let (changes, next) = app.pull_all(&reader, cursor).await;
                    seen.extend(changes);
                    cursor = next;
                }
                let (rest, _) = app.pull_all(&reader, cursor).await;
                seen.extend(rest);
                seen
            })
        })
        .collect();
    let pushers: Vec<_> = writers
        .into_iter()
        .map(|writer| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut created = Vec::new();
                for round in 0..6u32 {
                    let batch: Vec<Value> = (0..10u32)
                        .map(|n| {
                            let id = Uuid::now_v7();
                            created.push(id.to_string());
                            mutation(
                                "subject",
                                id,
                                hlc_at(writer.device_id, now_millis(), round * 10 + n),
                                subject_fields("51.01", "DEMO"),
                            )
                        })
                        .collect();
                    let response = app.push(&writer, batch).await;
                    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
                }
                created
            })
        })
        .collect();
    let mut expected = BTreeSet::new();
    for pusher in pushers {
        expected.extend(pusher.await.expect("pusher"));
    }
    pushing.store(false, std::sync::atomic::Ordering::SeqCst);
    for puller in pullers {
        let seen = puller.await.expect("puller");
        assert_eq!(ids(&seen), expected, "no record was skipped");
        let seqs: Vec<i64> = seen.iter().filter_map(|c| c["seq"].as_i64()).collect();
        assert_eq!(
            seqs.len(),
            seqs.iter().collect::<BTreeSet<_>>().len(),
            "no sequence number twice"
        );
    }
    // Every record created was logged once: none lost, none logged twice.
    assert_eq!(app.count("SELECT COUNT(*) FROM change_log").await, 480);
    assert_eq!(
        app.count("SELECT COUNT(DISTINCT record_id) FROM change_log")
            .await,
        480
    );
}
on_both_backends!(concurrent_pushers_never_make_a_pull_skip);

/// Devices that pull in the same instant share a cursor write; each one's cursor is
/// committed before its pull answers, so the push that follows is judged by it.
async fn pulls_at_once_each_record_their_cursor(engine: Engine) {
    let app = Arc::new(TestApp::spawn(engine).await);
    let writer = app.officer("penulis", Role::Field, "jembrana").await;
    let batch: Vec<Value> = (0..5u32)
        .map(|n| {
            mutation(
                "subject",
                Uuid::now_v7(),
                hlc_at(writer.device_id, now_millis(), n),
                subject_fields("51.01", "DEMO"),
            )
        })
        .collect();
    assert_eq!(app.push(&writer, batch).await.status, StatusCode::OK);
    app.add_user("pembaca", Role::Field, Some("jembrana")).await;
    let mut readers = Vec::new();
    for _ in 0..24 {
        readers.push(app.login("pembaca").await);
    }
    let pulls: Vec<_> = readers
        .into_iter()
        .map(|reader| {
            let app = app.clone();
            tokio::spawn(async move {
                let page = app.pull(&reader, 0, 100).await;
                assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
                page.body["cursor"].as_i64().expect("cursor")
            })
        })
        .collect();
    for pull in pulls {
        assert_eq!(pull.await.expect("pull"), 5);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM devices WHERE pulled_cursor = 5")
            .await,
        24,
        "every reader's cursor is stored"
    );
}
on_both_backends!(pulls_at_once_each_record_their_cursor);
