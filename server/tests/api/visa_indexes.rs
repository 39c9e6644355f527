//! The visa index codes as data: the seeded table reaches every device, an
//! administrator adds a code from a day and retires one for its successor, and every
//! refusal names its field and changes nothing.

use crate::helpers::{
    Engine, Response, Session, TestApp, code_of, hlc_at, mutation, refusal, statuses,
    subject_fields,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::clock::Clock;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use serde_json::{Value, json};

/// 2026-12-20 12:00 in Bali.
const TODAY_MS: i64 = 1_797_739_200_000;

async fn send(app: &TestApp, who: &Session, method: &str, path: &str, body: Value) -> Response {
    app.request(method, path, Some(&who.token), Some(body))
        .await
}

async fn put(app: &TestApp, admin: &Session, code: &str, body: Value) -> Response {
    let path = format!("/api/admin/visa-indexes/{code}");
    send(app, admin, "PUT", &path, body).await
}

async fn retire(app: &TestApp, admin: &Session, code: &str, body: Value) -> Response {
    let path = format!("/api/admin/visa-indexes/{code}/retire");
    send(app, admin, "POST", &path, body).await
}

fn new_code(from: &str) -> Value {
    json!({"purpose_id": "Uji coba (fiktif)", "purpose_en": "Trial (fictitious)",
           "permit_type": "ITK", "valid_from": from})
}

async fn an_administrator_adds_and_retires_visa_codes(engine: Engine) {
    let settings = Settings {
        clock: Clock::manual(TODAY_MS),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let codes = || app.count("SELECT COUNT(*) FROM visa_indexes");

    // Every device reads the seeded table, with each code's purpose and permit.
    let read = app
        .request("GET", "/api/settings", Some(&officer.token), None)
        .await;
    assert_eq!(read.body["visa_indexes"].as_array().map(Vec::len), Some(8));
    let c1 = code_of(&read.body["visa_indexes"], "C1");
    assert_eq!(c1["permit_type"], "ITK");
    assert_eq!(c1["purpose_en"], "Tourist visit");
    assert_eq!(c1["valid_to"], Value::Null);

    let added = send(
        &app,
        &admin,
        "PUT",
        "/api/admin/visa-indexes/Z1",
        new_code("2026-12-20"),
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    assert_eq!(
        code_of(&added.body["visa_indexes"], "Z1")["valid_from"],
        "2026-12-20"
    );

    let without_purpose = json!({"purpose_id": "Uji", "valid_from": "2027-01-01"});
    let bad_permit = json!({"purpose_id": "Uji", "purpose_en": "Trial", "permit_type": "VISA", "valid_from": "2027-01-01"});
    let refused = [
        (
            put(&app, &admin, "C1", new_code("2027-01-01")).await,
            (StatusCode::CONFLICT, "code_taken", "code"),
        ),
        (
            put(&app, &admin, "z2", new_code("2027-01-01")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_format", "code"),
        ),
        (
            put(&app, &admin, "Z2", new_code("2026-12-19")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "valid_from"),
        ),
        (
            put(&app, &admin, "Z2", new_code("2026-12-32")).await,
            (StatusCode::BAD_REQUEST, "invalid_date", "valid_from"),
        ),
        (
            put(&app, &admin, "Z2", without_purpose).await,
            (StatusCode::BAD_REQUEST, "required", "purpose_en"),
        ),
        (
            put(&app, &admin, "Z2", bad_permit).await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_allowed_value",
                "permit_type",
            ),
        ),
        (
            put(&app, &admin, "Z2", json!({"purpose": "x"})).await,
            (StatusCode::BAD_REQUEST, "unknown_field", "purpose"),
        ),
        (
            send(
                &app,
                &officer,
                "PUT",
                "/api/admin/visa-indexes/Z2",
                new_code("2027-01-01"),
            )
            .await,
            (StatusCode::FORBIDDEN, "forbidden", ""),
        ),
    ];
    for (response, expected) in &refused {
        assert_eq!(refusal(response), *expected, "{:?}", response.body);
    }
    assert_eq!(codes().await, 9);

    // A code in force is retired only for a successor in force the day after.
    let refused = [
        (
            retire(&app, &admin, "C1", json!({"valid_to": "2026-12-31"})).await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "successor_required",
                "successor",
            ),
        ),
        (
            retire(
                &app,
                &admin,
                "C1",
                json!({"valid_to": "2026-12-31", "successor": "X9"}),
            )
            .await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "successor_required",
                "successor",
            ),
        ),
        (
            retire(
                &app,
                &admin,
                "C1",
                json!({"valid_to": "2026-12-19", "successor": "Z1"}),
            )
            .await,
            (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "valid_to"),
        ),
        (
            retire(
                &app,
                &admin,
                "X9",
                json!({"valid_to": "2026-12-31", "successor": "Z1"}),
            )
            .await,
            (StatusCode::NOT_FOUND, "not_found", "code"),
        ),
    ];
    for (response, expected) in &refused {
        assert_eq!(refusal(response), *expected, "{:?}", response.body);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM visa_indexes WHERE valid_to <> ''")
            .await,
        0
    );

    let retired = retire(
        &app,
        &admin,
        "C1",
        json!({"valid_to": "2026-12-31", "successor": "Z1"}),
    )
    .await;
    assert_eq!(retired.status, StatusCode::OK, "{:?}", retired.body);
    let c1 = code_of(&retired.body["visa_indexes"], "C1");
    assert_eq!(
        (&c1["valid_to"], &c1["successor"]),
        (&json!("2026-12-31"), &json!("Z1"))
    );
    let again = retire(
        &app,
        &admin,
        "C1",
        json!({"valid_to": "2027-01-31", "successor": "Z1"}),
    )
    .await;
    assert_eq!(
        refusal(&again),
        (StatusCode::CONFLICT, "retired", "valid_to")
    );

    // The device reads the retired code still, for the records that carry it.
    let read = app
        .request("GET", "/api/settings", Some(&officer.token), None)
        .await;
    assert_eq!(
        code_of(&read.body["visa_indexes"], "C1")["valid_to"],
        "2026-12-31"
    );
}
on_both_backends!(an_administrator_adds_and_retires_visa_codes);

/// A subject write setting `visa_code`, stamped at `millis`.
fn visa_write(officer: &Session, id: uuid::Uuid, millis: u64, fields: Value) -> Value {
    mutation("subject", id, hlc_at(officer.device_id, millis, 0), fields)
}

/// A pushed visa code is judged by the table in force on the write's day; a code a
/// record holds is never judged again, so retiring it refuses only new uses.
async fn a_pushed_visa_code_is_judged_by_the_table_of_its_day(engine: Engine) {
    // The office's calendar stands at 2026-06-01, where the retirement below is still
    // ahead; a month later it has passed.
    const JUNE_MS: i64 = 1_780_272_000_000;
    let settings = Settings {
        clock: Clock::manual(JUNE_MS),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = app.now_ms();
    let (kept, unknown) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    let with_code = |name: &str, code: &str| {
        let mut fields = subject_fields("51.01.04", name);
        fields["visa_code"] = json!(code);
        fields
    };
    let pushed = app
        .push(
            &officer,
            vec![
                visa_write(&officer, kept, now, with_code("DEMO VISA C1", "C1")),
                visa_write(&officer, unknown, now, with_code("DEMO VISA XX", "XX")),
            ],
        )
        .await;
    assert_eq!(
        statuses(&pushed),
        ["applied", "rejected"],
        "{:?}",
        pushed.body
    );
    let refused = &pushed.body["results"][1]["error"];
    assert_eq!(
        (&refused["code"], &refused["field"]),
        (&json!("not_allowed_value"), &json!("visa_code"))
    );

    // C1 is retired after June for Z1.
    let added = put(&app, &admin, "Z1", new_code("2026-07-01")).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    let retired = retire(
        &app,
        &admin,
        "C1",
        json!({"valid_to": "2026-06-30", "successor": "Z1"}),
    )
    .await;
    assert_eq!(retired.status, StatusCode::OK, "{:?}", retired.body);

    // In July, a new use of C1 is refused; the record that holds it is edited freely,
    // and Z1 is taken.
    app.days_pass(31);
    let officer = app.login("budi").await;
    let later = app.now_ms();
    let fresh = uuid::Uuid::now_v7();
    let pushed = app
        .push(
            &officer,
            vec![
                visa_write(&officer, fresh, later, with_code("DEMO VISA BARU", "C1")),
                visa_write(
                    &officer,
                    kept,
                    later,
                    json!({"visa_code": "C1", "position": "Guru (fiktif)"}),
                ),
                mutation(
                    "subject",
                    fresh,
                    hlc_at(officer.device_id, later, 1),
                    with_code("DEMO VISA BARU", "Z1"),
                ),
            ],
        )
        .await;
    assert_eq!(
        statuses(&pushed),
        ["rejected", "applied", "applied"],
        "{:?}",
        pushed.body
    );
}
on_both_backends!(a_pushed_visa_code_is_judged_by_the_table_of_its_day);
