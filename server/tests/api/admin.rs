//! Administration over the API on both engines: only an administrator may, each change
//! takes effect at once on the sessions and devices concerned, and each mistake is
//! named.

use crate::helpers::{Engine, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;
use serde_json::json;

async fn an_administrator_revokes_disables_and_resets_over_the_api(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let token = Some(admin.token.as_str());

    // Nobody else may.
    for (method, path) in [
        ("GET", "/api/admin/accounts".to_string()),
        ("GET", "/api/admin/devices".to_string()),
        (
            "POST",
            format!("/api/admin/devices/{}/revoke", made.device_id),
        ),
        ("POST", "/api/admin/accounts/made/disable".to_string()),
    ] {
        let refused = app.request(method, &path, Some(&budi.token), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{method} {path}");
    }

    let accounts = app.request("GET", "/api/admin/accounts", token, None).await;
    assert_eq!(accounts.status, StatusCode::OK);
    let names: Vec<&str> = accounts.body["accounts"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|a| a["username"].as_str())
        .collect();
    assert!(
        names.contains(&"budi") && names.contains(&"root"),
        "{names:?}"
    );

    let devices = app
        .request("GET", "/api/admin/devices?username=made", token, None)
        .await;
    assert_eq!(
        devices.body["devices"][0]["id"],
        made.device_id.to_string(),
        "{:?}",
        devices.body
    );
    let unknown_user = app
        .request("GET", "/api/admin/devices?username=siapa", token, None)
        .await;
    assert_eq!(unknown_user.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown_user.body["error"]["field"], "username");

    // A revoked tablet is told to wipe itself at its next request.
    let revoked = app
        .request(
            "POST",
            &format!("/api/admin/devices/{}/revoke", made.device_id),
            token,
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK);
    let pull = app.pull(&made, 0, 100).await;
    assert_eq!(pull.status, StatusCode::UNAUTHORIZED);
    assert_eq!(pull.error_code(), "device_revoked");
    assert_eq!(
        pull.headers
            .get("clear-site-data")
            .and_then(|v| v.to_str().ok()),
        Some("\"storage\"")
    );
    for bad in ["bukan-id", "018f0000-0000-7000-8000-000000000000"] {
        let missing = app
            .request(
                "POST",
                &format!("/api/admin/devices/{bad}/revoke"),
                token,
                None,
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{bad}");
    }

    // Disabling ends the account's sessions; enabling lets it sign in again.
    let disabled = app
        .request("POST", "/api/admin/accounts/budi/disable", token, None)
        .await;
    assert_eq!(disabled.body["active"], false);
    let after = app.pull(&budi, 0, 100).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let own = app
        .request("POST", "/api/admin/accounts/root/disable", token, None)
        .await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    assert_eq!(own.error_code(), "own_account");
    let enabled = app
        .request("POST", "/api/admin/accounts/budi/enable", token, None)
        .await;
    assert_eq!(enabled.body["active"], true);
    let budi = app.login("budi").await;

    // A new password ends every session; a short one is refused and changes nothing.
    let short = app
        .request(
            "POST",
            "/api/admin/accounts/budi/password",
            token,
            Some(json!({"password": "pendek"})),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert_eq!(short.body["error"]["field"], "password");
    assert_eq!(app.pull(&budi, 0, 100).await.status, StatusCode::OK);
    let reset = app
        .request(
            "POST",
            "/api/admin/accounts/budi/password",
            token,
            Some(json!({"password": "kata-sandi-baru-uji"})),
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
    assert_eq!(reset.body["sessions_ended"], 1);
    assert_eq!(
        app.pull(&budi, 0, 100).await.status,
        StatusCode::UNAUTHORIZED
    );
    let nobody = app
        .request(
            "POST",
            "/api/admin/accounts/siapa/password",
            token,
            Some(json!({"password": "kata-sandi-baru-uji"})),
        )
        .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);

    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM access_log WHERE action IN ('admin_revoke_device', \
             'admin_disable_account', 'admin_enable_account', 'admin_reset_password')"
        )
        .await,
        4,
        "every change is logged; refusals are not changes"
    );
}

on_both_backends!(an_administrator_revokes_disables_and_resets_over_the_api);
