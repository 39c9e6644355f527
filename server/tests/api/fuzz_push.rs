//! The push endpoint under arbitrary bodies: every answer is a JSON verdict (never a
//! server error or a hang), an accepted batch answers each mutation, and a body nested
//! past any sane depth is refused before it can exhaust the stack.

use crate::helpers::{Engine, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pantau_shared::team::Role;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,16}".prop_map(Value::String),
        Just(json!("subject")),
        Just(json!("0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c")),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("op_id".to_string()),
                    Just("entity".to_string()),
                    Just("id".to_string()),
                    Just("hlc".to_string()),
                    Just("fields".to_string()),
                    ".{0,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A push body: raw bytes, any JSON, or a well-formed envelope around any mutations.
fn push_body(device_id: String) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..256),
        any_json().prop_map(|v| v.to_string().into_bytes()),
        proptest::collection::vec(any_json(), 0..8).prop_map(move |mutations| {
            json!({"device_id": device_id, "mutations": mutations})
                .to_string()
                .into_bytes()
        }),
    ]
}

#[test]
fn any_push_body_gets_a_verdict() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (app, session) = runtime.block_on(async {
        let app = TestApp::spawn(Engine::Sqlite).await;
        let session = app.officer("budi", Role::Field, "jembrana").await;
        (app, session)
    });
    let mut runner = TestRunner::new(Config {
        cases: 128,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = push_body(session.device_id.to_string());
    runner
        .run(&strategy, |body| {
            let sent: Option<Value> = serde_json::from_slice(&body).ok();
            let request = Request::post("/api/sync/push")
                .header(header::AUTHORIZATION, format!("Bearer {}", session.token))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .expect("request");
            let response = runtime.block_on(app.send(request));
            prop_assert!(
                response.status.is_success() || response.status.is_client_error(),
                "{} {:?}",
                response.status,
                response.body
            );
            if response.status == StatusCode::OK {
                let sent = sent
                    .as_ref()
                    .and_then(|v| v["mutations"].as_array())
                    .map(Vec::len);
                let answered = response.body["results"].as_array().map(Vec::len);
                prop_assert_eq!(sent, answered);
            } else {
                prop_assert!(response.body["error"]["code"].is_string());
            }
            Ok(())
        })
        .expect("every push body gets a verdict");
}

#[tokio::test]
async fn a_deeply_nested_body_is_refused() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let session = app.officer("budi", Role::Field, "jembrana").await;
    let depth = 100_000;
    let body = format!(
        "{{\"device_id\":\"{}\",\"mutations\":[{}{}]}}",
        session.device_id,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let request = Request::post("/api/sync/push")
        .header(header::AUTHORIZATION, format!("Bearer {}", session.token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    let response = app.send(request).await;
    assert!(response.status.is_client_error(), "{}", response.status);
    assert_eq!(app.count("SELECT COUNT(*) FROM change_log").await, 0);
}
