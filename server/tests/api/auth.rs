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
    // The officer is told how long to wait: the rest of the 15-minute window.
    let wait: u64 = blocked.headers[axum::http::header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((14 * 60..=15 * 60).contains(&wait), "Retry-After: {wait}");
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
        (StatusCode::UNAUTHORIZED, "device_revoked")
    );
    assert_eq!(response.headers["clear-site-data"], "\"storage\"");
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
        (StatusCode::UNAUTHORIZED, "device_revoked")
    );
    assert_eq!(again.headers["clear-site-data"], "\"storage\"");
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

async fn attempt_from(
    router: &axum::Router,
    address: &str,
    username: &str,
    password: &str,
) -> (StatusCode, String) {
    attempt_through(router, address, None, username, password).await
}

/// A sign-in from the peer `address`, naming `forwarded_for` in `X-Forwarded-For`.
async fn attempt_through(
    router: &axum::Router,
    address: &str,
    forwarded_for: Option<&str>,
    username: &str,
    password: &str,
) -> (StatusCode, String) {
    use tower::ServiceExt;
    let mut request =
        Request::post("/api/auth/login").header(header::CONTENT_TYPE, "application/json");
    if let Some(forwarded) = forwarded_for {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request
        .body(Body::from(login_body(username, password).to_string()))
        .expect("request");
    let client: std::net::SocketAddr = format!("{address}:40000").parse().expect("address");
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(client));
    let response = router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    (
        status,
        body["error"]["code"].as_str().unwrap_or("").to_string(),
    )
}

async fn parallel_guesses_get_no_more_tries_than_the_limit(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    let guesses = (0..50).map(|n| {
        let router = app.router.clone();
        async move { attempt_from(&router, "10.9.0.1", "budi", &format!("tebakan-{n}")).await }
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|(_, code)| code == "invalid_credentials")
        .count();
    let refused = answers
        .iter()
        .filter(|(status, code)| {
            *status == StatusCode::TOO_MANY_REQUESTS && code == "too_many_attempts"
        })
        .count();
    assert!(checked <= 5, "{checked} guesses reached the password check");
    assert_eq!(checked + refused, 50, "{answers:?}");
}
on_both_backends!(parallel_guesses_get_no_more_tries_than_the_limit);

async fn the_limit_is_shared_by_every_server_on_the_database(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    for _ in 0..3 {
        let (status, _) = attempt_from(&app.router, "10.9.0.2", "budi", "salah").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // A restarted or second server process sees the same failures.
    let other = app.second_server(Settings::default()).await;
    for _ in 0..2 {
        let (status, _) = attempt_from(&other, "10.9.0.3", "budi", "salah").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        attempt_from(&other, "10.9.0.3", "budi", PASSWORD).await,
        (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts".to_string()
        )
    );
    assert_eq!(
        attempt_from(&app.router, "10.9.0.4", "budi", PASSWORD).await,
        (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts".to_string()
        )
    );
}
on_both_backends!(the_limit_is_shared_by_every_server_on_the_database);

async fn one_address_guessing_many_usernames_is_limited_and_the_lockout_ends(engine: Engine) {
    let clock = Clock::manual(1_700_000_000_000);
    let settings = Settings {
        login_max_failures_per_address: 3,
        clock: clock.clone(),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    for name in ["ani", "bayu", "citra"] {
        let (status, _) = attempt_from(&app.router, "10.9.0.5", name, "salah").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
    }
    let blocked = attempt_from(&app.router, "10.9.0.5", "budi", PASSWORD).await;
    assert_eq!(blocked.0, StatusCode::TOO_MANY_REQUESTS);
    // Another address is not held up by this one.
    let (status, _) = attempt_from(&app.router, "10.9.0.6", "budi", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    // Once the window has passed, the address may try again.
    clock.advance(Duration::from_secs(15 * 60 + 1));
    let (status, _) = attempt_from(&app.router, "10.9.0.5", "budi", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
}
on_both_backends!(one_address_guessing_many_usernames_is_limited_and_the_lockout_ends);

async fn an_overlong_username_is_refused_before_anything_else(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let long = "u".repeat(65);
    let response = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(login_body(&long, "x")),
        )
        .await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::BAD_REQUEST, "invalid_field")
    );
    assert_eq!(response.body["error"]["field"], "username");
    assert_eq!(app.count("SELECT COUNT(*) FROM login_attempts").await, 0);
    let huge = "u".repeat(1_000_000);
    let response = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(login_body(&huge, "x")),
        )
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
}
on_both_backends!(an_overlong_username_is_refused_before_anything_else);

async fn another_officer_presenting_a_device_id_gets_a_device_of_their_own(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ayu = app.officer("ayu", Role::Field, "jembrana").await;
    app.add_user("made", Role::Field, Some("jembrana")).await;
    let body = json!({"username": "made", "password": PASSWORD,
                      "device_id": ayu.device_id, "device_name": "Tablet bersama"});
    let response = app
        .request("POST", "/api/auth/login", None, Some(body.clone()))
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let made_device: Uuid =
        serde_json::from_value(response.body["device_id"].clone()).expect("a device id");
    assert_ne!(
        made_device, ayu.device_id,
        "never the first officer's identity"
    );
    let made_token = response.body["token"].as_str().expect("token").to_string();
    // Pushing under Ayu's device id is refused; under the new one it is the device's own.
    let push = |device: Uuid| json!({"device_id": device, "mutations": []});
    let refused = app
        .request(
            "POST",
            "/api/sync/push",
            Some(&made_token),
            Some(push(ayu.device_id)),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let accepted = app
        .request(
            "POST",
            "/api/sync/push",
            Some(&made_token),
            Some(push(made_device)),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK);
    // Ayu's device is still Ayu's, and revoking it does not touch Made's.
    assert!(app.db.revoke_device(ayu.device_id).await.expect("revoke"));
    assert_eq!(app.pull(&ayu, 0, 10).await.error_code(), "device_revoked");
    // The tablet presents Made's own id next time, and keeps it.
    let own = json!({"username": "made", "password": PASSWORD,
                     "device_id": made_device, "device_name": "Tablet bersama"});
    let again = app
        .request("POST", "/api/auth/login", None, Some(own))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(again.body["device_id"], json!(made_device));
    let taken = app
        .request("POST", "/api/auth/login", None, Some(body))
        .await;
    assert_ne!(
        taken.body["device_id"],
        json!(ayu.device_id),
        "a revoked device is not taken over either"
    );
}
on_both_backends!(another_officer_presenting_a_device_id_gets_a_device_of_their_own);

async fn sign_ins_good_and_failed_are_on_the_access_log(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    let wrong = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(login_body("budi", "salah-sandi")),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    app.request(
        "POST",
        "/api/auth/login",
        None,
        Some(login_body("tidak-dikenal", "x")),
    )
    .await;
    let session = app.login("budi").await;
    let (budi,): (String,) = sqlx::query_as("SELECT id FROM officers WHERE username = 'budi'")
        .fetch_one(&app.db.pool)
        .await
        .expect("officer");
    let logged = app.db.access_log(&budi).await.expect("log");
    let actions: Vec<(&str, &str)> = logged
        .iter()
        .map(|(action, target, _, _)| (action.as_str(), target.as_str()))
        .collect();
    assert_eq!(actions, [("sign_in_failed", "budi"), ("sign_in", "budi")]);
    let unknown = app.db.access_log("").await.expect("log");
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        (unknown[0].0.as_str(), unknown[0].1.as_str()),
        ("sign_in_failed", "tidak-dikenal")
    );
    let (device,): (String,) =
        sqlx::query_as("SELECT device_id FROM access_log WHERE action = 'sign_in'")
            .fetch_one(&app.db.pool)
            .await
            .expect("entry");
    assert_eq!(device, session.device_id.to_string());
}
on_both_backends!(sign_ins_good_and_failed_are_on_the_access_log);

async fn behind_a_trusted_proxy_each_client_has_its_own_address_limit(engine: Engine) {
    let proxy = "127.0.0.1";
    let settings = Settings {
        login_max_failures_per_address: 3,
        trusted_proxies: vec![proxy.parse().expect("ip")],
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    // One client behind the office's proxy guesses; it alone is held up.
    for name in ["ani", "bayu", "citra"] {
        let (status, _) =
            attempt_through(&app.router, proxy, Some("10.20.0.7"), name, "salah").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{name}");
    }
    let blocked = attempt_through(&app.router, proxy, Some("10.20.0.7"), "budi", PASSWORD).await;
    assert_eq!(blocked.0, StatusCode::TOO_MANY_REQUESTS);
    let (status, _) =
        attempt_through(&app.router, proxy, Some("10.20.0.8"), "budi", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "another client behind the same proxy"
    );
    // A client talking to the server directly cannot pick an address by the header.
    for name in ["dewi", "eka", "fajar"] {
        attempt_through(&app.router, "10.30.0.1", Some("10.20.0.9"), name, "salah").await;
    }
    let (status, _) = attempt_through(
        &app.router,
        "10.30.0.1",
        Some("10.20.0.10"),
        "budi",
        PASSWORD,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _) =
        attempt_through(&app.router, proxy, Some("10.20.0.9"), "budi", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the named address was never counted"
    );
}
on_both_backends!(behind_a_trusted_proxy_each_client_has_its_own_address_limit);
