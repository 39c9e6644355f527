//! `GET /api/openapi.json` describes the API the server really serves: every path and
//! method it documents answers (with whatever status), none falls through to the
//! "no such API" answer.

use crate::helpers::{Engine, TestApp};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;

async fn the_description_names_only_routes_that_exist(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let coordinator = app.officer("kadek", Role::Coordinator, "jembrana").await;
    let described = app.request("GET", "/api/openapi.json", None, None).await;
    assert_eq!(described.status, StatusCode::OK);
    assert!(
        described.body["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.")),
        "{:?}",
        described.body["openapi"]
    );
    let paths = described.body["paths"].as_object().expect("paths");
    for expected in [
        "/api/sync/push",
        "/api/sync/pull",
        "/api/auth/login",
        "/api/stats",
    ] {
        assert!(paths.contains_key(expected), "{expected} is described");
    }
    let mut operations = 0;
    for (path, methods) in paths {
        // Any value for a path parameter: only whether the route exists is asked.
        let concrete = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in methods.as_object().expect("methods").keys() {
            operations += 1;
            let answer = app
                .request(
                    &method.to_uppercase(),
                    &concrete,
                    Some(&coordinator.token),
                    None,
                )
                .await;
            let message = answer.body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                !message.starts_with("there is no API at")
                    && answer.error_code() != "method_not_allowed",
                "{method} {path} is described but not served: {:?}",
                answer.body
            );
            assert!(
                !answer.status.is_server_error(),
                "{method} {path}: {:?}",
                answer.body
            );
        }
    }
    assert!(operations >= 30, "{operations} operations described");
}
on_both_backends!(the_description_names_only_routes_that_exist);
