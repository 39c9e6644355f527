//! Erasure on both engines: deleted records and records past retention become
//! tombstones that devices pull, their history loses its values, their photos go, and a
//! legal hold keeps a case whole until it is lifted. The clock is injected: retention
//! runs "years later" without waiting.

use crate::attachments::upload;
use crate::helpers::{Engine, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::retention;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn record(changes: &[Value], id: Uuid) -> &Value {
    changes
        .iter()
        .rev()
        .find(|c| c["id"] == id.to_string())
        .map(|c| &c["record"])
        .expect("the record was pulled")
}

async fn retention_erases_what_is_due_and_a_hold_keeps_a_case(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("kadek", Role::Coordinator, "jembrana").await;
    let photo = b"\xff\xd8\xff\xe0 bytes of a made-up document photo".to_vec();
    let sha = hex::encode(Sha256::digest(&photo));
    let uploaded = app
        .send(upload(
            &officer.token,
            &sha,
            "image/jpeg",
            &photo,
            Some("51.01.04"),
        ))
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{:?}", uploaded.body);

    let (deleted, expired, held, inspection, finding) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    let now = now_millis();
    let tick = |n: u32| hlc_at(officer.device_id, now, n);
    let mut with_photo = subject_fields("51.01.04", "CONTOH DIHAPUS");
    with_photo["photos"] = json!([sha]);
    let pushed = app
        .push(
            &officer,
            vec![
                mutation("subject", deleted, tick(0), with_photo),
                mutation(
                    "subject",
                    expired,
                    tick(1),
                    subject_fields("51.01.04", "CONTOH KEDALUWARSA"),
                ),
                mutation(
                    "subject",
                    held,
                    tick(2),
                    subject_fields("51.01.04", "CONTOH DITAHAN"),
                ),
                mutation(
                    "inspection",
                    inspection,
                    tick(3),
                    json!({"region_code": "51.01.04", "started_at": "2026-11-28T09:00:00+08:00",
                           "place_name": "Vila Contoh", "warrant_number": "SPRIN/UJI/002",
                           "status": "draft"}),
                ),
                mutation(
                    "finding",
                    finding,
                    tick(4),
                    json!({"region_code": "51.01.04", "inspection_id": inspection,
                           "subject_id": held, "violations": ["overstay"]}),
                ),
                mutation("subject", deleted, tick(5), json!({"deleted": true})),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 6]);

    // Holds: the office only, with a reason, on a record in its region.
    let hold_path = format!("/api/records/{finding}/legal-hold");
    let by_officer = app
        .request(
            "PUT",
            &hold_path,
            Some(&officer.token),
            Some(json!({"reason": "x"})),
        )
        .await;
    assert_eq!(by_officer.status, StatusCode::FORBIDDEN);
    let no_reason = app
        .request(
            "PUT",
            &hold_path,
            Some(&coordinator.token),
            Some(json!({"reason": "  "})),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_reason.body["error"]["field"], "reason");
    let unknown = app
        .request(
            "PUT",
            &format!("/api/records/{}/legal-hold", Uuid::now_v7()),
            Some(&coordinator.token),
            Some(json!({"reason": "Perkara uji"})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let placed = app
        .request(
            "PUT",
            &hold_path,
            Some(&coordinator.token),
            Some(json!({"reason": "Perkara keimigrasian uji nomor 1"})),
        )
        .await;
    assert_eq!(placed.status, StatusCode::OK, "{:?}", placed.body);
    let listed = app
        .request("GET", "/api/legal-holds", Some(&coordinator.token), None)
        .await;
    assert_eq!(listed.body["holds"][0]["record_id"], finding.to_string());

    // Foreign nationals are kept one day after their last change, the rest ten years.
    app.db
        .set_retention_days("subject", 1)
        .await
        .expect("setting");
    let later = now as i64 + 2 * DAY_MS;
    let planned = retention::run(&app.db, later, true).await.expect("dry run");
    let mut due = planned.ids.clone();
    due.sort();
    let mut expected = vec![deleted.to_string(), expired.to_string()];
    expected.sort();
    assert_eq!(due, expected, "the held case's subject is kept");
    assert_eq!(planned.purged["subject"], (1, 1));
    assert_eq!(planned.held, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records WHERE fields LIKE '%CONTOH DIHAPUS%'")
            .await,
        1,
        "a dry run changes nothing"
    );

    let done = retention::run(&app.db, later, false).await.expect("run");
    assert_eq!(done.ids, planned.ids);
    assert_eq!(done.photos_deleted, 1);
    let left = [
        "SELECT COUNT(*) FROM change_log WHERE changes LIKE '%CONTOH DIHAPUS%'",
        "SELECT COUNT(*) FROM change_log WHERE changes LIKE '%CONTOH KEDALUWARSA%'",
        "SELECT COUNT(*) FROM records WHERE fields LIKE '%CONTOH KEDALUWARSA%'",
    ];
    for sql in left {
        assert_eq!(app.count(sql).await, 0, "no value is left: {sql}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM change_log WHERE changes LIKE '%CONTOH DITAHAN%'")
            .await,
        1,
        "the held subject's history is whole"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM attachments").await,
        0,
        "the photo only the erased record showed is gone"
    );

    // A device that syncs receives the tombstones in place of the data.
    let reader = app.officer("made", Role::Field, "jembrana").await;
    let (changes, _) = app.pull_all(&reader, 0).await;
    let tomb = record(&changes, deleted);
    assert_eq!(tomb["deleted"], true);
    assert_eq!(tomb["purge_reason"], "deleted");
    assert_eq!(tomb["deleted_by"], officer_id(&app, "budi").await);
    assert!(tomb.get("full_name").is_none() && tomb.get("photos").is_none());
    assert_eq!(record(&changes, expired)["purge_reason"], "retention");
    assert_eq!(record(&changes, held)["full_name"], "CONTOH DITAHAN");
    assert_eq!(record(&changes, finding)["subject_id"], held.to_string());

    // The history keeps which fields changed, not what they held.
    let history = app
        .request(
            "GET",
            &format!("/api/records/{deleted}/history"),
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(
        !history.body.to_string().contains("CONTOH DIHAPUS"),
        "{}",
        history.body
    );

    // Nothing brings the data back.
    let rewrite = app
        .push(
            &officer,
            vec![mutation(
                "subject",
                expired,
                hlc_at(officer.device_id, now_millis(), 9),
                json!({"full_name": "CONTOH KEMBALI"}),
            )],
        )
        .await;
    assert_eq!(rewrite.body["results"][0]["error"]["code"], "purged");

    // Once the hold is lifted, the subject goes at the next run; the inspection and the
    // finding are within their ten years.
    let lifted = app
        .request("DELETE", &hold_path, Some(&coordinator.token), None)
        .await;
    assert_eq!(lifted.status, StatusCode::OK);
    let again = app
        .request("DELETE", &hold_path, Some(&coordinator.token), None)
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let after = retention::run(&app.db, later, false).await.expect("run");
    assert_eq!(after.ids, [held.to_string()]);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM access_log WHERE action IN \
             ('legal_hold_placed', 'legal_hold_lifted', 'retention_purge')"
        )
        .await,
        4,
        "placing, lifting and both runs are logged"
    );
}

async fn officer_id(app: &TestApp, username: &str) -> String {
    let accounts = app.db.accounts().await.expect("accounts");
    accounts
        .iter()
        .find(|a| a.username == username)
        .map(|a| a.officer.id.to_string())
        .expect("account")
}

on_both_backends!(retention_erases_what_is_due_and_a_hold_keeps_a_case);
