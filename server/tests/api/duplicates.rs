//! Potential duplicates: two officers register one person, the office sees the pair with
//! its reasons, and a pair found to be two people is never offered again.

use crate::helpers::{Engine, TestApp, hlc_at, mutation, now_millis, statuses};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

/// The pairs `session` is shown, each as its two ids (sorted) and its reasons.
async fn pairs(app: &TestApp, token: &str) -> Vec<(Vec<String>, Vec<String>, bool)> {
    let answer = app
        .request("GET", "/api/duplicates", Some(token), None)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|pair| {
            let mut ids = vec![
                pair["first"]["id"].as_str().unwrap_or_default().to_string(),
                pair["second"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ];
            ids.sort();
            let reasons = pair["reasons"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            (ids, reasons, pair["strong"] == true)
        })
        .collect()
}

fn sorted(a: Uuid, b: Uuid) -> Vec<String> {
    let mut ids = vec![a.to_string(), b.to_string()];
    ids.sort();
    ids
}

async fn the_office_reviews_people_registered_twice(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ayu = app.officer("ayu", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let komang = app.officer("komang", Role::Field, "buleleng").await;
    let coordinator = app
        .officer("koordinator", Role::Coordinator, "jembrana")
        .await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    let [erika, again, twin_a, twin_b, other, north] = [(); 6].map(|_| Uuid::now_v7());
    let now = now_millis();
    let subject = |id, session: &crate::helpers::Session, n, fields: Value| {
        mutation("subject", id, hlc_at(session.device_id, now, n), fields)
    };
    let pushed = app
        .push(
            &ayu,
            vec![
                subject(erika, &ayu, 0, json!({"region_code": "51.01.04", "full_name": "ERIKA MUSTERMANN", "nationality": "DEU", "passport_number": "C01X00T47", "date_of_birth": "1964-08-12"})),
                subject(twin_a, &ayu, 1, json!({"region_code": "51.01", "full_name": "Contoh Kembar", "nationality": "AUS", "passport_number": "PA1111111", "date_of_birth": "1990-01-01"})),
                subject(other, &ayu, 2, json!({"region_code": "51.01", "full_name": "CONTOH LAIN", "nationality": "AUS", "passport_number": "PA3333333", "date_of_birth": "1980-01-01"})),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 3]);
    let pushed = app
        .push(
            &made,
            vec![
                subject(again, &made, 0, json!({"region_code": "51.01.02", "full_name": "Mustermann  Érika", "nationality": "DEU", "passport_number": "c01x00t47", "date_of_birth": "1964-08-12"})),
                subject(twin_b, &made, 1, json!({"region_code": "51.01", "full_name": "KEMBAR CONTOH", "nationality": "AUS", "passport_number": "PA2222222", "date_of_birth": "1990-01-01"})),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 2]);
    let pushed = app
        .push(
            &komang,
            vec![subject(north, &komang, 0, json!({"region_code": "51.08", "full_name": "ERIKA MUSTERMANN", "nationality": "DEU", "passport_number": "C01X00T47"}))],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"]);

    // Field officers do not review.
    let refused = app
        .request("GET", "/api/duplicates", Some(&ayu.token), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The coordinator sees the team's pairs, the strong one first.
    assert_eq!(
        pairs(&app, &coordinator.token).await,
        [
            (
                sorted(erika, again),
                vec!["passport".to_string(), "name_and_birth".to_string()],
                true
            ),
            (
                sorted(twin_a, twin_b),
                vec!["name_and_birth".to_string()],
                false
            ),
        ]
    );
    // The Kanwil sees the province: the same passport in Buleleng too.
    let province = pairs(&app, &kanwil.token).await;
    assert!(
        province
            .iter()
            .any(|(ids, _, _)| *ids == sorted(erika, north)),
        "{province:?}"
    );

    // The twins are two people: recorded once, answered the same again, never offered again.
    let body = json!({"first": twin_b, "second": twin_a});
    for _ in 0..2 {
        let answer = app
            .request(
                "POST",
                "/api/duplicates/not-same",
                Some(&coordinator.token),
                Some(body.clone()),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    }
    assert_eq!(
        pairs(&app, &coordinator.token)
            .await
            .into_iter()
            .map(|(ids, _, _)| ids)
            .collect::<Vec<_>>(),
        [sorted(erika, again)]
    );

    // Mistakes are named and change nothing.
    let same = app
        .request(
            "POST",
            "/api/duplicates/not-same",
            Some(&coordinator.token),
            Some(json!({"first": erika, "second": erika})),
        )
        .await;
    assert_eq!(
        (same.status, same.error_code()),
        (StatusCode::BAD_REQUEST, "same_record")
    );
    let elsewhere = app
        .request(
            "POST",
            "/api/duplicates/not-same",
            Some(&coordinator.token),
            Some(json!({"first": erika, "second": north})),
        )
        .await;
    assert_eq!(
        (elsewhere.status, elsewhere.error_code()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    assert_eq!(elsewhere.body["error"]["field"], "second");
    let by_field = app
        .request(
            "POST",
            "/api/duplicates/not-same",
            Some(&ayu.token),
            Some(json!({"first": erika, "second": again})),
        )
        .await;
    assert_eq!(by_field.status, StatusCode::FORBIDDEN);
    assert_eq!(pairs(&app, &coordinator.token).await.len(), 1);
}
on_both_backends!(the_office_reviews_people_registered_twice);
