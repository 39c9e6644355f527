//! Push: idempotency, per-mutation validation, scope, limits, clock skew, conflicts and
//! amend-only inspections.

use crate::helpers::{
    Engine, Response, Session, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::clock::Clock;
use pantau_server::state::Settings;
use pantau_shared::device::KEEP_ACKNOWLEDGED_MS;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

async fn subject_count(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM records WHERE entity = 'subject'")
        .await
}

async fn applies_and_answers_resends_as_duplicates(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    let batch = vec![
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 0),
            subject_fields("51.01.04.1001", "DEMO SATU"),
        ),
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 1),
            subject_fields("51.01", "DEMO DUA"),
        ),
    ];
    let first = app.push(&officer, batch.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(statuses(&first), ["applied", "applied"]);
    assert_eq!(first.body["results"][0]["op_id"], batch[0]["op_id"]);
    assert!(
        first.body["server_time_ms"]
            .as_u64()
            .is_some_and(|t| t >= now)
    );
    let again = app.push(&officer, batch.clone()).await;
    assert_eq!(statuses(&again), ["duplicate", "duplicate"]);
    let inside = app
        .push(&officer, vec![batch[0].clone(), batch[0].clone()])
        .await;
    assert_eq!(statuses(&inside), ["duplicate", "duplicate"]);
    assert_eq!(subject_count(&app).await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM change_log").await, 2);
}
on_both_backends!(applies_and_answers_resends_as_duplicates);

async fn an_invalid_mutation_is_rejected_alone(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    let mut bad_nik = subject_fields("51.01", "DEMO NIK");
    bad_nik["nik"] = json!("12345");
    let batch = vec![
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 0),
            bad_nik,
        ),
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 1),
            json!({"full_name": "NO REGION"}),
        ),
        json!({"op_id": "not-a-uuid", "entity": "subject"}),
        mutation(
            "spaceship",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 2),
            json!({}),
        ),
        mutation(
            "subject",
            Uuid::now_v7(),
            "yesterday".into(),
            subject_fields("51.01", "X"),
        ),
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 3),
            subject_fields("51.01", "DEMO BAIK"),
        ),
    ];
    let response = app.push(&officer, batch).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        statuses(&response),
        [
            "rejected", "rejected", "rejected", "rejected", "rejected", "applied"
        ]
    );
    let errors: Vec<(&str, &str)> = response.body["results"].as_array().expect("results")[..5]
        .iter()
        .map(|r| {
            (
                r["error"]["field"].as_str().unwrap_or(""),
                r["error"]["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("nik", "invalid_format"),
            ("region_code", "required"),
            ("op_id", "invalid_format"),
            ("entity", "not_allowed_value"),
            ("hlc", "invalid_format"),
        ]
    );
    assert_eq!(response.body["results"][2]["op_id"], "not-a-uuid");
    assert_eq!(subject_count(&app).await, 1);
}
on_both_backends!(an_invalid_mutation_is_rejected_alone);

async fn a_large_batch_is_answered_in_order(engine: Engine) {
    // Large enough to be read on two threads: each answer must still line up with its
    // mutation, a bad one in either half refused alone.
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    let bad_at = [3, 150, 299];
    let batch: Vec<Value> = (0..300)
        .map(|n| {
            let mut fields = subject_fields("51.01", &format!("DEMO {n}"));
            if bad_at.contains(&n) {
                fields["nik"] = json!("12345");
            }
            mutation(
                "subject",
                Uuid::now_v7(),
                hlc_at(officer.device_id, now, n as u32),
                fields,
            )
        })
        .collect();
    let response = app.push(&officer, batch.clone()).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let results = response.body["results"].as_array().expect("results");
    assert_eq!(results.len(), batch.len());
    for (n, (result, sent)) in results.iter().zip(&batch).enumerate() {
        assert_eq!(result["op_id"], sent["op_id"], "answer {n}");
        let expected = if bad_at.contains(&n) {
            "rejected"
        } else {
            "applied"
        };
        assert_eq!(result["status"], expected, "answer {n}");
    }
    assert_eq!(subject_count(&app).await, 297);
}
on_both_backends!(a_large_batch_is_answered_in_order);

async fn bad_push_bodies_and_limits(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let not_a_list = app
        .request(
            "POST",
            "/api/sync/push",
            Some(&officer.token),
            Some(json!({"device_id": officer.device_id, "mutations": 3})),
        )
        .await;
    assert_eq!(
        (not_a_list.status, not_a_list.error_code()),
        (StatusCode::BAD_REQUEST, "invalid_body")
    );
    let other_device = app
        .request(
            "POST",
            "/api/sync/push",
            Some(&officer.token),
            Some(json!({"device_id": Uuid::now_v7(), "mutations": []})),
        )
        .await;
    assert_eq!(
        (
            other_device.status,
            other_device.body["error"]["field"].as_str()
        ),
        (StatusCode::FORBIDDEN, Some("device_id"))
    );
    let now = now_millis();
    let too_many: Vec<Value> = (0..1001)
        .map(|n| {
            mutation(
                "subject",
                Uuid::now_v7(),
                hlc_at(officer.device_id, now, n),
                subject_fields("51.01", "DEMO"),
            )
        })
        .collect();
    let response = app.push(&officer, too_many).await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_many_mutations")
    );
    let mut huge = subject_fields("51.01", "DEMO BESAR");
    huge["notes"] = json!("x".repeat(5 * 1024 * 1024));
    let response = app
        .push(
            &officer,
            vec![mutation(
                "subject",
                Uuid::now_v7(),
                hlc_at(officer.device_id, now, 0),
                huge,
            )],
        )
        .await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(subject_count(&app).await, 0);
}
on_both_backends!(bad_push_bodies_and_limits);

async fn writes_outside_the_scope_are_forbidden(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let jembrana = app.officer("budi", Role::Field, "jembrana").await;
    let buleleng = app.officer("wayan", Role::Field, "buleleng").await;
    let central = app.officer("kanwil", Role::Central, "kanwil").await;
    let now = now_millis();
    let id = Uuid::now_v7();
    let created = app
        .push(
            &jembrana,
            vec![mutation(
                "subject",
                id,
                hlc_at(jembrana.device_id, now, 0),
                subject_fields("51.01", "DEMO"),
            )],
        )
        .await;
    assert_eq!(statuses(&created), ["applied"]);
    let cases = [
        (&buleleng, id, json!({"notes": "edit from another regency"})),
        (
            &jembrana,
            Uuid::now_v7(),
            subject_fields("51.08", "DEMO LUAR"),
        ),
        (&jembrana, id, json!({"region_code": "51.010"})),
        (&jembrana, id, json!({"region_code": "51.08.01"})),
        (
            &central,
            Uuid::now_v7(),
            subject_fields("51.01", "DEMO PUSAT"),
        ),
    ];
    for (index, (session, record, fields)) in cases.into_iter().enumerate() {
        let response = app
            .push(
                session,
                vec![mutation(
                    "subject",
                    record,
                    hlc_at(session.device_id, now, 1),
                    fields,
                )],
            )
            .await;
        let result = &response.body["results"][0];
        assert_eq!(result["status"], "rejected", "case {index}");
        let code = result["error"]["code"].as_str().unwrap_or("");
        assert!(
            code == "forbidden" || (index == 2 && code == "invalid_format"),
            "case {index}: {code}"
        );
    }
    assert_eq!(subject_count(&app).await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM change_log").await, 1);
}
on_both_backends!(writes_outside_the_scope_are_forbidden);

async fn timestamps_far_ahead_are_rejected_for_restamping(engine: Engine) {
    // The server's clock, not the machine's, judges what is ahead: it stands years
    // behind the machine here, so a stamp of the machine's now is far ahead of it.
    let settings = Settings {
        clock: Clock::manual(1_700_000_000_000),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let server_now = app.now_ms();
    let push_stamped = |millis: u64| {
        app.push(
            &officer,
            vec![mutation(
                "subject",
                Uuid::now_v7(),
                hlc_at(officer.device_id, millis, 0),
                subject_fields("51.01", "DEMO"),
            )],
        )
    };
    for ahead in [server_now + 11 * 60 * 1000, now_millis()] {
        let response = push_stamped(ahead).await;
        assert_eq!(response.body["results"][0]["error"]["code"], "clock_skew");
        assert_eq!(response.body["server_time_ms"], server_now);
    }
    let response = push_stamped(server_now + 9 * 60 * 1000).await;
    assert_eq!(statuses(&response), ["applied"]);
    assert_eq!(subject_count(&app).await, 1);
}
on_both_backends!(timestamps_far_ahead_are_rejected_for_restamping);

async fn older_writes_lose_and_are_kept_in_the_conflict_log(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let a = app.officer("budi", Role::Field, "jembrana").await;
    let b = app.officer("made", Role::Field, "jembrana").await;
    let id = Uuid::now_v7();
    let now = now_millis();
    app.push(
        &a,
        vec![mutation(
            "subject",
            id,
            hlc_at(a.device_id, now - 5000, 0),
            subject_fields("51.01", "DEMO AWAL"),
        )],
    )
    .await;
    app.push(
        &a,
        vec![mutation(
            "subject",
            id,
            hlc_at(a.device_id, now, 0),
            json!({"address": "Jl. Baru (fiktif)"}),
        )],
    )
    .await;
    // B edited offline earlier, and syncs later: its older address loses, its note applies.
    let response = app
        .push(
            &b,
            vec![mutation(
                "subject",
                id,
                hlc_at(b.device_id, now - 1000, 0),
                json!({"address": "Jl. Lama (fiktif)", "notes": "catatan"}),
            )],
        )
        .await;
    let result = &response.body["results"][0];
    assert_eq!(result["status"], "conflict");
    assert_eq!(result["lost_fields"], json!(["address"]));
    let (changes, _) = app.pull_all(&a, 0).await;
    let record = &changes
        .iter()
        .find(|c| c["id"] == json!(id))
        .expect("record")["record"];
    assert_eq!(record["address"], "Jl. Baru (fiktif)");
    assert_eq!(record["notes"], "catatan");
    let (losing,): (String,) =
        sqlx::query_as("SELECT losing_value FROM conflicts WHERE field = 'address'")
            .fetch_one(&app.db.pool)
            .await
            .expect("conflict row");
    assert_eq!(losing, "\"Jl. Lama (fiktif)\"");
    // B, still without having pulled, now writes the address with a newer stamp.
    let response = app
        .push(
            &b,
            vec![mutation(
                "subject",
                id,
                hlc_at(b.device_id, now + 1000, 0),
                json!({"address": "Jl. Ketiga (fiktif)"}),
            )],
        )
        .await;
    assert_eq!(statuses(&response), ["applied"]);
    // A's value was overwritten by a device that had not seen it: it is kept for review too.
    assert_eq!(app.count("SELECT COUNT(*) FROM conflicts").await, 2);

    // B pulls, A writes again, B pulls that too — but B's next write was made before
    // that pull (its base is the older cursor): A's value was never on B's screen.
    let (_, seen_by_b) = app.pull_all(&b, 0).await;
    app.push(
        &a,
        vec![mutation(
            "subject",
            id,
            hlc_at(a.device_id, now + 2000, 0),
            json!({"address": "Jl. Keempat (fiktif)"}),
        )],
    )
    .await;
    app.pull_all(&b, seen_by_b).await;
    let mut written_offline = mutation(
        "subject",
        id,
        hlc_at(b.device_id, now + 3000, 0),
        json!({"address": "Jl. Kelima (fiktif)"}),
    );
    written_offline["base_seq"] = json!(seen_by_b);
    assert_eq!(
        statuses(&app.push(&b, vec![written_offline]).await),
        ["applied"]
    );
    // A, which never pulled, overwrote B's value (the third); B's write overwrote A's.
    assert_eq!(app.count("SELECT COUNT(*) FROM conflicts").await, 4);
    // A claims to have seen everything, but has not pulled B's value: still a conflict.
    let mut claims_too_much = mutation(
        "subject",
        id,
        hlc_at(a.device_id, now + 4000, 0),
        json!({"address": "Jl. Keenam (fiktif)"}),
    );
    claims_too_much["base_seq"] = json!(1_000_000);
    assert_eq!(
        statuses(&app.push(&a, vec![claims_too_much]).await),
        ["applied"]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM conflicts").await, 5);
}
on_both_backends!(older_writes_lose_and_are_kept_in_the_conflict_log);

fn inspection_fields(status: &str) -> Value {
    json!({
        "region_code": "51.01.04",
        "started_at": "2026-11-28T09:00:00+08:00",
        "place_name": "Vila Contoh",
        "warrant_number": "SPRIN/UJI/001",
        "status": status,
    })
}

async fn finalized_inspections_are_amend_only(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let (inspection, subject, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let now = now_millis();
    let tick = |n: u32| hlc_at(officer.device_id, now, n);
    let finding_fields = json!({"region_code": "51.01.04", "inspection_id": inspection, "subject_id": subject, "violations": ["overstay"]});
    let setup = app
        .push(
            &officer,
            vec![
                mutation(
                    "subject",
                    subject,
                    tick(0),
                    subject_fields("51.01.04", "DEMO"),
                ),
                mutation(
                    "inspection",
                    inspection,
                    tick(1),
                    inspection_fields("draft"),
                ),
                mutation("finding", finding, tick(2), finding_fields),
                mutation(
                    "inspection",
                    inspection,
                    tick(3),
                    json!({"status": "final"}),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&setup), ["applied"; 4]);
    let after = app
        .push(&officer, vec![
            mutation("inspection", inspection, tick(4), json!({"notes": "changed later"})),
            mutation("finding", finding, tick(5), json!({"notes": "changed later"})),
            mutation("finding", Uuid::now_v7(), tick(6), json!({"region_code": "51.01.04", "inspection_id": inspection, "subject_id": subject})),
            mutation("amendment", Uuid::now_v7(), tick(7), json!({
                "region_code": "51.01.04", "original_entity": "inspection", "original_id": inspection,
                "reason": "Salah ketik nama tempat", "changes": "place_name: Vila Contoh → Vila Contoh Dua"
            })),
        ])
        .await;
    assert_eq!(
        statuses(&after),
        ["rejected", "rejected", "rejected", "applied"]
    );
    for index in 0..3 {
        assert_eq!(after.body["results"][index]["error"]["code"], "finalized");
    }
    // Sent again under new op ids, as after a restore, writes the final records already
    // hold change nothing and are taken; one with an older value loses, kept for review.
    let conflicts_before = app.count("SELECT COUNT(*) FROM conflicts").await;
    let again = app
        .push(
            &officer,
            vec![
                mutation(
                    "inspection",
                    inspection,
                    tick(3),
                    json!({"status": "final"}),
                ),
                mutation(
                    "finding",
                    finding,
                    tick(2),
                    json!({"violations": ["overstay"]}),
                ),
                mutation(
                    "finding",
                    finding,
                    tick(1),
                    json!({"violations": ["no_document"]}),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&again), ["applied", "applied", "conflict"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM conflicts").await,
        conflicts_before + 1
    );
    let (changes, _) = app.pull_all(&officer, 0).await;
    let stored = changes
        .iter()
        .find(|c| c["id"] == json!(finding))
        .expect("the finding is pulled");
    assert_eq!(
        stored["record"]["violations"],
        json!(["overstay"]),
        "the final finding keeps its value"
    );
}
on_both_backends!(finalized_inspections_are_amend_only);

async fn finalizing_needs_a_warrant_or_a_reason(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer: Session = app.officer("budi", Role::Field, "jembrana").await;
    let mut fields = inspection_fields("final");
    fields
        .as_object_mut()
        .expect("object")
        .remove("warrant_number");
    let response = app
        .push(
            &officer,
            vec![mutation(
                "inspection",
                Uuid::now_v7(),
                hlc_at(officer.device_id, now_millis(), 0),
                fields,
            )],
        )
        .await;
    assert_eq!(
        response.body["results"][0]["error"]["field"],
        "warrant_number"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 0);
}
on_both_backends!(finalizing_needs_a_warrant_or_a_reason);

/// What a device sends again for a restored server: a pull says which write set which
/// value, and a relayed write under that stamp fills in only what the server lacks —
/// one the server already holds, or holds newer, leaves no change and no conflict.
async fn relayed_writes_fill_in_only_what_is_missing(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let writer = app.officer("budi", Role::Field, "jembrana").await;
    let holder = app.officer("ayu", Role::Field, "jembrana").await;
    let id = Uuid::now_v7();
    let now = now_millis();
    let stamp = |n: u32| hlc_at(writer.device_id, now, n);
    let written = app
        .push(
            &writer,
            vec![
                mutation("subject", id, stamp(0), subject_fields("51.01.04", "DEMO")),
                mutation(
                    "subject",
                    id,
                    stamp(2),
                    json!({"address": "Jl. Baru (fiktif)"}),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&written), ["applied", "applied"]);
    let (changes, _) = app.pull_all(&holder, 0).await;
    let stamps = &changes[0]["stamps"];
    assert_eq!(stamps.as_array().map(Vec::len), Some(2), "{stamps}");
    let address_write = stamps
        .as_array()
        .into_iter()
        .flatten()
        .find(|group| group["f"] == json!(["address"]))
        .expect("the address's write");
    assert_eq!(address_write["h"], json!(stamp(2)));

    // Stamped by the writer's clock, sent by the holder: relayed.
    let relayed = |n: u32, fields: Value| mutation("subject", id, stamp(n), fields);
    let (log, conflicts) = (
        app.count("SELECT COUNT(*) FROM change_log").await,
        app.count("SELECT COUNT(*) FROM conflicts").await,
    );
    let again = app
        .push(
            &holder,
            vec![
                relayed(0, subject_fields("51.01.04", "DEMO")),
                relayed(1, json!({"address": "Jl. Lama (fiktif)"})),
                relayed(1, json!({"notes": "Catatan yang hilang (fiktif)"})),
            ],
        )
        .await;
    assert_eq!(statuses(&again), ["duplicate", "duplicate", "applied"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM change_log").await,
        log + 1,
        "only the write that set something is logged"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM conflicts").await, conflicts);
    let (changes, _) = app.pull_all(&holder, 0).await;
    assert_eq!(changes[0]["record"]["address"], "Jl. Baru (fiktif)");
    assert_eq!(
        changes[0]["record"]["notes"],
        "Catatan yang hilang (fiktif)"
    );
}
on_both_backends!(relayed_writes_fill_in_only_what_is_missing);

/// A restored server may hear a finalization again before a write its predecessor took
/// first. Sent again naming the epoch that took it, that write is taken on the final
/// record, as it was then; a claim naming any other epoch, one restored too long ago, or
/// none at all is judged as a new write and refused.
async fn a_write_taken_before_the_restore_is_taken_again_after_a_finalization(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ayu = app.officer("ayu", Role::Field, "jembrana").await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let (inspection, subject, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let now = now_millis();
    let ayu_at = |n: u32| hlc_at(ayu.device_id, now, n);
    let setup = app
        .push(
            &ayu,
            vec![
                mutation("subject", subject, ayu_at(0), subject_fields("51.01.04", "DEMO")),
                mutation("inspection", inspection, ayu_at(1), inspection_fields("draft")),
                mutation(
                    "finding",
                    finding,
                    ayu_at(2),
                    json!({"region_code": "51.01.04", "inspection_id": inspection, "subject_id": subject}),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&setup), ["applied"; 3]);
    let before = setup.body["epoch"].as_str().expect("an epoch").to_string();
    let finalized = app
        .push(
            &budi,
            vec![mutation(
                "inspection",
                inspection,
                hlc_at(budi.device_id, now, 5),
                json!({"status": "final"}),
            )],
        )
        .await;
    assert_eq!(statuses(&finalized), ["applied"]);
    let claiming = |n: u32, epoch: Value| {
        let mut write = mutation(
            "finding",
            finding,
            ayu_at(n),
            json!({"notes": format!("catatan {n}")}),
        );
        write["acked_epoch"] = epoch;
        write
    };
    let refused_as = |response: &Response, index: usize| {
        response.body["results"][index]["error"]["code"]
            .as_str()
            .map(str::to_string)
    };
    // The epoch in force is no earlier server: the write is new, and the record final.
    let current = app.push(&ayu, vec![claiming(3, json!(before))]).await;
    assert_eq!(refused_as(&current, 0).as_deref(), Some("finalized"));

    let restored = app.db.renew_epoch(now as i64).await.expect("a new epoch");
    let changes = app.count("SELECT COUNT(*) FROM change_log").await;
    let judged_new = app
        .push(
            &ayu,
            vec![
                mutation(
                    "finding",
                    finding,
                    ayu_at(3),
                    json!({"notes": "tanpa klaim"}),
                ),
                claiming(3, json!(Uuid::new_v4())),
                claiming(3, json!("bukan-uuid")),
            ],
        )
        .await;
    assert_eq!(statuses(&judged_new), ["rejected"; 3]);
    assert_eq!(refused_as(&judged_new, 0).as_deref(), Some("finalized"));
    assert_eq!(refused_as(&judged_new, 1).as_deref(), Some("finalized"));
    assert_eq!(
        judged_new.body["results"][2]["error"]["field"], "acked_epoch",
        "a claim that is no epoch names its field"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM change_log").await, changes);

    // Ayu's own write, and the same record's write relayed by Budi: both taken.
    let mut relayed = mutation(
        "inspection",
        inspection,
        ayu_at(4),
        json!({"notes": "diteruskan (fiktif)"}),
    );
    relayed["acked_epoch"] = json!(before);
    let taken = app.push(&ayu, vec![claiming(3, json!(before))]).await;
    let relay = app.push(&budi, vec![relayed]).await;
    assert_eq!(statuses(&taken), ["applied"]);
    assert_eq!(statuses(&relay), ["applied"]);
    let (pulled, _) = app.pull_all(&budi, 0).await;
    let record = |id: Uuid| {
        pulled
            .iter()
            .find(|change| change["id"] == json!(id))
            .map(|change| change["record"].clone())
            .expect("pulled")
    };
    assert_eq!(record(finding)["notes"], "catatan 3");
    assert_eq!(record(inspection)["notes"], "diteruskan (fiktif)");
    assert_eq!(
        record(inspection)["status"],
        "final",
        "and the inspection stays final"
    );

    // A restore longer ago than a tablet keeps its writes: no claim on it is believed.
    let long_ago = (now - KEEP_ACKNOWLEDGED_MS - 1) as i64;
    app.db.renew_epoch(long_ago).await.expect("a new epoch");
    let too_late = app.push(&ayu, vec![claiming(6, json!(restored))]).await;
    assert_eq!(refused_as(&too_late, 0).as_deref(), Some("finalized"));
}
on_both_backends!(a_write_taken_before_the_restore_is_taken_again_after_a_finalization);

/// A stay permit ends no earlier than it starts: the write that breaks it is refused
/// naming the date it set, and leaves the record as it was.
async fn a_permit_ending_before_it_starts_is_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    let (refused, kept) = (Uuid::now_v7(), Uuid::now_v7());
    let write = |id: Uuid, n: u32, fields: Value| {
        mutation("subject", id, hlc_at(officer.device_id, now, n), fields)
    };
    let answer = |response: &Response| {
        let result = &response.body["results"][0];
        (
            result["status"].as_str().unwrap_or("").to_string(),
            result["error"]["code"].as_str().unwrap_or("").to_string(),
            result["error"]["field"].as_str().unwrap_or("").to_string(),
        )
    };
    let refusal =
        |code: &str, field: &str| ("rejected".to_string(), code.to_string(), field.to_string());

    let mut backwards = subject_fields("51.01.04", "CONTOH IZIN TERBALIK");
    backwards["permit_start"] = json!("2027-01-10");
    let response = app.push(&officer, vec![write(refused, 0, backwards)]).await;
    assert_eq!(answer(&response), refusal("too_early", "permit_expiry"));
    assert!(
        response.body["results"][0]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("2027-01-10")),
        "{:?}",
        response.body
    );
    assert_eq!(subject_count(&app).await, 0);

    let mut person = subject_fields("51.01.04", "CONTOH IZIN");
    person["permit_start"] = json!("2026-01-01");
    let response = app.push(&officer, vec![write(kept, 1, person)]).await;
    assert_eq!(statuses(&response), ["applied"]);
    let changes = app.count("SELECT COUNT(*) FROM change_log").await;
    let response = app
        .push(
            &officer,
            vec![write(kept, 2, json!({"permit_start": "2027-02-01"}))],
        )
        .await;
    assert_eq!(answer(&response), refusal("too_late", "permit_start"));
    let response = app
        .push(
            &officer,
            vec![write(kept, 3, json!({"permit_expiry": "2025-12-31"}))],
        )
        .await;
    assert_eq!(answer(&response), refusal("too_early", "permit_expiry"));
    assert_eq!(app.count("SELECT COUNT(*) FROM change_log").await, changes);

    // Both moved together, a renewal: taken.
    let response = app
        .push(
            &officer,
            vec![write(
                kept,
                4,
                json!({"permit_start": "2027-01-01", "permit_expiry": "2027-12-31"}),
            )],
        )
        .await;
    assert_eq!(statuses(&response), ["applied"]);
}
on_both_backends!(a_permit_ending_before_it_starts_is_refused);
