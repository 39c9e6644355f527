//! Photos: content-addressed, verified, idempotent, and readable only by those who may
//! read a record that shows them.

use crate::helpers::{
    Engine, OneshotBytes, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields,
};
use crate::on_both_backends;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use pantau_shared::team::Role;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

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
    // Uploaded but shown by no record yet: nobody reads it.
    let unshown = app.send(get(&officer.token)).await;
    assert_eq!(unshown.status, StatusCode::NOT_FOUND);

    let subject = Uuid::now_v7();
    let mut fields = subject_fields("51.01.04", "TESTPERSON Photo");
    fields["photos"] = json!([sha]);
    let pushed = app
        .push(
            &officer,
            vec![mutation(
                "subject",
                subject,
                hlc_at(officer.device_id, now_millis(), 0),
                fields,
            )],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"], "{:?}", pushed.body);

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

/// A photo follows the records that show it: it is readable where such a record is, and
/// no longer once none shows it.
async fn photos_follow_the_records_that_show_them(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let jembrana = app.officer("budi", Role::Field, "jembrana").await;
    let buleleng = app.officer("wayan", Role::Field, "buleleng").await;
    let photo = b"\xff\xd8\xff\xe0 a photo that moves with its record".to_vec();
    let sha = hex::encode(Sha256::digest(&photo));
    let uploaded = app
        .send(upload(&jembrana.token, &sha, "image/jpeg", &photo, None))
        .await;
    assert_eq!(uploaded.status, StatusCode::CREATED);
    let status_for = |token: String| {
        let app = &app;
        let sha = sha.clone();
        async move {
            app.request(
                "GET",
                &format!("/api/attachments/{sha}"),
                Some(&token),
                None,
            )
            .await
            .status
        }
    };
    let coordinator = app.officer("kadek", Role::Coordinator, "kanwil").await;
    let mut clock = now_millis();
    let mut write = |id: Uuid, fields: serde_json::Value| {
        clock += 1;
        mutation(
            "subject",
            id,
            hlc_at(coordinator.device_id, clock, 0),
            fields,
        )
    };

    // A record in Buleleng shows it: Buleleng reads it, Jembrana (the uploader) does not.
    let subject = Uuid::now_v7();
    let mut fields = subject_fields("51.08.01", "TESTPERSON Moving");
    fields["photos"] = json!([sha]);
    let pushed = app.push(&coordinator, vec![write(subject, fields)]).await;
    assert_eq!(statuses(&pushed), ["applied"], "{:?}", pushed.body);
    assert_eq!(status_for(buleleng.token.clone()).await, StatusCode::OK);
    assert_eq!(
        status_for(jembrana.token.clone()).await,
        StatusCode::NOT_FOUND
    );

    // The record moves to Jembrana: the photo goes with it.
    let moved = app
        .push(
            &coordinator,
            vec![write(subject, json!({"region_code": "51.01.04"}))],
        )
        .await;
    assert_eq!(statuses(&moved), ["applied"], "{:?}", moved.body);
    assert_eq!(status_for(jembrana.token.clone()).await, StatusCode::OK);
    assert_eq!(
        status_for(buleleng.token.clone()).await,
        StatusCode::NOT_FOUND
    );

    // Taken off the record, it is read by nobody; shown again, it is back.
    let dropped = app
        .push(&coordinator, vec![write(subject, json!({"photos": []}))])
        .await;
    assert_eq!(statuses(&dropped), ["applied"], "{:?}", dropped.body);
    assert_eq!(
        status_for(jembrana.token.clone()).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status_for(coordinator.token.clone()).await,
        StatusCode::NOT_FOUND
    );
    let shown = app
        .push(&coordinator, vec![write(subject, json!({"photos": [sha]}))])
        .await;
    assert_eq!(statuses(&shown), ["applied"], "{:?}", shown.body);
    assert_eq!(status_for(jembrana.token.clone()).await, StatusCode::OK);

    // A deleted record shows nothing.
    let deleted = app
        .push(&coordinator, vec![write(subject, json!({"deleted": true}))])
        .await;
    assert_eq!(statuses(&deleted), ["applied"], "{:?}", deleted.body);
    assert_eq!(
        status_for(jembrana.token.clone()).await,
        StatusCode::NOT_FOUND
    );
}
on_both_backends!(photos_follow_the_records_that_show_them);
