//! Photos: content-addressed, verified, idempotent, and readable only within the region.

use crate::helpers::{Engine, OneshotBytes, TestApp};
use crate::on_both_backends;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pantau_shared::team::Role;
use sha2::{Digest, Sha256};

pub(crate) fn upload(
    token: &str,
    sha: &str,
    content_type: &str,
    bytes: &[u8],
    region: Option<&str>,
) -> Request<Body> {
    let path = match region {
        Some(region) => format!("/api/attachments/{sha}?region={region}"),
        None => format!("/api/attachments/{sha}"),
    };
    Request::put(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes.to_vec()))
        .expect("request")
}

async fn photos_are_verified_idempotent_and_scoped(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let other = app.officer("wayan", Role::Field, "buleleng").await;
    let photo = b"\xff\xd8\xff\xe0 not really a jpeg, but bytes all the same".to_vec();
    let sha = hex::encode(Sha256::digest(&photo));

    let first = app
        .send(upload(
            &officer.token,
            &sha,
            "image/jpeg",
            &photo,
            Some("51.01.04"),
        ))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = app
        .send(upload(
            &officer.token,
            &sha,
            "image/jpeg",
            &photo,
            Some("51.01.04"),
        ))
        .await;
    assert_eq!(again.status, StatusCode::OK);

    let wrong = app
        .send(upload(
            &officer.token,
            &"0".repeat(64),
            "image/jpeg",
            &photo,
            None,
        ))
        .await;
    assert_eq!(
        (wrong.status, wrong.error_code()),
        (StatusCode::BAD_REQUEST, "hash_mismatch")
    );
    let bad_address = app
        .send(upload(&officer.token, "abc", "image/jpeg", &photo, None))
        .await;
    assert_eq!(bad_address.error_code(), "invalid_hash");
    let text = app
        .send(upload(&officer.token, &sha, "text/plain", &photo, None))
        .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let elsewhere = app
        .send(upload(
            &officer.token,
            &sha,
            "image/jpeg",
            &photo,
            Some("51.08"),
        ))
        .await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);

    let get = |token: &str| {
        Request::get(format!("/api/attachments/{sha}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request")
    };
    let response = app.router.clone().oneshot_bytes(get(&officer.token)).await;
    assert_eq!(response.0, StatusCode::OK);
    assert_eq!(response.1, photo);
    // A photo of someone's documents is never kept in the browser's cache.
    let headers = app.send(get(&officer.token)).await.headers;
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
    let outsider = app.send(get(&other.token)).await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 1);
}
on_both_backends!(photos_are_verified_idempotent_and_scoped);
