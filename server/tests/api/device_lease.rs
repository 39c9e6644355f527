//! The device lease: the server's share of a tablet's data key comes with the sign-in and
//! again with every renewal, stays the same for the device, runs for the days in
//! settings, and is never given to a revoked device.

use crate::helpers::{Engine, PASSWORD, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::clock::Clock;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use serde_json::json;
use std::time::Duration;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn policy(
    lease_days: Option<i64>,
    pin_attempts: Option<i64>,
    idle_lock_minutes: Option<i64>,
) -> pantau_server::lease::PolicyChange {
    pantau_server::lease::PolicyChange {
        lease_days,
        pin_attempts,
        idle_lock_minutes,
        require_signatures: None,
    }
}

async fn the_lease_comes_with_sign_in_and_is_renewed_with_the_same_share(engine: Engine) {
    let clock = Clock::manual(1_700_000_000_000);
    let settings = Settings {
        clock: clock.clone(),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("budi", Role::Field, Some("jembrana")).await;
    let device_id = uuid::Uuid::now_v7();
    let body = json!({"username": "budi", "password": PASSWORD, "device_id": device_id, "device_name": "Tablet uji"});
    let signed_in = app
        .request("POST", "/api/auth/login", None, Some(body.clone()))
        .await;
    assert_eq!(signed_in.status, StatusCode::OK);
    let lease = &signed_in.body["lease"];
    let share = lease["share"].as_str().expect("a share").to_string();
    assert!(
        share.len() == 64 && share.bytes().all(|b| b.is_ascii_hexdigit()),
        "32 bytes in hex: {share}"
    );
    assert_eq!(lease["until_ms"], json!(1_700_000_000_000i64 + 7 * DAY_MS));
    assert_eq!(
        (
            lease["pin_attempts"].as_u64(),
            lease["idle_lock_minutes"].as_u64()
        ),
        (Some(10), Some(15))
    );

    // The office changes the policy; the next renewal carries it, with the same share.
    let said = pantau_server::lease::set_policy(&app.db, policy(Some(3), Some(5), Some(2)))
        .await
        .expect("policy");
    assert!(said.contains("--lease-days 3"), "{said}");
    clock.advance(Duration::from_secs(3_600));
    let token = signed_in.body["token"].as_str().expect("token");
    let renewed = app
        .request("GET", "/api/device/lease", Some(token), None)
        .await;
    assert_eq!(renewed.status, StatusCode::OK);
    assert_eq!(
        renewed.body,
        json!({"share": share, "until_ms": 1_700_000_000_000i64 + 3_600_000 + 3 * DAY_MS,
               "pin_attempts": 5, "idle_lock_minutes": 2})
    );

    // Signing in again on the same device keeps the share its data key was wrapped with.
    let again = app
        .request("POST", "/api/auth/login", None, Some(body))
        .await;
    assert_eq!(again.body["lease"]["share"], json!(share));
    // Another device has a share of its own.
    let other = app.login("budi").await;
    let other_lease = app
        .request("GET", "/api/device/lease", Some(&other.token), None)
        .await;
    assert_ne!(other_lease.body["share"], json!(share));
}
on_both_backends!(the_lease_comes_with_sign_in_and_is_renewed_with_the_same_share);

async fn a_policy_out_of_range_is_refused_and_changes_nothing(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let refused = pantau_server::lease::set_policy(&app.db, policy(Some(30), Some(1), None))
        .await
        .expect_err("too few tries");
    assert_eq!(
        refused.to_string(),
        "--pin-attempts 1: must be from 3 to 20"
    );
    let said = pantau_server::lease::set_policy(&app.db, policy(None, None, None))
        .await
        .expect("show");
    assert!(
        said.starts_with("--lease-days 7\n--pin-attempts 10\n--idle-lock-minutes 15"),
        "the good value given beside the bad one was not kept either: {said}"
    );
}
on_both_backends!(a_policy_out_of_range_is_refused_and_changes_nothing);

async fn a_revoked_device_gets_no_lease(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let session = app.officer("budi", Role::Field, "jembrana").await;
    assert!(
        app.db
            .revoke_device(session.device_id)
            .await
            .expect("revoke")
    );
    let response = app
        .request("GET", "/api/device/lease", Some(&session.token), None)
        .await;
    assert_eq!(
        (response.status, response.error_code()),
        (StatusCode::UNAUTHORIZED, "device_revoked")
    );
    assert!(response.body.get("share").is_none());
}
on_both_backends!(a_revoked_device_gets_no_lease);
