//! `/metrics`: the Prometheus text an operator's monitoring scrapes, served to loopback
//! or with the metrics token, and counting what the server actually did.

use crate::helpers::{
    Engine, Response, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields,
};
use crate::on_both_backends;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use std::net::SocketAddr;
use uuid::Uuid;

const TOKEN: &str = "token-metrik-uji";

/// `GET /metrics` from `client`, with `token` if given.
async fn scrape(app: &TestApp, client: Option<&str>, token: Option<&str>) -> Response {
    let mut request = Request::builder().uri("/metrics");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let mut request = request.body(Body::empty()).expect("request");
    if let Some(client) = client {
        let address: SocketAddr = client.parse().expect("address");
        request.extensions_mut().insert(ConnectInfo(address));
    }
    app.send(request).await
}

/// The value of the sample line that starts with `series ` in `text`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

async fn metrics_count_what_the_server_did(engine: Engine) {
    let app = TestApp::spawn_with(
        engine,
        Settings {
            metrics_token: Some(TOKEN.into()),
            ..Settings::default()
        },
    )
    .await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let now = now_millis();
    let mut no_name = subject_fields("51.01", "DEMO");
    no_name.as_object_mut().expect("fields").remove("full_name");
    let batch = vec![
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 0),
            subject_fields("51.01", "DEMO SATU"),
        ),
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 1),
            subject_fields("51.01", "DEMO DUA"),
        ),
        mutation(
            "subject",
            Uuid::now_v7(),
            hlc_at(officer.device_id, now, 2),
            no_name,
        ),
    ];
    assert_eq!(
        statuses(&app.push(&officer, batch.clone()).await),
        ["applied", "applied", "rejected"]
    );
    assert_eq!(
        statuses(&app.push(&officer, batch[..1].to_vec()).await),
        ["duplicate"]
    );
    assert_eq!(app.pull(&officer, 0, 100).await.status, StatusCode::OK);

    for (client, token) in [
        (None, None),
        (Some("10.1.2.3:5000"), None),
        (Some("10.1.2.3:5000"), Some("salah")),
    ] {
        let refused = scrape(&app, client, token).await;
        assert_eq!(
            (refused.status, refused.error_code()),
            (StatusCode::UNAUTHORIZED, "metrics_forbidden"),
            "{client:?} {token:?}"
        );
    }
    let by_token = scrape(&app, Some("10.1.2.3:5000"), Some(TOKEN)).await;
    assert_eq!(by_token.status, StatusCode::OK);
    let local = scrape(&app, Some("127.0.0.1:40000"), None).await;
    assert_eq!(local.status, StatusCode::OK);
    assert!(
        local.headers[header::CONTENT_TYPE]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/plain; version=0.0.4"))
    );
    let text = local.body.as_str().expect("text");
    let expect = |series: &str, value: f64| {
        assert_eq!(sample(text, series), Some(value), "{series} in\n{text}");
    };
    expect(r#"pantau_sync_mutations_total{status="applied"}"#, 2.0);
    expect(r#"pantau_sync_mutations_total{status="rejected"}"#, 1.0);
    expect(r#"pantau_sync_mutations_total{status="duplicate"}"#, 1.0);
    expect(
        r#"pantau_http_requests_total{route="/api/sync/push",status="200"}"#,
        2.0,
    );
    expect(
        r#"pantau_http_requests_total{route="/api/sync/pull",status="200"}"#,
        1.0,
    );
    expect(
        r#"pantau_http_requests_total{route="/metrics",status="401"}"#,
        3.0,
    );
    expect("pantau_sync_push_seconds_count", 2.0);
    expect("pantau_sync_pull_seconds_count", 1.0);
    expect("pantau_devices_seen_last_day", 1.0);
    expect("pantau_last_backup_timestamp_seconds", 0.0);
    let synced = sample(
        text,
        r#"pantau_team_last_sync_timestamp_seconds{team="jembrana"}"#,
    )
    .expect("jembrana's last sync");
    assert!(synced * 1000.0 >= (now - 60_000) as f64, "{synced}");
    expect(
        r#"pantau_team_last_sync_timestamp_seconds{team="buleleng"}"#,
        0.0,
    );
    assert!(
        sample(text, "pantau_database_bytes").is_some_and(|b| b > 0.0),
        "{text}"
    );
}
on_both_backends!(metrics_count_what_the_server_did);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_on_the_same_machine_remote_clients_are_still_refused() {
    let app = TestApp::spawn_with(
        Engine::Sqlite,
        Settings {
            trusted_proxies: vec!["127.0.0.1".parse().expect("ip")],
            ..Settings::default()
        },
    )
    .await;
    let through_proxy = |forwarded: &'static str| {
        let mut request = Request::builder()
            .uri("/metrics")
            .header("x-forwarded-for", forwarded)
            .body(Body::empty())
            .expect("request");
        let proxy: SocketAddr = "127.0.0.1:5000".parse().expect("address");
        request.extensions_mut().insert(ConnectInfo(proxy));
        request
    };
    let remote = app.send(through_proxy("203.0.113.5")).await;
    assert_eq!(
        (remote.status, remote.error_code()),
        (StatusCode::UNAUTHORIZED, "metrics_forbidden")
    );
    let local = app.send(through_proxy("127.0.0.1")).await;
    assert_eq!(local.status, StatusCode::OK);
}
