//! Conflict review and record history: who may see and close conflicts, a restore as a
//! new logged write that every device pulls, and a record's history from the change log.

use crate::helpers::{
    Engine, Session, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

/// Budi registers a foreign national and later sets the address; Made, offline, set an
/// older address: Made's value loses and is logged. Returns the record's id.
async fn concurrent_addresses(app: &TestApp, budi: &Session, made: &Session) -> Uuid {
    let id = Uuid::now_v7();
    let now = now_millis();
    let created = app
        .push(
            budi,
            vec![mutation(
                "subject",
                id,
                hlc_at(budi.device_id, now - 5000, 0),
                subject_fields("51.01.04", "DEMO KONFLIK"),
            )],
        )
        .await;
    assert_eq!(statuses(&created), ["applied"]);
    app.push(
        budi,
        vec![mutation(
            "subject",
            id,
            hlc_at(budi.device_id, now, 0),
            json!({"address": "Jl. Budi (fiktif)"}),
        )],
    )
    .await;
    let late = app
        .push(
            made,
            vec![mutation(
                "subject",
                id,
                hlc_at(made.device_id, now - 1000, 0),
                json!({"address": "Jl. Made (fiktif)"}),
            )],
        )
        .await;
    assert_eq!(statuses(&late), ["conflict"]);
    id
}

async fn conflicts(app: &TestApp, session: &Session, status: &str) -> Vec<Value> {
    let response = app
        .request(
            "GET",
            &format!("/api/conflicts?status={status}"),
            Some(&session.token),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    response.body["conflicts"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn address_of(app: &TestApp, session: &Session, id: Uuid) -> Value {
    let (changes, _) = app.pull_all(session, 0).await;
    changes
        .iter()
        .rev()
        .find(|c| c["id"] == json!(id))
        .map(|c| c["record"]["address"].clone())
        .unwrap_or(Value::Null)
}

async fn coordinators_see_both_values_with_who_and_which_device(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let lead = app.officer("ketua", Role::Coordinator, "jembrana").await;
    let elsewhere = app.officer("ketua2", Role::Coordinator, "buleleng").await;
    let id = concurrent_addresses(&app, &budi, &made).await;

    let open = conflicts(&app, &lead, "open").await;
    assert_eq!(open.len(), 1);
    let conflict = &open[0];
    assert_eq!(conflict["record_id"], json!(id));
    assert_eq!(conflict["field"], "address");
    assert_eq!(conflict["status"], "open");
    assert_eq!(conflict["kept"]["value"], "Jl. Budi (fiktif)");
    assert_eq!(conflict["losing"]["value"], "Jl. Made (fiktif)");
    assert_eq!(
        conflict["kept"]["author"]["officer_name"],
        "Petugas Uji budi"
    );
    assert_eq!(
        conflict["losing"]["author"]["officer_name"],
        "Petugas Uji made"
    );
    assert_eq!(
        conflict["losing"]["author"]["device_id"],
        json!(made.device_id)
    );
    assert_eq!(conflict["losing"]["author"]["device_name"], "Tablet uji");
    assert!(
        conflict["kept"]["author"]["written_at_ms"].as_u64()
            > conflict["losing"]["author"]["written_at_ms"].as_u64()
    );

    // Another team's coordinator sees none of it; a field officer may not review.
    assert!(conflicts(&app, &elsewhere, "open").await.is_empty());
    let refused = app
        .request("GET", "/api/conflicts", Some(&budi.token), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = app
        .request("GET", "/api/conflicts?status=lama", Some(&lead.token), None)
        .await;
    assert_eq!(
        (bad.status, bad.body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("status"))
    );
}
on_both_backends!(coordinators_see_both_values_with_who_and_which_device);

async fn restoring_writes_the_losing_value_back_once(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let lead = app.officer("ketua", Role::Coordinator, "jembrana").await;
    let id = concurrent_addresses(&app, &budi, &made).await;
    let conflict_id = conflicts(&app, &lead, "open").await[0]["id"].clone();
    let path = format!("/api/conflicts/{conflict_id}/restore");

    // Only the coordinator closes conflicts, and only those of the team's region.
    let refused = app.request("POST", &path, Some(&budi.token), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let elsewhere = app.officer("ketua2", Role::Coordinator, "buleleng").await;
    let hidden = app
        .request("POST", &path, Some(&elsewhere.token), None)
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(address_of(&app, &budi, id).await, "Jl. Budi (fiktif)");

    let restored = app.request("POST", &path, Some(&lead.token), None).await;
    assert_eq!(restored.status, StatusCode::OK, "{:?}", restored.body);
    assert_eq!(restored.body["status"], "restored");
    assert_eq!(restored.body["resolved_by_name"], "Petugas Uji ketua");
    // Every device pulls the restored value; the restore made no new conflict.
    assert_eq!(address_of(&app, &budi, id).await, "Jl. Made (fiktif)");
    assert_eq!(address_of(&app, &made, id).await, "Jl. Made (fiktif)");
    assert_eq!(app.count("SELECT COUNT(*) FROM conflicts").await, 1);
    assert!(conflicts(&app, &lead, "open").await.is_empty());
    assert_eq!(conflicts(&app, &lead, "all").await.len(), 1);

    let again = app.request("POST", &path, Some(&lead.token), None).await;
    assert_eq!(
        (again.status, again.error_code()),
        (StatusCode::CONFLICT, "already_closed")
    );
    for bad in ["abc", "-1", "999999"] {
        let response = app
            .request(
                "POST",
                &format!("/api/conflicts/{bad}/restore"),
                Some(&lead.token),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{bad}");
    }

    // The history shows every write: who, which device, old → new, and what lost.
    let history = app
        .request(
            "GET",
            &format!("/api/records/{id}/history"),
            Some(&budi.token),
            None,
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{:?}", history.body);
    let entries = history.body["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 4);
    assert_eq!(entries[0]["author"]["officer_name"], "Petugas Uji budi");
    assert!(
        entries[0]["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .any(|c| c["field"] == "full_name" && c["new"] == "DEMO KONFLIK")
    );
    assert_eq!(entries[2]["author"]["officer_name"], "Petugas Uji made");
    assert_eq!(entries[2]["changes"], json!([]));
    assert_eq!(
        entries[2]["lost"],
        json!([{"field": "address", "value": "Jl. Made (fiktif)"}])
    );
    let restore = &entries[3];
    assert_eq!(restore["author"]["officer_name"], "Petugas Uji ketua");
    assert_eq!(restore["author"]["device_id"], json!(lead.device_id));
    assert_eq!(
        restore["changes"],
        json!([{"field": "address", "old": "Jl. Budi (fiktif)", "new": "Jl. Made (fiktif)"}])
    );
}
on_both_backends!(restoring_writes_the_losing_value_back_once);

async fn dismissing_keeps_the_value_and_closes_the_conflict(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let lead = app.officer("ketua", Role::Coordinator, "jembrana").await;
    let id = concurrent_addresses(&app, &budi, &made).await;
    let conflict_id = conflicts(&app, &lead, "open").await[0]["id"].clone();
    let dismissed = app
        .request(
            "POST",
            &format!("/api/conflicts/{conflict_id}/dismiss"),
            Some(&lead.token),
            None,
        )
        .await;
    assert_eq!(dismissed.status, StatusCode::OK, "{:?}", dismissed.body);
    assert_eq!(dismissed.body["status"], "dismissed");
    assert_eq!(address_of(&app, &budi, id).await, "Jl. Budi (fiktif)");
    assert_eq!(conflicts(&app, &lead, "dismissed").await.len(), 1);
    let restore_after = app
        .request(
            "POST",
            &format!("/api/conflicts/{conflict_id}/restore"),
            Some(&lead.token),
            None,
        )
        .await;
    assert_eq!(restore_after.error_code(), "already_closed");
}
on_both_backends!(dismissing_keeps_the_value_and_closes_the_conflict);

async fn a_finalized_record_is_not_restored(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let lead = app.officer("ketua", Role::Coordinator, "jembrana").await;
    let id = Uuid::now_v7();
    let now = now_millis();
    let draft = json!({
        "region_code": "51.01.04", "started_at": "2026-11-28T09:00:00+08:00",
        "place_name": "Vila Budi", "warrant_number": "SPRIN/UJI/001", "status": "draft",
    });
    let created = app
        .push(
            &budi,
            vec![mutation(
                "inspection",
                id,
                hlc_at(budi.device_id, now, 0),
                draft,
            )],
        )
        .await;
    assert_eq!(statuses(&created), ["applied"]);
    // Made's older place name loses while the inspection is a draft; then Budi finalizes.
    let made_push = app
        .push(
            &made,
            vec![mutation(
                "inspection",
                id,
                hlc_at(made.device_id, now - 1000, 0),
                json!({"place_name": "Vila Made"}),
            )],
        )
        .await;
    assert_eq!(statuses(&made_push), ["conflict"]);
    let finalized = app
        .push(
            &budi,
            vec![mutation(
                "inspection",
                id,
                hlc_at(budi.device_id, now, 1),
                json!({"status": "final"}),
            )],
        )
        .await;
    assert_eq!(statuses(&finalized), ["applied"]);
    let changes_before = app.count("SELECT COUNT(*) FROM change_log").await;
    let conflict_id = conflicts(&app, &lead, "open").await[0]["id"].clone();
    let refused = app
        .request(
            "POST",
            &format!("/api/conflicts/{conflict_id}/restore"),
            Some(&lead.token),
            None,
        )
        .await;
    assert_eq!(
        (refused.status, refused.error_code()),
        (StatusCode::CONFLICT, "finalized")
    );
    assert_eq!(conflicts(&app, &lead, "open").await.len(), 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM change_log").await,
        changes_before
    );
}
on_both_backends!(a_finalized_record_is_not_restored);

async fn history_is_only_for_records_in_the_region(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let other = app.officer("komang", Role::Field, "buleleng").await;
    let id = Uuid::now_v7();
    app.push(
        &budi,
        vec![mutation(
            "subject",
            id,
            hlc_at(budi.device_id, now_millis(), 0),
            subject_fields("51.01", "DEMO RIWAYAT"),
        )],
    )
    .await;
    for (session, path) in [
        (&other, format!("/api/records/{id}/history")),
        (&budi, format!("/api/records/{}/history", Uuid::now_v7())),
        (&budi, "/api/records/bukan-id/history".to_string()),
    ] {
        let response = app.request("GET", &path, Some(&session.token), None).await;
        assert_eq!(
            (response.status, response.error_code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{path}"
        );
    }
}
on_both_backends!(history_is_only_for_records_in_the_region);
