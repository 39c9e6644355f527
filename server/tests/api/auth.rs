//! Sign-in, tokens, rate limiting, revoked devices and the error shape.

use crate::helpers::{Engine, PASSWORD, TestApp};
use crate::on_both_backends;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pantau_server::clock::Clock;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

fn login_body(username: &str, password: &str) -> serde_json::Value {
    json!({"username": username, "password": password, "device_id": Uuid::now_v7(), "device_name": "Tablet uji"})
}

async fn login_returns_a_token_and_the_officer(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    let response = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(login_body("budi", PASSWORD)),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body["officer"]["role"], "field");
    assert_eq!(response.body["officer"]["team_id"], "jembrana");
    assert_eq!(response.body["officer"]["agency"], "IMIGRASI");
    assert!(
        response.body["expires_at"]
            .as_str()
            .is_some_and(|s| s.starts_with("20"))
    );
    let token = response.body["token"].as_str().expect("token");
    let me = app.request("GET", "/api/auth/me", Some(token), None).await;
    assert_eq!(
        (me.status, me.body["role"].as_str()),
        (StatusCode::OK, Some("field"))
    );
    let logout = app
        .request("POST", "/api/auth/logout", Some(token), None)
        .await;
    assert_eq!(logout.status, StatusCode::OK);
    let after = app.request("GET", "/api/auth/me", Some(token), None).await;
    assert_eq!(
        (after.status, after.error_code()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
}
on_both_backends!(login_returns_a_token_and_the_officer);

async fn wrong_credentials_are_refused_then_rate_limited(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    for _ in 0..5 {
        let response = app
            .request(
                "POST",
                "/api/auth/login",
                None,
                Some(login_body("budi", "salah-sandi")),
            )
            .await;
        assert_eq!(
            (response.status, response.error_code()),
            (StatusCode::UNAUTHORIZED, "invalid_credentials")
        );
    }
    let unknown = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(login_body("siapa", "x")),
        )
        .await;
    assert_eq!(
        unknown.error_code(),
        "invalid_credentials",
        "an unknown user looks like a wrong password"
    );
    let blocked = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(login_body("budi", PASSWORD)),
        )
        .await;
    assert_eq!(
        (blocked.status, blocked.error_code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts")
    );
}
on_both_backends!(wrong_credentials_are_refused_then_rate_limited);

async fn bad_login_bodies_get_specific_errors(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let malformed = app
        .send(
            Request::post("/api/auth/login")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"username\":"))
                .expect("request"),
        )
        .await;
    assert_eq!(
        (malformed.status, malformed.error_code()),
        (StatusCode::BAD_REQUEST, "malformed_json")
    );
    let no_type = app
        .send(
            Request::post("/api/auth/login")
                .body(Body::from("{}"))
                .expect("request"),
        )
        .await;
    assert_eq!(
        (no_type.status, no_type.error_code()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    let wrong_type = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(json!({"username": 5})),
        )
        .await;
    assert_eq!(
        (wrong_type.status, wrong_type.error_code()),
        (StatusCode::BAD_REQUEST, "invalid_body")
    );
    let mut empty_name = login_body("", "x");
    empty_name["username"] = json!(" ");
    let response = app
        .request("POST", "/api/auth/login", None, Some(empty_name))
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.body["error"]["field"], "username");
}
on_both_backends!(bad_login_bodies_get_specific_errors);

async fn tokens_are_required_and_checked(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let missing = app.request("GET", "/api/sync/pull", None, None).await;
    assert_eq!(
        (missing.status, missing.error_code()),
        (StatusCode::UNAUTHORIZED, "missing_token")
    );
    let invalid = app
        .request("GET", "/api/sync/pull", Some("not-a-token"), None)
        .await;
    assert_eq!(
        (invalid.status, invalid.error_code()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
}
on_both_backends!(tokens_are_required_and_checked);

async fn expired_sessions_are_refused(engine: Engine) {
    let clock = Clock::manual(1_700_000_000_000);
    let settings = Settings {
        session_ttl: Duration::from_secs(3_600),
        clock: clock.clone(),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    let session = app.officer("budi", Role::Field, "jembrana").await;
    clock.advance(Duration::from_secs(3_599));
    let response = app.pull(&session, 0, 10).await;
    assert_eq!(response.status, StatusCode::OK, "a second before expiry");
    clock.advance(Duration::from_secs(1));
    let response = app.pull(&session, 0, 10).await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::UNAUTHORIZED, "token_expired")
    );
}
on_both_backends!(expired_sessions_are_refused);

async fn a_revoked_device_is_told_to_wipe(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let session = app.officer("budi", Role::Field, "jembrana").await;
    assert!(
        app.db
            .revoke_device(session.device_id)
            .await
            .expect("revoke")
    );
    let response = app.pull(&session, 0, 10).await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::FORBIDDEN, "device_revoked")
    );
    let again = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(json!({"username": "budi", "password": PASSWORD, "device_id": session.device_id, "device_name": "x"})),
        )
        .await;
    assert_eq!(
        (again.status, again.error_code()),
        (StatusCode::FORBIDDEN, "device_revoked")
    );
}
on_both_backends!(a_revoked_device_is_told_to_wipe);

async fn admins_do_not_read_field_records(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let response = app.pull(&admin, 0, 10).await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
}
on_both_backends!(admins_do_not_read_field_records);

async fn the_roster_lists_the_team_only(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let budi = app.officer("budi", Role::Coordinator, "jembrana").await;
    app.add_user("made", Role::Field, Some("jembrana")).await;
    app.add_user("wayan", Role::Field, Some("buleleng")).await;
    let response = app
        .request("GET", "/api/team/roster", Some(&budi.token), None)
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let mut names: Vec<&str> = response
        .body
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["Petugas Uji budi", "Petugas Uji made"]);
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let refused = app
        .request("GET", "/api/team/roster", Some(&admin.token), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
on_both_backends!(the_roster_lists_the_team_only);
