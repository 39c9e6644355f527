//! The administrative actions as data: the seeded table reaches every device with each
//! action's name, an administrator adds an action from a day and retires one for its
//! successor, and every refusal names its field and changes nothing.

use crate::helpers::{Engine, Response, Session, TestApp, code_of, refusal};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::clock::Clock;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use serde_json::{Value, json};

/// 2026-12-20 12:00 in Bali.
const TODAY_MS: i64 = 1_797_739_200_000;

async fn send(app: &TestApp, who: &Session, method: &str, path: &str, body: Value) -> Response {
    let path = format!("/api/admin/administrative-actions/{path}");
    app.request(method, &path, Some(&who.token), Some(body))
        .await
}

fn new_action(from: &str) -> Value {
    json!({"label_id": "Tindakan uji (fiktif)", "label_en": "Trial action (fictitious)",
           "valid_from": from})
}

async fn an_administrator_adds_and_retires_administrative_actions(engine: Engine) {
    let settings = Settings {
        clock: Clock::manual(TODAY_MS),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let actions = || app.count("SELECT COUNT(*) FROM administrative_actions");

    let read = app
        .request("GET", "/api/settings", Some(&officer.token), None)
        .await;
    let seeded = &read.body["administrative_actions"];
    assert_eq!(seeded.as_array().map(Vec::len), Some(10));
    assert_eq!(code_of(seeded, "deportation")["label_id"], "Deportasi");
    assert_eq!(code_of(seeded, "deportation")["valid_from"], Value::Null);

    let refused = [
        (
            send(&app, &admin, "PUT", "deportation", new_action("2027-01-01")).await,
            (StatusCode::CONFLICT, "code_taken", "code"),
        ),
        (
            send(&app, &admin, "PUT", "Area-Ban", new_action("2027-01-01")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_format", "code"),
        ),
        (
            send(&app, &admin, "PUT", "area_ban", new_action("2026-12-19")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "valid_from"),
        ),
        (
            send(
                &app,
                &admin,
                "PUT",
                "area_ban",
                json!({"label_id": "x".repeat(201), "label_en": "Area ban", "valid_from": "2027-01-01"}),
            )
            .await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_format",
                "label_id",
            ),
        ),
        (
            send(
                &app,
                &admin,
                "PUT",
                "area_ban",
                json!({"label_id": "Uji", "valid_from": "2027-01-01"}),
            )
            .await,
            (StatusCode::BAD_REQUEST, "required", "label_en"),
        ),
        (
            send(&app, &admin, "PUT", "area_ban", json!({"purpose_id": "x"})).await,
            (StatusCode::BAD_REQUEST, "unknown_field", "purpose_id"),
        ),
        (
            send(&app, &officer, "PUT", "area_ban", new_action("2027-01-01")).await,
            (StatusCode::FORBIDDEN, "forbidden", ""),
        ),
        (
            send(
                &app,
                &admin,
                "POST",
                "detention/retire",
                json!({"valid_to": "2026-12-31"}),
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
    assert_eq!(actions().await, 10);

    let added = send(&app, &admin, "PUT", "area_ban", new_action("2027-01-01")).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    let retirement = json!({"valid_to": "2026-12-31", "successor": "area_ban"});
    let retired = send(&app, &admin, "POST", "place_ban/retire", retirement).await;
    assert_eq!(retired.status, StatusCode::OK, "{:?}", retired.body);
    let place_ban = code_of(&retired.body["administrative_actions"], "place_ban");
    assert_eq!(
        (&place_ban["valid_to"], &place_ban["successor"]),
        (&json!("2026-12-31"), &json!("area_ban"))
    );
    // Each change is in the access log with the administrator who made it.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM access_log WHERE target = 'administrative_actions'")
            .await,
        2
    );
}
on_both_backends!(an_administrator_adds_and_retires_administrative_actions);
