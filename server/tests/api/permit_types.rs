//! The stay permit types as data: the seeded table reaches every device with each type's
//! name; an administrator adds a type from a day and retires one for its successor; a
//! visa index code leads only to a type in force on its first day; a foreign national's
//! permit type is judged by the table in force on the day it is written, and a retired
//! type stays on the records that carry it.

use crate::helpers::{
    Engine, Response, Session, TestApp, code_of, counted_labels, hlc_at, mutation, refusal,
    refused_fields, statuses, subject_fields,
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

async fn send(app: &TestApp, who: &Session, path: &str, body: Value) -> Response {
    let (method, path) = match path.strip_prefix("visa:") {
        Some(code) => ("PUT", format!("/api/admin/visa-indexes/{code}")),
        None if path.ends_with("/retire") => ("POST", format!("/api/admin/permit-types/{path}")),
        None => ("PUT", format!("/api/admin/permit-types/{path}")),
    };
    app.request(method, &path, Some(&who.token), Some(body))
        .await
}

fn new_type(from: &str) -> Value {
    json!({"label_id": "Izin Tinggal Uji (fiktif)", "label_en": "Trial stay permit (fictitious)",
           "valid_from": from})
}

fn visa_leading_to(permit: &str) -> Value {
    json!({"purpose_id": "Uji (fiktif)", "purpose_en": "Trial (fictitious)",
           "permit_type": permit, "valid_from": "2026-12-01"})
}

async fn permit_types_are_data_judged_on_the_day_a_subject_is_written(engine: Engine) {
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
    let seeded = &read.body["permit_types"];
    assert_eq!(seeded.as_array().map(Vec::len), Some(5), "{:?}", read.body);
    assert_eq!(
        code_of(seeded, "ITAS")["label_en"],
        "Limited stay permit (KITAS)"
    );

    // Refusals name their field and change nothing.
    let refused = [
        (
            send(&app, &admin, "ITAS", new_type("2026-12-01")).await,
            (StatusCode::CONFLICT, "code_taken", "code"),
        ),
        (
            send(&app, &admin, "itx", new_type("2026-12-01")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_format", "code"),
        ),
        (
            send(&app, &admin, "ITX", new_type("2026-11-30")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "valid_from"),
        ),
        (
            send(&app, &officer, "ITX", new_type("2026-12-01")).await,
            (StatusCode::FORBIDDEN, "forbidden", ""),
        ),
        (
            send(
                &app,
                &admin,
                "ITK/retire",
                json!({"valid_to": "2026-12-01"}),
            )
            .await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "successor_required",
                "successor",
            ),
        ),
        (
            send(&app, &admin, "visa:Z1", visa_leading_to("ITX")).await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_allowed_value",
                "permit_type",
            ),
        ),
    ];
    for (response, expected) in &refused {
        assert_eq!(refusal(response), *expected, "{:?}", response.body);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM permit_types").await, 5);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM visa_indexes WHERE code = 'Z1'")
            .await,
        0
    );

    // A foreign national written now keeps ITK; a new visit permit then takes its place
    // after today, and a visa index code leads to it.
    let kept = Uuid::now_v7();
    let first = app
        .push(
            &officer,
            vec![mutation(
                "subject",
                kept,
                hlc_at(officer.device_id, app.now_ms(), 0),
                subject_fields("51.01.04", "DEMO IZIN LAMA"),
            )],
        )
        .await;
    assert_eq!(statuses(&first), ["applied"], "{:?}", first.body);
    for (path, body) in [
        ("ITKX", new_type("2026-12-01")),
        ("ITFUTURE", new_type("2099-01-01")),
        (
            "ITK/retire",
            json!({"valid_to": "2026-12-01", "successor": "ITKX"}),
        ),
        ("visa:Z1", visa_leading_to("ITKX")),
    ] {
        let changed = send(&app, &admin, path, body).await;
        assert_eq!(changed.status, StatusCode::OK, "{path}: {:?}", changed.body);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM access_log WHERE target = 'permit_types'")
            .await,
        3
    );

    // Written the next day: the retired type and one not yet in force are refused; the
    // record that holds the retired type keeps it; the successor is taken.
    app.days_pass(1);
    let now = app.now_ms();
    let with_permit = |name: &str, permit: &str| {
        let mut fields = subject_fields("51.01.04", name);
        fields["permit_type"] = json!(permit);
        fields
    };
    let pushed = app
        .push(
            &officer,
            vec![
                mutation(
                    "subject",
                    Uuid::now_v7(),
                    hlc_at(officer.device_id, now, 1),
                    with_permit("DEMO IZIN PENSIUN", "ITK"),
                ),
                mutation(
                    "subject",
                    Uuid::now_v7(),
                    hlc_at(officer.device_id, now, 2),
                    with_permit("DEMO IZIN MASA DEPAN", "ITFUTURE"),
                ),
                mutation(
                    "subject",
                    kept,
                    hlc_at(officer.device_id, now, 3),
                    json!({"address": "Jl. Uji No. 1 (fiktif)", "permit_type": "ITK"}),
                ),
                mutation(
                    "subject",
                    Uuid::now_v7(),
                    hlc_at(officer.device_id, now, 4),
                    with_permit("DEMO IZIN BARU", "ITKX"),
                ),
            ],
        )
        .await;
    assert_eq!(
        statuses(&pushed),
        ["rejected", "rejected", "applied", "applied"],
        "{:?}",
        pushed.body
    );
    let refused = ("not_allowed_value".to_string(), "permit_type".to_string());
    assert_eq!(refused_fields(&pushed), [refused.clone(), refused]);

    // The counts name a type by its table, a retired one included.
    let named = counted_labels(
        &app,
        &coordinator,
        "measure=subjects&by=permit_type&region=51.01",
        "en",
    )
    .await;
    assert!(
        named.contains(&("ITK".into(), "Visit stay permit".into())),
        "{named:?}"
    );
    assert!(
        named.contains(&("ITKX".into(), "Trial stay permit (fictitious)".into())),
        "{named:?}"
    );
}
on_both_backends!(permit_types_are_data_judged_on_the_day_a_subject_is_written);
