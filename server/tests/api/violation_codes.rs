//! The violation codes as data: the seeded table reaches every device with each code's
//! name; an administrator adds a code from a day and retires one for its successor; a
//! finding's violations, and an amendment's correction of them, are judged by the table
//! in force on the day they are written, and a retired code stays on the findings that
//! carry it.

use crate::case_review::finding_with;
use crate::helpers::{
    Engine, Response, Session, TestApp, code_of, counted_labels, hlc_at, mutation, refusal,
    refused_fields, statuses,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::clock::Clock;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

/// 2026-12-01 12:00 in Bali: the server's today, before any day the tests push on.
const TODAY_MS: i64 = 1_796_097_600_000;

async fn send(app: &TestApp, who: &Session, method: &str, path: &str, body: Value) -> Response {
    let path = format!("/api/admin/violation-codes/{path}");
    app.request(method, &path, Some(&who.token), Some(body))
        .await
}

fn new_code(from: &str) -> Value {
    json!({"label_id": "Penjamin palsu (uji)", "label_en": "Sham sponsor (test)",
           "valid_from": from})
}

async fn violation_codes_are_data_judged_on_the_day_a_finding_is_written(engine: Engine) {
    let settings = Settings {
        clock: Clock::manual(TODAY_MS),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("komang", Role::Coordinator, "jembrana").await;

    let read = app
        .request("GET", "/api/settings", Some(&officer.token), None)
        .await;
    let seeded = &read.body["violation_codes"];
    assert_eq!(seeded.as_array().map(Vec::len), Some(10), "{:?}", read.body);
    assert_eq!(code_of(seeded, "overstay")["label_en"], "Overstay");

    // Refusals name their field and change nothing.
    let refused = [
        (
            send(&app, &admin, "PUT", "overstay", new_code("2026-12-01")).await,
            (StatusCode::CONFLICT, "code_taken", "code"),
        ),
        (
            send(&app, &admin, "PUT", "Sham-Sponsor", new_code("2026-12-01")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_format", "code"),
        ),
        (
            send(&app, &admin, "PUT", "sham_sponsor", new_code("2026-11-30")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "valid_from"),
        ),
        (
            send(
                &app,
                &officer,
                "PUT",
                "sham_sponsor",
                new_code("2026-12-01"),
            )
            .await,
            (StatusCode::FORBIDDEN, "forbidden", ""),
        ),
        (
            send(
                &app,
                &admin,
                "POST",
                "no_document/retire",
                json!({"valid_to": "2026-12-01"}),
            )
            .await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "successor_required",
                "successor",
            ),
        ),
    ];
    for (response, expected) in &refused {
        assert_eq!(refusal(response), *expected, "{:?}", response.body);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM violation_codes").await, 10);

    // A finding written now keeps no_document; the code is then retired after today.
    let kept = finding_with(
        &app,
        &officer,
        "draft",
        "DEMO PELANGGARAN LAMA",
        json!({"violations": ["no_document"]}),
    )
    .await;
    let added = send(&app, &admin, "PUT", "sham_sponsor", new_code("2026-12-01")).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    let later = send(&app, &admin, "PUT", "fake_visa", new_code("2099-01-01")).await;
    assert_eq!(later.status, StatusCode::OK, "{:?}", later.body);
    let retirement = json!({"valid_to": "2026-12-01", "successor": "false_information"});
    let retired = send(&app, &admin, "POST", "no_document/retire", retirement).await;
    assert_eq!(retired.status, StatusCode::OK, "{:?}", retired.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM access_log WHERE target = 'violation_codes'")
            .await,
        3
    );

    // Written the next day: a retired code and one not yet in force are refused, on the
    // finding and on an amendment's correction alike; a code in force is taken.
    app.days_pass(1);
    let now = app.now_ms();
    let tick = |n: u32| hlc_at(officer.device_id, now, n);
    let pushed = app
        .push(
            &officer,
            vec![
                mutation("finding", kept, tick(1), json!({"violations": ["no_document", "sham_sponsor"]})),
                mutation("finding", kept, tick(2), json!({"violations": ["no_document", "fake_visa"]})),
                mutation("finding", kept, tick(3), json!({"violations": ["overstay", "no_document", "permit_misuse"]})),
                mutation(
                    "amendment",
                    Uuid::now_v7(),
                    tick(4),
                    json!({"region_code": "51.01.04", "original_entity": "finding",
                           "original_id": kept, "reason": "Salah catat (uji)",
                           "changes": "pelanggaran", "corrections": {"violations": ["no_document"]}}),
                ),
            ],
        )
        .await;
    assert_eq!(
        refused_fields(&pushed),
        [
            ("not_allowed_value".to_string(), "violations".to_string()),
            (
                "not_allowed_value".to_string(),
                "corrections.violations".to_string()
            ),
        ],
        "{:?}",
        pushed.body
    );
    assert_eq!(
        statuses(&pushed),
        ["applied", "rejected", "applied", "rejected"]
    );

    // The counts name a code by its table.
    let named = counted_labels(
        &app,
        &coordinator,
        "measure=violations&by=violation&region=51.01",
        "id",
    )
    .await;
    assert!(
        named.contains(&("permit_misuse".into(), "Penyalahgunaan izin tinggal".into())),
        "{named:?}"
    );
    assert!(
        named.contains(&(
            "no_document".into(),
            "Tidak dapat menunjukkan dokumen".into()
        )),
        "{named:?}"
    );
}
on_both_backends!(violation_codes_are_data_judged_on_the_day_a_finding_is_written);
