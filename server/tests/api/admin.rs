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

    // The device in the administrator's hand is not theirs to revoke from it.
    let own_device = app
        .request(
            "POST",
            &format!("/api/admin/devices/{}/revoke", admin.device_id),
            token,
            None,
        )
        .await;
    assert_eq!(
        (own_device.status, own_device.error_code()),
        (StatusCode::CONFLICT, "own_device")
    );
    assert_eq!(
        app.request("GET", "/api/admin/accounts", token, None)
            .await
            .status,
        StatusCode::OK
    );

    // An administrator setting their own password stays signed in where they did it;
    // their other sessions end.
    let elsewhere = app.login("root").await;
    let own = app
        .request(
            "POST",
            "/api/admin/accounts/root/password",
            token,
            Some(json!({"password": "sandi-admin-baru"})),
        )
        .await;
    assert_eq!(own.body["sessions_ended"], 1, "{:?}", own.body);
    let still = app.request("GET", "/api/admin/accounts", token, None).await;
    assert_eq!(still.status, StatusCode::OK);
    let ended = app
        .request("GET", "/api/admin/accounts", Some(&elsewhere.token), None)
        .await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED);

    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM access_log WHERE action IN ('admin_revoke_device', \
             'admin_disable_account', 'admin_enable_account', 'admin_reset_password')"
        )
        .await,
        5,
        "every change is logged; refusals are not changes"
    );
}

on_both_backends!(an_administrator_revokes_disables_and_resets_over_the_api);

/// An administrator makes a team and an officer on it over the API; each bad field is
/// refused by name and creates nothing.
async fn an_administrator_creates_teams_and_accounts(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let token = Some(admin.token.as_str());
    let team = json!({"id": "tabanan", "name": "Tim PORA Tabanan (uji)", "region_code": "51.02"});
    let account = |username: &str| {
        json!({
            "username": username,
            "name": "Petugas Baru Uji",
            "role": "field",
            "team_id": "tabanan",
            "agency": "POLRES",
            "password": "sandi-baru-uji",
        })
    };

    for (path, body) in [
        ("/api/admin/teams", team.clone()),
        ("/api/admin/accounts", account("baru")),
    ] {
        let refused = app
            .request("POST", path, Some(&budi.token), Some(body))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
    }

    // An account on a team that does not exist yet is refused; the team, then it, go in.
    let early = app
        .request("POST", "/api/admin/accounts", token, Some(account("baru")))
        .await;
    assert_eq!(
        (
            early.status,
            early.error_code(),
            &early.body["error"]["field"]
        ),
        (StatusCode::BAD_REQUEST, "unknown_team", &json!("team"))
    );
    let made = app
        .request("POST", "/api/admin/teams", token, Some(team))
        .await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    assert_eq!(made.body["team"]["region_code"], "51.02");
    let listed = app.request("GET", "/api/admin/teams", token, None).await;
    let ids: Vec<&str> = listed.body["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"tabanan") && ids.contains(&"jembrana"),
        "{ids:?}"
    );
    let created = app
        .request("POST", "/api/admin/accounts", token, Some(account("baru")))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    // The new officer signs in with the password the administrator gave.
    let signed_in = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(json!({"username": "baru", "password": "sandi-baru-uji",
                        "device_id": uuid::Uuid::now_v7(), "device_name": "Tablet uji"})),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    assert_eq!(signed_in.body["officer"]["team_id"], "tabanan");

    let again = app
        .request("POST", "/api/admin/accounts", token, Some(account("baru")))
        .await;
    assert_eq!(
        (again.status, again.error_code()),
        (StatusCode::CONFLICT, "username_taken")
    );
    let cases = [
        ("username", json!("a".repeat(65)), "too_long"),
        ("username", json!("nama dengan spasi"), "invalid_format"),
        ("name", json!("  "), "required"),
        ("name", json!("Nama\u{7}Bel"), "invalid_format"),
        ("role", json!("raja"), "not_allowed_value"),
        ("agency", json!("FBI"), "not_allowed_value"),
        ("password", json!("pendek"), "too_short"),
    ];
    for (field, value, code) in cases {
        let mut body = account("lain");
        body[field] = value;
        let refused = app
            .request("POST", "/api/admin/accounts", token, Some(body))
            .await;
        assert_eq!(
            (
                refused.status,
                refused.error_code(),
                &refused.body["error"]["field"]
            ),
            (StatusCode::BAD_REQUEST, code, &json!(field)),
            "{field}"
        );
    }
    let no_team = app
        .request(
            "POST",
            "/api/admin/accounts",
            token,
            Some(
                json!({"username": "lain", "name": "Lain Uji", "role": "coordinator",
                        "agency": "IMIGRASI", "password": "sandi-baru-uji"}),
            ),
        )
        .await;
    assert_eq!(
        (no_team.error_code(), &no_team.body["error"]["field"]),
        ("required", &json!("team"))
    );
    let bad_region = app
        .request(
            "POST",
            "/api/admin/teams",
            token,
            Some(json!({"id": "x", "name": "X", "region_code": "bukan-kode"})),
        )
        .await;
    assert_eq!(bad_region.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_region.body["error"]["field"], "region");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM officers WHERE username = 'lain'")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM teams WHERE id = 'x'").await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM access_log WHERE action IN ('admin_create_account', 'admin_save_team')"
        )
        .await,
        2
    );
}
on_both_backends!(an_administrator_creates_teams_and_accounts);

/// The values an administrator sets: read with their bounds, changed all or none, each
/// mistake named, and in force at once for the tablets.
async fn an_administrator_changes_the_settings_all_or_none(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let budi = app.officer("budi", Role::Field, "jembrana").await;
    let token = Some(admin.token.as_str());
    let value_of = |body: &serde_json::Value, key: &str| {
        body["values"]
            .as_array()
            .expect("values")
            .iter()
            .find(|v| v["key"] == key)
            .unwrap_or_else(|| panic!("{key} in {body}"))
            .clone()
    };

    for method in ["GET", "POST"] {
        let refused = app
            .request(
                method,
                "/api/admin/settings",
                Some(&budi.token),
                Some(json!({})),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{method}");
    }
    let before = app.request("GET", "/api/admin/settings", token, None).await;
    assert_eq!(before.status, StatusCode::OK, "{:?}", before.body);
    assert_eq!(
        value_of(&before.body, "review_overdue_days"),
        json!({"key": "review_overdue_days", "value": 14, "default": 14, "min": 1, "max": 365})
    );
    assert_eq!(value_of(&before.body, "pin_attempts")["value"], 10);
    assert_eq!(before.body["require_signatures"], false);

    // One bad value refuses the whole change, naming it.
    for (body, code, field) in [
        (
            json!({"review_overdue_days": 7, "pin_attempts": 2}),
            "out_of_range",
            "pin_attempts",
        ),
        (
            json!({"review_overdue_days": 7, "idle_lock_minutes": "lima"}),
            "wrong_type",
            "idle_lock_minutes",
        ),
        (
            json!({"review_overdue_days": 7, "pin_attempts": 4.5}),
            "wrong_type",
            "pin_attempts",
        ),
        (
            json!({"review_overdue_days": 7, "overstay_fee": 1}),
            "unknown_field",
            "overstay_fee",
        ),
        (
            json!({"review_overdue_days": 7, "require_signatures": "ya"}),
            "wrong_type",
            "require_signatures",
        ),
    ] {
        let refused = app
            .request("POST", "/api/admin/settings", token, Some(body.clone()))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(refused.error_code(), code, "{body}");
        assert_eq!(refused.body["error"]["field"], field, "{body}");
    }
    let unchanged = app.request("GET", "/api/admin/settings", token, None).await;
    assert_eq!(unchanged.body, before.body);

    let changed = app
        .request(
            "POST",
            "/api/admin/settings",
            token,
            Some(json!({"review_overdue_days": 7, "pin_attempts": 5, "require_signatures": true})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(value_of(&changed.body, "review_overdue_days")["value"], 7);
    assert_eq!(value_of(&changed.body, "pin_attempts")["value"], 5);
    assert_eq!(value_of(&changed.body, "idle_lock_minutes")["value"], 15);
    assert_eq!(changed.body["require_signatures"], true);
    // A tablet's next lease carries the new value.
    let lease = app
        .request("GET", "/api/device/lease", Some(&budi.token), None)
        .await;
    assert_eq!(lease.status, StatusCode::OK, "{:?}", lease.body);
    assert_eq!(lease.body["pin_attempts"], 5);
}
on_both_backends!(an_administrator_changes_the_settings_all_or_none);
