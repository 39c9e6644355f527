//! The member agencies as data: the seeded table reaches every device with each agency's
//! name; an administrator adds an agency from a day and retires one for its successor; an
//! account is made or moved only to an agency in force; the agencies an inspection names and a
//! follow-up's owner are judged by the table in force on the day they are written, and a
//! retired agency stays on the records that carry it. An officer moved to the successor
//! moves along the successor's follow-ups.

use crate::helpers::{
    Engine, PASSWORD, Response, Session, TestApp, code_of, counted_labels, hlc_at, mutation,
    refusal, refused_fields, statuses,
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
    let method = if path.ends_with("/retire") {
        "POST"
    } else {
        "PUT"
    };
    let path = format!("/api/admin/agencies/{path}");
    app.request(method, &path, Some(&who.token), Some(body))
        .await
}

async fn move_to(app: &TestApp, admin: &Session, username: &str, agency: &str) -> Response {
    let path = format!("/api/admin/accounts/{username}/agency");
    let body = json!({ "agency": agency });
    app.request("POST", &path, Some(&admin.token), Some(body))
        .await
}

fn new_agency(from: &str) -> Value {
    json!({"label_id": "Badan Uji (fiktif)", "label_en": "Trial agency (fictitious)",
           "valid_from": from})
}

fn account(username: &str, agency: &str) -> Value {
    json!({"username": username, "name": "Petugas Uji (fiktif)", "role": "field",
           "team_id": "jembrana", "agency": agency, "password": PASSWORD})
}

fn inspection_with(agencies: &[&str]) -> Value {
    json!({
        "region_code": "51.01.04",
        "started_at": "2026-11-28T09:00:00+08:00",
        "place_name": "Vila Contoh (fiktif)",
        "warrant_number": "SPRIN/UJI/001",
        "agencies": agencies,
    })
}

fn follow_up_owned_by(meeting: Uuid, owner: &str) -> Value {
    json!({
        "region_code": "51.01",
        "meeting_id": meeting,
        "description": "Tindak lanjut uji (fiktif)",
        "owner_agency": owner,
        "due_date": "2026-12-15",
    })
}

async fn agencies_are_data_judged_on_the_day_a_record_names_them(engine: Engine) {
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
    let seeded = &read.body["agencies"];
    assert_eq!(seeded.as_array().map(Vec::len), Some(23), "{:?}", read.body);
    assert_eq!(
        code_of(seeded, "SATPOL_PP")["label_en"],
        "Civil service police"
    );

    // Refusals name their field and change nothing.
    let refused = [
        (
            send(&app, &admin, "POLRES", new_agency("2026-12-01")).await,
            (StatusCode::CONFLICT, "code_taken", "code"),
        ),
        (
            send(&app, &admin, "badan_uji", new_agency("2026-12-01")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_format", "code"),
        ),
        (
            send(&app, &admin, "_UJI", new_agency("2026-12-01")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_format", "code"),
        ),
        (
            send(&app, &admin, "BAKESBANGPOL", new_agency("2026-11-30")).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "valid_from"),
        ),
        (
            send(&app, &officer, "BAKESBANGPOL", new_agency("2026-12-01")).await,
            (StatusCode::FORBIDDEN, "forbidden", ""),
        ),
        (
            send(
                &app,
                &admin,
                "KESBANGPOL/retire",
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
            app.request(
                "POST",
                "/api/admin/accounts",
                Some(&admin.token),
                Some(account("bakesbang", "BAKESBANGPOL")),
            )
            .await,
            (StatusCode::BAD_REQUEST, "not_allowed_value", "agency"),
        ),
    ];
    for (response, expected) in &refused {
        assert_eq!(refusal(response), *expected, "{:?}", response.body);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM agencies").await, 23);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM officers WHERE username = 'bakesbang'")
            .await,
        0
    );

    // Written today: an inspection names KESBANGPOL, and a Rakor is held.
    let kept = Uuid::now_v7();
    let meeting = Uuid::now_v7();
    let first = app
        .push(
            &coordinator,
            vec![
                mutation(
                    "inspection",
                    kept,
                    hlc_at(coordinator.device_id, app.now_ms(), 0),
                    inspection_with(&["KESBANGPOL"]),
                ),
                mutation(
                    "meeting",
                    meeting,
                    hlc_at(coordinator.device_id, app.now_ms(), 0),
                    json!({"region_code": "51.01", "date": "2026-12-01",
                           "place": "Aula uji (fiktif)", "theme": "Rakor uji"}),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&first), ["applied"; 2], "{:?}", first.body);

    // The regional unity office takes KESBANGPOL's place after today; another agency
    // joins only in the future.
    for (path, body) in [
        ("BAKESBANGPOL", new_agency("2026-12-01")),
        ("FUTURE_AGENCY", new_agency("2099-01-01")),
        (
            "KESBANGPOL/retire",
            json!({"valid_to": "2026-12-01", "successor": "BAKESBANGPOL"}),
        ),
    ] {
        let changed = send(&app, &admin, path, body).await;
        assert_eq!(changed.status, StatusCode::OK, "{path}: {:?}", changed.body);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM access_log WHERE target = 'agencies'")
            .await,
        3
    );
    let created = app
        .request(
            "POST",
            "/api/admin/accounts",
            Some(&admin.token),
            Some(account("bakesbang", "BAKESBANGPOL")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let future = app
        .request(
            "POST",
            "/api/admin/accounts",
            Some(&admin.token),
            Some(account("masadepan", "FUTURE_AGENCY")),
        )
        .await;
    assert_eq!(
        refusal(&future),
        (StatusCode::BAD_REQUEST, "not_allowed_value", "agency")
    );
    let newcomer = app.login("bakesbang").await;
    let me = app
        .request("GET", "/api/auth/me", Some(&newcomer.token), None)
        .await;
    assert_eq!(me.body["agency"], "BAKESBANGPOL", "{:?}", me.body);

    // Written the next day: the retired agency and one not yet in force are refused on a
    // new inspection and as a follow-up's owner; the inspection that names the retired
    // agency keeps it beside a new one; the successor is taken.
    app.days_pass(1);
    let now = app.now_ms();
    let owned_by_successor = Uuid::now_v7();
    let pushed = app
        .push(
            &coordinator,
            vec![
                mutation(
                    "inspection",
                    Uuid::now_v7(),
                    hlc_at(coordinator.device_id, now, 1),
                    inspection_with(&["POLRES", "KESBANGPOL"]),
                ),
                mutation(
                    "inspection",
                    Uuid::now_v7(),
                    hlc_at(coordinator.device_id, now, 2),
                    inspection_with(&["FUTURE_AGENCY"]),
                ),
                mutation(
                    "action_item",
                    Uuid::now_v7(),
                    hlc_at(coordinator.device_id, now, 3),
                    follow_up_owned_by(meeting, "KESBANGPOL"),
                ),
                mutation(
                    "inspection",
                    kept,
                    hlc_at(coordinator.device_id, now, 4),
                    json!({"agencies": ["KESBANGPOL", "POLRES"]}),
                ),
                mutation(
                    "inspection",
                    Uuid::now_v7(),
                    hlc_at(coordinator.device_id, now, 5),
                    inspection_with(&["BAKESBANGPOL"]),
                ),
                mutation(
                    "action_item",
                    owned_by_successor,
                    hlc_at(coordinator.device_id, now, 6),
                    follow_up_owned_by(meeting, "BAKESBANGPOL"),
                ),
            ],
        )
        .await;
    assert_eq!(
        statuses(&pushed),
        [
            "rejected", "rejected", "rejected", "applied", "applied", "applied"
        ],
        "{:?}",
        pushed.body
    );
    let on = |field: &str| ("not_allowed_value".to_string(), field.to_string());
    assert_eq!(
        refused_fields(&pushed),
        [on("agencies"), on("agencies"), on("owner_agency")]
    );

    // An officer of the retired agency is moved to its successor, and then moves along
    // the successor's follow-ups; an agency not in force, or no such account, is refused.
    let kesbang = "kesbang";
    app.add_user_of(kesbang, Role::Field, Some("jembrana"), "KESBANGPOL")
        .await;
    assert_eq!(
        refusal(&move_to(&app, &admin, kesbang, "FUTURE_AGENCY").await),
        (StatusCode::BAD_REQUEST, "not_allowed_value", "agency")
    );
    assert_eq!(
        move_to(&app, &admin, "tidak-ada", "BAKESBANGPOL")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let moved = move_to(&app, &admin, kesbang, "BAKESBANGPOL").await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    let officer_of_successor = app.login(kesbang).await;
    let roster = app
        .request(
            "GET",
            "/api/team/roster",
            Some(&officer_of_successor.token),
            None,
        )
        .await;
    let listed = roster.body.as_array().cloned().unwrap_or_default();
    assert!(
        listed
            .iter()
            .any(|o| o["name"] == "Petugas Uji kesbang" && o["agency"] == "BAKESBANGPOL"),
        "{:?}",
        roster.body
    );
    let progressed = app
        .push(
            &officer_of_successor,
            vec![mutation(
                "action_item",
                owned_by_successor,
                hlc_at(officer_of_successor.device_id, app.now_ms(), 0),
                json!({"status": "in_progress"}),
            )],
        )
        .await;
    assert_eq!(statuses(&progressed), ["applied"], "{:?}", progressed.body);

    // The counts name an agency by its table, a retired one included.
    let named = counted_labels(
        &app,
        &coordinator,
        "measure=inspections&by=agency&region=51.01&from=2026-11-01&to=2026-12-31",
        "en",
    )
    .await;
    assert!(
        named.contains(&(
            "KESBANGPOL".into(),
            "National unity and politics office".into()
        )),
        "{named:?}"
    );
    assert!(
        named.contains(&("BAKESBANGPOL".into(), "Trial agency (fictitious)".into())),
        "{named:?}"
    );
}
on_both_backends!(agencies_are_data_judged_on_the_day_a_record_names_them);
