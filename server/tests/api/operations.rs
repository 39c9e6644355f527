//! Operations under one written order: recorded by a team's coordinator, refused from
//! anyone else and with a period that runs backwards, pulled by the team's tablets, and
//! reported with what was done under them — inspections, places, foreign nationals by
//! nationality, findings and decisions — on both engines.

use crate::helpers::{
    Engine, Response, Session, TestApp, hlc_at, mutation, now_millis, refusal, refused_fields,
    statuses,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

fn order(region: &str) -> Value {
    json!({
        "region_code": region, "order_number": "SP-07/IMI.1-GR/2026 (uji)",
        "order_date": "2026-11-02", "operation_type": "joint",
        "period_start": "2026-11-03", "period_end": "2026-11-06",
        "issued_by": "Kepala Kantor (uji)", "agencies": ["IMIGRASI", "POLRES", "DISNAKER"],
    })
}

async fn create(app: &TestApp, session: &Session, body: Value) -> Response {
    app.request("POST", "/api/operations", Some(&session.token), Some(body))
        .await
}

async fn listed(app: &TestApp, session: &Session) -> Vec<Value> {
    let answer = app
        .request("GET", "/api/operations", Some(&session.token), None)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["operations"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn tally(report: &Value, name: &str) -> Vec<(String, i64)> {
    report[name]
        .as_array()
        .expect(name)
        .iter()
        .map(|t| {
            (
                t["code"].as_str().unwrap_or("").to_string(),
                t["count"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

async fn a_coordinator_records_an_operation_and_reads_its_report(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let coordinator = app
        .officer("koor_jembrana", Role::Coordinator, "jembrana")
        .await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let other_coordinator = app
        .officer("koor_buleleng", Role::Coordinator, "buleleng")
        .await;

    // Only the coordinator records one, in its own region.
    for session in [&officer, &kanwil] {
        assert_eq!(
            refusal(&create(&app, session, order("51.01")).await).0,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        refusal(&create(&app, &coordinator, order("51.08")).await).0,
        StatusCode::FORBIDDEN
    );
    // A tablet cannot write one either.
    let pushed = app
        .push(
            &officer,
            vec![mutation(
                "operation",
                Uuid::now_v7(),
                hlc_at(officer.device_id, now_millis(), 1),
                order("51.01"),
            )],
        )
        .await;
    assert_eq!(
        pushed.body["results"][0]["error"]["code"], "forbidden",
        "{:?}",
        pushed.body
    );

    // Bad input, each by its field; nothing is kept.
    let mut backwards = order("51.01");
    backwards["period_end"] = json!("2026-11-01");
    let mut before_order = order("51.01");
    before_order["period_start"] = json!("2026-11-01");
    let mut unnumbered = order("51.01");
    unnumbered
        .as_object_mut()
        .expect("object")
        .remove("order_number");
    let mut unknown = order("51.01");
    unknown["warrant"] = json!("x");
    let mut bad_type = order("51.01");
    bad_type["operation_type"] = json!("secret");
    for (body, expected) in [
        (
            backwards,
            (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "period_end"),
        ),
        (
            before_order,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_early",
                "period_start",
            ),
        ),
        (
            unnumbered,
            (StatusCode::UNPROCESSABLE_ENTITY, "required", "order_number"),
        ),
        (
            unknown,
            (StatusCode::UNPROCESSABLE_ENTITY, "unknown_field", "warrant"),
        ),
        (
            bad_type,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_allowed_value",
                "operation_type",
            ),
        ),
    ] {
        let answer = create(&app, &coordinator, body.clone()).await;
        assert_eq!(refusal(&answer), expected, "{body}");
    }
    assert!(listed(&app, &coordinator).await.is_empty());

    let made = create(&app, &coordinator, order("51.01")).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let operation = made.body["id"].as_str().expect("id").to_string();

    // The team's tablet pulls it.
    let (changes, _) = app.pull_all(&officer, 0).await;
    assert!(
        changes
            .iter()
            .any(|c| c["entity"] == "operation" && c["id"] == operation.as_str()),
        "{changes:?}"
    );

    // Under it, two inspections: the villa's finalized with no number of its own, and
    // four findings citing three persons, one of them twice.
    let (villa, kos) = (Uuid::now_v7(), Uuid::now_v7());
    let persons: Vec<(Uuid, &str)> = vec![
        (Uuid::now_v7(), "AUS"),
        (Uuid::now_v7(), "RUS"),
        (Uuid::now_v7(), "AUS"),
    ];
    let mut batch = Vec::new();
    let mut n = 0;
    let mut stamp = || {
        n += 1;
        hlc_at(officer.device_id, now_millis(), n)
    };
    for (index, (id, nationality)) in persons.iter().enumerate() {
        batch.push(mutation("subject", *id, stamp(), json!({
            "region_code": "51.01.01", "full_name": format!("CONTOH ORANG {index}"),
            "nationality": nationality, "passport_number": format!("XC{index:07}"), "permit_type": "ITAS",
        })));
    }
    for (id, place, place_type, at) in [
        (villa, "Vila Uji", "villa", "2026-11-03T10:00:00+08:00"),
        (kos, "Kos Uji", "kos", "2026-11-04T10:00:00+08:00"),
    ] {
        batch.push(mutation(
            "inspection",
            id,
            stamp(),
            json!({
                "region_code": "51.01.01", "started_at": at, "place_name": place,
                "place_type": place_type, "operation_type": "joint", "operation_id": operation,
            }),
        ));
    }
    let findings: Vec<(Uuid, Uuid, usize, Value)> = vec![
        (Uuid::now_v7(), villa, 0, json!(["overstay"])),
        (Uuid::now_v7(), villa, 1, json!([])),
        (Uuid::now_v7(), kos, 2, json!(["overstay", "permit_misuse"])),
        (Uuid::now_v7(), kos, 0, json!([])),
    ];
    for (id, inspection, person, violations) in &findings {
        batch.push(mutation(
            "finding",
            *id,
            stamp(),
            json!({
                "region_code": "51.01.01", "inspection_id": inspection,
                "subject_id": persons[*person].0, "violations": violations,
            }),
        ));
    }
    batch.push(mutation(
        "inspection",
        villa,
        stamp(),
        json!({"status": "final"}),
    ));
    let pushed = app.push(&officer, batch).await;
    assert!(
        statuses(&pushed).iter().all(|s| s == "applied"),
        "{:?}",
        pushed.body
    );
    // An inspection under no order and with no reason is still refused at finalization.
    let loose = Uuid::now_v7();
    let pushed = app
        .push(
            &officer,
            vec![mutation(
                "inspection",
                loose,
                stamp(),
                json!({
                    "region_code": "51.01.01", "started_at": "2026-11-05T10:00:00+08:00",
                    "place_name": "Rumah Uji", "status": "final",
                }),
            )],
        )
        .await;
    assert_eq!(
        pushed.body["results"][0]["error"]["field"], "warrant_number",
        "{:?}",
        pushed.body
    );

    // The office decides the villa's overstay.
    let decided = app
        .request(
            "POST",
            &format!("/api/case-review/{}/decision", findings[0].0),
            Some(&coordinator.token),
            Some(
                json!({"decided_action": "deportation", "decision_number": "W20-UJI/1",
                        "decision_date": "2026-11-10"}),
            ),
        )
        .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{:?}", decided.body);

    // Listed with its inspections; the Kanwil reads it, another team does not see it.
    let ours = listed(&app, &coordinator).await;
    assert_eq!(ours.len(), 1);
    assert_eq!(
        (
            ours[0]["inspections"].as_i64(),
            ours[0]["editable"].as_bool()
        ),
        (Some(2), Some(true))
    );
    let theirs = listed(&app, &kanwil).await;
    assert_eq!(
        (theirs.len(), theirs[0]["editable"].as_bool()),
        (1, Some(false))
    );
    assert!(listed(&app, &other_coordinator).await.is_empty());

    // A violation missed at the villa is added by an amendment: the report counts it.
    let corrected = app
        .push(
            &officer,
            vec![mutation(
                "amendment",
                Uuid::now_v7(),
                stamp(),
                json!({
                    "region_code": "51.01.01", "original_entity": "finding",
                    "original_id": findings[1].0, "reason": "Terlewat dicatat (uji)",
                    "changes": "pelanggaran", "corrections": {"violations": ["no_document"]},
                }),
            )],
        )
        .await;
    assert_eq!(statuses(&corrected), ["applied"], "{:?}", corrected.body);

    let report = app
        .request(
            "GET",
            &format!("/api/operations/{operation}"),
            Some(&kanwil.token),
            None,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let body = &report.body;
    assert_eq!(body["fields"]["order_number"], "SP-07/IMI.1-GR/2026 (uji)");
    let places: Vec<(&str, i64)> = body["inspections"]
        .as_array()
        .expect("inspections")
        .iter()
        .map(|i| {
            (
                i["place_name"].as_str().unwrap_or(""),
                i["findings"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(places, vec![("Vila Uji", 2), ("Kos Uji", 2)]);
    let mut by_type = tally(body, "places_by_type");
    by_type.sort();
    assert_eq!(by_type, vec![("kos".into(), 1), ("villa".into(), 1)]);
    assert_eq!(
        tally(body, "foreigners_by_nationality"),
        vec![("AUS".into(), 2), ("RUS".into(), 1)]
    );
    assert_eq!(body["findings"], 4);
    let mut violations = tally(body, "violations");
    violations.sort();
    assert_eq!(
        violations,
        vec![
            ("no_document".into(), 1),
            ("overstay".into(), 2),
            ("permit_misuse".into(), 1)
        ]
    );
    assert_eq!(body["awaiting_decision"], 3);
    assert_eq!(
        tally(body, "decided_actions"),
        vec![("deportation".into(), 1)]
    );
    let hidden = app
        .request(
            "GET",
            &format!("/api/operations/{operation}"),
            Some(&other_coordinator.token),
            None,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    // Changed, refused by field, then deleted.
    let path = format!("/api/operations/{operation}");
    let token = Some(coordinator.token.as_str());
    let changed = app
        .request(
            "PATCH",
            &path,
            token,
            Some(json!({"period_end": "2026-11-08"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["period_end"], "2026-11-08");
    let backwards = app
        .request(
            "PATCH",
            &path,
            token,
            Some(json!({"period_end": "2026-11-01"})),
        )
        .await;
    assert_eq!(
        refusal(&backwards),
        (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "period_end")
    );
    let moved = app
        .request("PATCH", &path, token, Some(json!({"region_code": "51.08"})))
        .await;
    assert_eq!(
        refusal(&moved),
        (StatusCode::UNPROCESSABLE_ENTITY, "read_only", "region_code")
    );
    let by_kanwil = app
        .request(
            "PATCH",
            &path,
            Some(&kanwil.token),
            Some(json!({"notes": "x"})),
        )
        .await;
    assert_eq!(by_kanwil.status, StatusCode::FORBIDDEN);
    let deleted = app
        .request("PATCH", &path, token, Some(json!({"deleted": true})))
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    assert!(listed(&app, &coordinator).await.is_empty());
}
on_both_backends!(a_coordinator_records_an_operation_and_reads_its_report);

/// An inspection put under an operation names one the server holds in the writer's
/// region; one that names none is refused by its field and changes nothing, and an
/// operation deleted later leaves its inspections editable.
async fn an_inspection_is_put_only_under_an_operation_the_server_holds(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let coordinator = app
        .officer("koor_jembrana", Role::Coordinator, "jembrana")
        .await;
    let other_coordinator = app
        .officer("koor_buleleng", Role::Coordinator, "buleleng")
        .await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let ours = create(&app, &coordinator, order("51.01")).await;
    let ours = ours.body["id"].as_str().expect("id").to_string();
    let theirs = create(&app, &other_coordinator, order("51.08")).await;
    let theirs = theirs.body["id"].as_str().expect("id").to_string();
    let inspection_under = |operation: &str| {
        json!({
            "region_code": "51.01.01", "started_at": "2026-11-04T10:00:00+08:00",
            "place_name": "Vila Uji (fiktif)", "operation_type": "joint",
            "operation_id": operation,
        })
    };
    let stamp = |session: &Session, n: u32| hlc_at(session.device_id, now_millis(), n);
    let inspections = || app.count("SELECT COUNT(*) FROM records WHERE entity = 'inspection'");

    let made_up = Uuid::now_v7().to_string();
    let kept = Uuid::now_v7();
    let pushed = app
        .push(
            &officer,
            vec![
                mutation(
                    "inspection",
                    Uuid::now_v7(),
                    stamp(&officer, 1),
                    inspection_under(&made_up),
                ),
                mutation(
                    "inspection",
                    Uuid::now_v7(),
                    stamp(&officer, 2),
                    inspection_under(&theirs),
                ),
                mutation(
                    "inspection",
                    kept,
                    stamp(&officer, 3),
                    inspection_under(&ours),
                ),
            ],
        )
        .await;
    assert_eq!(
        statuses(&pushed),
        ["rejected", "rejected", "applied"],
        "{:?}",
        pushed.body
    );
    let refused = ("unknown_operation".to_string(), "operation_id".to_string());
    assert_eq!(refused_fields(&pushed), [refused.clone(), refused]);
    assert_eq!(inspections().await, 1);

    // A coordinator's tablet records an operation and an inspection under it at once.
    let (fresh_operation, fresh_inspection) = (Uuid::now_v7(), Uuid::now_v7());
    let pushed = app
        .push(
            &coordinator,
            vec![
                mutation(
                    "operation",
                    fresh_operation,
                    stamp(&coordinator, 1),
                    order("51.01"),
                ),
                mutation(
                    "inspection",
                    fresh_inspection,
                    stamp(&coordinator, 2),
                    inspection_under(&fresh_operation.to_string()),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 2], "{:?}", pushed.body);

    // Deleted, the operation takes no new inspection; those made under it stay
    // editable, their whole record sent again included.
    let path = format!("/api/operations/{ours}");
    let deleted = app
        .request(
            "PATCH",
            &path,
            Some(&coordinator.token),
            Some(json!({"deleted": true})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    let pushed = app
        .push(
            &officer,
            vec![
                mutation(
                    "inspection",
                    kept,
                    stamp(&officer, 4),
                    json!({"notes": "Catatan uji (fiktif)", "operation_id": ours}),
                ),
                mutation(
                    "inspection",
                    Uuid::now_v7(),
                    stamp(&officer, 5),
                    inspection_under(&ours),
                ),
            ],
        )
        .await;
    assert_eq!(
        statuses(&pushed),
        ["applied", "rejected"],
        "{:?}",
        pushed.body
    );
    assert_eq!(inspections().await, 2);
}
on_both_backends!(an_inspection_is_put_only_under_an_operation_the_server_holds);
