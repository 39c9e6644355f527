//! Health, unknown API paths, and serving the built app with the right caching.

use crate::helpers::{Engine, TestApp};
use crate::on_both_backends;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use serde_json::json;

async fn health_and_unknown_paths(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let health = app.request("GET", "/api/health", None, None).await;
    assert_eq!(
        (health.status, health.body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    assert_eq!(health.body["version"], env!("CARGO_PKG_VERSION"));
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .expect("migrations")
        .count();
    assert_eq!(health.body["schema_version"], migrations as i64);
    assert_eq!(health.body["commits_survive_power_loss"], true);
    assert_eq!(health.body["accepting_writes"], true);
    match engine {
        Engine::Sqlite => {
            assert_eq!(health.body["database"], "sqlite");
            assert!(
                health.body["disk_free_bytes"]
                    .as_u64()
                    .is_some_and(|free| free > 0)
            );
        }
        Engine::Postgres => assert_eq!(health.body["database"], "postgresql"),
    }
    let unknown = app.request("GET", "/api/does-not-exist", None, None).await;
    assert_eq!(
        (unknown.status, unknown.error_code()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let wrong_method = app.request("DELETE", "/api/health", None, None).await;
    assert_eq!(
        (wrong_method.status, wrong_method.error_code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
}
on_both_backends!(health_and_unknown_paths);

async fn devices_get_the_regulation_values(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app
        .officer("budi", pantau_shared::team::Role::Field, "jembrana")
        .await;
    let response = app
        .request("GET", "/api/settings", Some(&officer.token), None)
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body["overstay_daily_fee_idr"], 1_000_000);
    assert_eq!(response.body["overstay_deportation_days"], 60);
    assert_eq!(
        response.body["overstay_rules"],
        json!([{"valid_from": null, "overstay_daily_fee_idr": 1_000_000, "overstay_deportation_days": 60}])
    );
    sqlx::query("UPDATE overstay_rules SET daily_fee_idr = 1500000 WHERE valid_from = ''")
        .execute(&app.db.pool)
        .await
        .expect("update");
    let changed = app
        .request("GET", "/api/settings", Some(&officer.token), None)
        .await;
    assert_eq!(changed.body["overstay_daily_fee_idr"], 1_500_000);
    let anonymous = app.request("GET", "/api/settings", None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
on_both_backends!(devices_get_the_regulation_values);

fn built_app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let write =
        |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    write("index.html", "<!doctype html><title>Pantau</title>");
    write("sw.js", "self.addEventListener('fetch', () => {});");
    write(
        "pantau-0123456789abcdef.js",
        &"console.log('pantau');\n".repeat(200),
    );
    dir
}

#[tokio::test]
async fn serves_the_app_with_caching_and_a_spa_fallback() {
    let dist = built_app();
    let settings = Settings {
        app_dir: Some(dist.path().to_path_buf()),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(Engine::Sqlite, settings).await;
    let get = |path: &str| {
        Request::get(path)
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .expect("request")
    };

    let index = app.send(get("/")).await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(index.headers[header::CACHE_CONTROL], "no-cache");

    let asset = app.send(get("/pantau-0123456789abcdef.js")).await;
    assert_eq!(asset.status, StatusCode::OK);
    assert_eq!(
        asset.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.headers[header::CONTENT_ENCODING], "gzip");

    let worker = app.send(get("/sw.js")).await;
    assert_eq!(worker.headers[header::CACHE_CONTROL], "no-cache");
    assert!(
        worker.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or("")
            .contains("javascript")
    );

    let route = app.request("GET", "/orang-asing/123", None, None).await;
    assert_eq!(route.status, StatusCode::OK);
    assert!(
        route
            .body
            .as_str()
            .unwrap_or("")
            .contains("<title>Pantau</title>")
    );

    let missing = app.send(get("/pantau-ffffffffffffffff.wasm")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let missing_api = app.request("GET", "/api/nothing", None, None).await;
    assert_eq!(missing_api.error_code(), "not_found");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_api_answers_are_not_stored() {
    let dist = built_app();
    let settings = Settings {
        app_dir: Some(dist.path().to_path_buf()),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(Engine::Sqlite, settings).await;
    let session = app.officer("budi", Role::Field, "jembrana").await;
    for (path, token) in [
        ("/", None),
        ("/sw.js", None),
        ("/orang-asing/123", None),
        ("/api/health", None),
        ("/api/nothing", None),
        ("/api/sync/pull?cursor=0", Some(session.token.as_str())),
    ] {
        let response = app.request("GET", path, token, None).await;
        let headers = &response.headers;
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            pantau_server::CONTENT_SECURITY_POLICY,
            "{path}"
        );
        let policy = pantau_server::CONTENT_SECURITY_POLICY;
        assert!(policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
        assert!(
            headers["permissions-policy"]
                .to_str()
                .is_ok_and(|p| p.contains("camera=(self)") && p.contains("geolocation=(self)")),
            "{path}"
        );
        if path.starts_with("/api") {
            assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{path}");
        }
    }
}
