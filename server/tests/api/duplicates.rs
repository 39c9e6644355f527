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

/// A record as `session` now pulls it.
pub async fn current(app: &TestApp, session: &crate::helpers::Session, id: Uuid) -> Value {
    let (changes, _) = app.pull_all(session, 0).await;
    changes
        .iter()
        .rev()
        .find(|change| change["id"] == id.to_string())
        .map(|change| change["record"].clone())
        .unwrap_or(Value::Null)
}

async fn subjects_counted(app: &TestApp, token: &str) -> i64 {
    let answer = app
        .request("GET", "/api/stats?measure=subjects", Some(token), None)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["total"].as_i64().expect("total")
}

async fn a_merge_makes_one_person_and_an_unmerge_two_again(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ayu = app.officer("ayu", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let komang = app.officer("komang", Role::Field, "buleleng").await;
    let coordinator = app
        .officer("koordinator", Role::Coordinator, "jembrana")
        .await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    let [erika, again, north] = [(); 3].map(|_| Uuid::now_v7());
    let [draft, closed, open_finding, final_finding] = [(); 4].map(|_| Uuid::now_v7());
    let now = now_millis();
    let person = json!({"region_code": "51.01.04", "full_name": "ERIKA MUSTERMANN", "nationality": "DEU", "passport_number": "C01X00T47", "date_of_birth": "1964-08-12"});
    let pushed = app
        .push(
            &ayu,
            vec![mutation(
                "subject",
                erika,
                hlc_at(ayu.device_id, now - 5000, 0),
                person,
            )],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"]);
    let inspection = |id, n, fields: Value| {
        mutation(
            "inspection",
            id,
            hlc_at(made.device_id, now - 4000, n),
            fields,
        )
    };
    let pushed = app
        .push(
            &made,
            vec![
                mutation("subject", again, hlc_at(made.device_id, now - 4000, 0), json!({"region_code": "51.01.02", "full_name": "Erika Mustermann", "nationality": "DEU", "passport_number": "C01X00T47", "date_of_birth": "1964-08-12", "address": "Jl. Contoh 1"})),
                inspection(draft, 1, json!({"region_code": "51.01.02", "started_at": "2026-11-30T10:00:00+08:00", "place_name": "Vila Contoh"})),
                inspection(closed, 2, json!({"region_code": "51.01.02", "started_at": "2026-11-29T10:00:00+08:00", "place_name": "Hotel Contoh", "warrant_number": "SP-001"})),
                mutation("finding", open_finding, hlc_at(made.device_id, now - 4000, 3), json!({"region_code": "51.01.02", "inspection_id": draft, "subject_id": again})),
                mutation("finding", final_finding, hlc_at(made.device_id, now - 4000, 4), json!({"region_code": "51.01.02", "inspection_id": closed, "subject_id": again})),
                inspection(closed, 5, json!({"status": "final"})),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 6]);
    let pushed = app
        .push(
            &komang,
            vec![mutation(
                "subject",
                north,
                hlc_at(komang.device_id, now, 0),
                json!({"region_code": "51.08", "full_name": "Contoh Utara"}),
            )],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"]);
    assert_eq!(subjects_counted(&app, &coordinator.token).await, 2);

    // Mistakes are named, each with its own code, and change nothing.
    let merge = |token: &str, body: Value| {
        let token = token.to_string();
        let app = &app;
        async move {
            app.request("POST", "/api/duplicates/merge", Some(&token), Some(body))
                .await
        }
    };
    let by_field = merge(&ayu.token, json!({"survivor": erika, "merged": again})).await;
    assert_eq!(
        (by_field.status, by_field.error_code()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    for (body, status, code, field) in [
        (
            json!({"survivor": erika, "merged": erika}),
            StatusCode::BAD_REQUEST,
            "same_record",
            "merged",
        ),
        (
            json!({"survivor": erika, "merged": north}),
            StatusCode::FORBIDDEN,
            "out_of_scope",
            "merged",
        ),
        (
            json!({"survivor": draft, "merged": again}),
            StatusCode::NOT_FOUND,
            "not_found",
            "survivor",
        ),
        (
            json!({"survivor": erika, "merged": again, "choose": {"shoe_size": "merged"}}),
            StatusCode::BAD_REQUEST,
            "unknown_field",
            "choose.shoe_size",
        ),
    ] {
        let refused = merge(&coordinator.token, body.clone()).await;
        assert_eq!(
            (refused.status, refused.error_code()),
            (status, code),
            "{body}"
        );
        assert_eq!(refused.body["error"]["field"], field, "{body}");
    }
    assert_eq!(
        pairs(&app, &coordinator.token).await,
        [(
            sorted(erika, again),
            vec!["passport".to_string(), "name_and_birth".to_string()],
            true
        )]
    );

    // The merge: the survivor takes the name as the reviewer chose, the address it
    // lacked and the newer region; a retry changes nothing more.
    let body = json!({"survivor": erika, "merged": again, "choose": {"full_name": "merged"}});
    let merged = merge(&coordinator.token, body.clone()).await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.body);
    assert_eq!(
        merged.body["fields_taken"],
        json!(["address", "full_name", "region_code"])
    );
    assert_eq!(merged.body["moved_findings"], 1);
    let changes_after_merge = app.count("SELECT COUNT(*) FROM change_log").await;
    let retried = merge(&coordinator.token, body).await;
    assert_eq!(retried.status, StatusCode::OK, "{:?}", retried.body);
    assert_eq!(retried.body["repeated"], true);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM change_log").await,
        changes_after_merge
    );

    let survivor = current(&app, &ayu, erika).await;
    assert_eq!(survivor["full_name"], "Erika Mustermann");
    assert_eq!(survivor["address"], "Jl. Contoh 1");
    assert_eq!(
        current(&app, &ayu, again).await["merged_into"],
        erika.to_string()
    );
    // The draft finding moved; the finalized one is evidence and resolves through the
    // merged record.
    assert_eq!(
        current(&app, &ayu, open_finding).await["subject_id"],
        erika.to_string()
    );
    assert_eq!(
        current(&app, &ayu, final_finding).await["subject_id"],
        again.to_string()
    );
    assert!(pairs(&app, &coordinator.token).await.is_empty());
    assert_eq!(subjects_counted(&app, &coordinator.token).await, 1);
    let findings = app
        .request(
            "GET",
            "/api/stats?measure=findings&by=nationality",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(findings.body["total"], 2, "{:?}", findings.body);

    // Merged once, it cannot be merged elsewhere, nor serve as a survivor.
    let twice = merge(&kanwil.token, json!({"survivor": north, "merged": again})).await;
    assert_eq!(
        (twice.status, twice.error_code()),
        (StatusCode::CONFLICT, "already_merged")
    );
    let into_merged = merge(&kanwil.token, json!({"survivor": again, "merged": north})).await;
    assert_eq!(
        (into_merged.status, into_merged.error_code()),
        (StatusCode::CONFLICT, "survivor_merged")
    );

    // A tablet that edited the merged record offline: the edit lands on the survivor.
    // Only a merge sets `merged_into`.
    let late = app
        .push(
            &made,
            vec![
                mutation(
                    "subject",
                    again,
                    hlc_at(made.device_id, now_millis(), 0),
                    json!({"employer": "PT Contoh Jaya"}),
                ),
                mutation(
                    "subject",
                    again,
                    hlc_at(made.device_id, now_millis(), 1),
                    json!({"merged_into": null}),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&late), ["applied", "rejected"]);
    assert_eq!(late.body["results"][1]["error"]["field"], "merged_into");
    assert_eq!(
        current(&app, &ayu, erika).await["employer"],
        "PT Contoh Jaya"
    );
    assert_eq!(
        current(&app, &ayu, again).await["merged_into"],
        erika.to_string()
    );

    // The unmerge: two people again, the moved finding back where it was.
    let unmerge = |token: &str| {
        let token = token.to_string();
        let app = &app;
        async move {
            app.request(
                "POST",
                "/api/duplicates/unmerge",
                Some(&token),
                Some(json!({"merged": again})),
            )
            .await
        }
    };
    let unmerged = unmerge(&coordinator.token).await;
    assert_eq!(unmerged.status, StatusCode::OK, "{:?}", unmerged.body);
    assert_eq!(unmerged.body["moved_back_findings"], 1);
    assert_eq!(current(&app, &ayu, again).await["merged_into"], Value::Null);
    assert_eq!(
        current(&app, &ayu, open_finding).await["subject_id"],
        again.to_string()
    );
    assert_eq!(subjects_counted(&app, &coordinator.token).await, 2);
    assert_eq!(pairs(&app, &coordinator.token).await.len(), 1);
    let again_unmerged = unmerge(&coordinator.token).await;
    assert_eq!(
        (again_unmerged.status, again_unmerged.error_code()),
        (StatusCode::CONFLICT, "not_merged")
    );
    // Both are in the records' histories, by the coordinator.
    let history = app
        .request(
            "GET",
            &format!("/api/records/{again}/history"),
            Some(&coordinator.token),
            None,
        )
        .await;
    let written_merged_into = history.body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["changes"].to_string().contains("merged_into"))
        .count();
    assert_eq!(written_merged_into, 2, "{:?}", history.body);
}
on_both_backends!(a_merge_makes_one_person_and_an_unmerge_two_again);

/// The keys of `id` as stored.
async fn stored_keys(app: &TestApp, id: Uuid) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM subject_keys WHERE record_id = $1")
        .bind(id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    count
}

async fn pairs_follow_edits_deletions_and_erasure(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ayu = app.officer("ayu", Role::Field, "jembrana").await;
    let coordinator = app
        .officer("koordinator", Role::Coordinator, "jembrana")
        .await;
    let [first, second, third] = [(); 3].map(|_| Uuid::now_v7());
    let now = now_millis();
    let mut n = 0;
    let mut write = |id: Uuid, fields: Value| {
        n += 1;
        mutation("subject", id, hlc_at(ayu.device_id, now, n), fields)
    };
    let document = |name: &str| json!({"region_code": "51.01", "full_name": name, "nationality": "NZL", "passport_number": "LA1234567"});
    let pushed = app
        .push(
            &ayu,
            vec![
                write(first, document("CONTOH SATU")),
                write(second, document("CONTOH DUA")),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 2]);
    assert_eq!(pairs(&app, &coordinator.token).await.len(), 1);

    // Its nationality corrected, the passport is another country's: no longer a pair (a
    // changed passport number would be kept as a previous document, and still pair). The
    // same passport on a third: a pair again.
    let pushed = app
        .push(
            &ayu,
            vec![
                write(second, json!({"nationality": "AUS"})),
                write(third, document("CONTOH TIGA")),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 2]);
    assert_eq!(
        pairs(&app, &coordinator.token).await,
        [(sorted(first, third), vec!["passport".to_string()], true)]
    );

    // Deleted, it pairs with no one; erased, its keys go at once, not at the next review.
    let pushed = app
        .push(&ayu, vec![write(third, json!({"deleted": true}))])
        .await;
    assert_eq!(statuses(&pushed), ["applied"]);
    assert!(pairs(&app, &coordinator.token).await.is_empty());
    assert_eq!(stored_keys(&app, first).await, 1);
    let pushed = app
        .push(&ayu, vec![write(first, json!({"deleted": true}))])
        .await;
    assert_eq!(statuses(&pushed), ["applied"]);
    let erased = pantau_server::retention::run(&app.db, now_millis() as i64, false)
        .await
        .expect("retention");
    assert!(!erased.purged.is_empty(), "{erased:?}");
    assert_eq!(stored_keys(&app, first).await, 0);

    // A rescan finds what the refreshes kept.
    let done = app.db.rescan_duplicate_keys().await.expect("rescan");
    assert_eq!(done.records_read, 3);
    assert_eq!(done.keys_written, 1, "only the second is live: {done:?}");
}
on_both_backends!(pairs_follow_edits_deletions_and_erasure);

async fn a_renewed_passport_is_the_same_person(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ayu = app.officer("ayu", Role::Field, "jembrana").await;
    let made = app.officer("made", Role::Field, "jembrana").await;
    let coordinator = app
        .officer("koordinator", Role::Coordinator, "jembrana")
        .await;
    let (person, again) = (Uuid::now_v7(), Uuid::now_v7());
    let now = now_millis();
    let pushed = app
        .push(
            &ayu,
            vec![
                mutation("subject", person, hlc_at(ayu.device_id, now, 0), json!({"region_code": "51.01", "full_name": "CONTOH PERPANJANG", "nationality": "NZL", "passport_number": "LA1234567"})),
                mutation("subject", person, hlc_at(ayu.device_id, now, 1), json!({"passport_number": "LB7654321"})),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 2]);
    assert_eq!(
        current(&app, &ayu, person).await["previous_documents"],
        json!(["NZL:LA1234567"])
    );

    // Someone registered from the old passport is offered as the same person.
    let pushed = app
        .push(
            &made,
            vec![mutation("subject", again, hlc_at(made.device_id, now, 0), json!({"region_code": "51.01", "full_name": "Contoh Lama", "nationality": "NZL", "passport_number": "la 1234567"}))],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"]);
    assert_eq!(
        pairs(&app, &coordinator.token).await,
        [(sorted(person, again), vec!["passport".to_string()], true)]
    );
    let listed = app
        .request("GET", "/api/duplicates", Some(&coordinator.token), None)
        .await;
    let pair = &listed.body["pairs"][0];
    let renewed = if pair["first"]["id"] == person.to_string() {
        &pair["first"]
    } else {
        &pair["second"]
    };
    assert_eq!(renewed["previous_documents"], json!(["NZL:LA1234567"]));
    let merged = app
        .request(
            "POST",
            "/api/duplicates/merge",
            Some(&coordinator.token),
            Some(json!({"survivor": person, "merged": again})),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.body);
    let survivor = current(&app, &ayu, person).await;
    assert_eq!(survivor["passport_number"], "LB7654321");
    assert_eq!(survivor["previous_documents"], json!(["NZL:LA1234567"]));

    // A previous document is checked like any document.
    let bad = app
        .push(
            &ayu,
            vec![mutation(
                "subject",
                person,
                hlc_at(ayu.device_id, now_millis(), 0),
                json!({"previous_documents": ["LA1234567"]}),
            )],
        )
        .await;
    assert_eq!(statuses(&bad), ["rejected"]);
    assert_eq!(
        bad.body["results"][0]["error"]["field"],
        "previous_documents"
    );
}
on_both_backends!(a_renewed_passport_is_the_same_person);
