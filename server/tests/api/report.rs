//! The monthly report of a team: every figure equals what the test computes from the
//! records it pushed, over the team's region and the month in office time; and each bad
//! question is refused by the parameter at fault.

use crate::export::{exports_logged, sheet};
use crate::helpers::{Engine, OneshotBytes, hlc_at, mutation, now_millis, statuses};
use crate::on_both_backends;
use crate::stats::{answered, world_with_office};
use axum::http::StatusCode;
use calamine::Data;
use pantau_shared::decision::decision_id;
use pantau_shared::stats::{Dimension, Measure};
use pantau_shared::team::Role;
use serde_json::json;
use uuid::Uuid;

const NOVEMBER: (&str, &str) = ("2026-11-01", "2026-11-30");

async fn the_monthly_report_counts_the_teams_month(engine: Engine) {
    let (app, world, kanwil) = world_with_office(engine).await;
    // One more finding with the actions recommended in the field and decided by the
    // office, inside the month.
    let coordinator = app
        .officer("koor_jembrana_2", Role::Coordinator, "jembrana")
        .await;
    // A second finding's decision was cancelled: it decided nothing.
    let (inspection, subject, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let reconsidered = Uuid::now_v7();
    let stamp = |n: u32| hlc_at(coordinator.device_id, now_millis() - 30_000, n);
    let decision = |finding: Uuid, fields: serde_json::Value| {
        let mut fields = fields;
        fields["region_code"] = json!("51.01.02");
        fields["finding_id"] = json!(finding);
        fields["decision_number"] = json!("KEP-LAPORAN/1");
        fields["decision_date"] = json!("2026-11-12");
        fields["decided_by"] = json!(Uuid::now_v7());
        fields
    };
    let pushed = app
        .push(
            &coordinator,
            vec![
                mutation("subject", subject, stamp(0), json!({"region_code": "51.01.02", "full_name": "CONTOH LAPORAN", "nationality": "AUS", "permit_type": "ITK"})),
                mutation("inspection", inspection, stamp(1), json!({"region_code": "51.01.02", "started_at": "2026-11-10T10:00:00+08:00", "place_name": "Vila uji", "place_type": "villa", "warrant_number": "SP-LAPORAN/1"})),
                mutation("finding", finding, stamp(2), json!({"region_code": "51.01.02", "inspection_id": inspection, "subject_id": subject, "violations": ["overstay"], "recommended_action": "deportation"})),
                mutation("finding", reconsidered, stamp(3), json!({"region_code": "51.01.02", "inspection_id": inspection, "subject_id": subject})),
                mutation("inspection", inspection, stamp(4), json!({"status": "final"})),
                mutation("decision", decision_id(finding), stamp(5), decision(finding, json!({"state": "decided", "decided_action": "overstay_fee"}))),
                mutation("decision", decision_id(reconsidered), stamp(6), decision(reconsidered, json!({"state": "cancelled", "decided_action": "deportation", "cancel_reason": "Uji: keputusan ditinjau ulang"}))),
            ],
        )
        .await;
    assert!(
        statuses(&pushed).iter().all(|s| s == "applied"),
        "{:?}",
        pushed.body
    );

    let report = app
        .request(
            "GET",
            "/api/reports/monthly?team=jembrana&month=2026-11",
            Some(&kanwil.token),
            None,
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let body = &report.body;
    assert_eq!(body["team"]["region_code"], "51.01");
    assert_eq!(body["team"]["region_name"], "Kabupaten Jembrana");
    assert_eq!(
        (body["from"].as_str(), body["to"].as_str()),
        (Some(NOVEMBER.0), Some(NOVEMBER.1))
    );

    // The world's figures, plus the one inspection, two findings and one violation added
    // above.
    let expect = |measure: Measure, by: &[Dimension]| {
        world.expected(measure, by, "51.01", &[], Some(NOVEMBER))
    };
    let (mut places, mut inspections) = expect(Measure::Inspections, &[Dimension::PlaceType]);
    *places.entry(vec![Some("villa".into())]).or_default() += 1;
    inspections += 1;
    assert_eq!(answered(&body["inspections_by_place_type"]), places);
    let (mut areas, _) = expect(Measure::Inspections, &[Dimension::Region]);
    *areas.entry(vec![Some("51.01.02".into())]).or_default() += 1;
    assert_eq!(answered(&body["inspections_by_region"]), areas);
    assert_eq!(body["inspections_by_place_type"]["total"], inspections);
    let (mut checked, _) = expect(
        Measure::Findings,
        &[Dimension::Nationality, Dimension::PermitType],
    );
    *checked
        .entry(vec![Some("AUS".into()), Some("ITK".into())])
        .or_default() += 2;
    assert_eq!(answered(&body["foreigners_checked"]), checked);
    let (mut violations, _) = expect(Measure::Violations, &[Dimension::Violation]);
    *violations.entry(vec![Some("overstay".into())]).or_default() += 1;
    assert_eq!(answered(&body["violations"]), violations);
    // Every inspection of the world carries its own written order.
    assert_eq!(
        body["warrant_numbers"].as_array().map(Vec::len),
        Some(inspections as usize)
    );
    let actions_at = |stage: &str, added: &str| {
        let (rows, _) = world.expected(
            Measure::Actions,
            &[Dimension::Action],
            "51.01",
            &[(Dimension::Stage, stage)],
            Some(NOVEMBER),
        );
        let mut counts: std::collections::BTreeMap<String, i64> = rows
            .into_iter()
            .filter_map(|(keys, count)| Some((keys[0].clone()?, count)))
            .collect();
        *counts.entry(added.to_string()).or_default() += 1;
        counts
    };
    let recommended = actions_at("recommended", "deportation");
    let decided = actions_at("decided", "overstay_fee");
    assert_eq!(body["recommended_actions"], json!(recommended));
    assert_eq!(body["decided_actions"], json!(decided));
    let (_, meetings) = expect(Measure::Meetings, &[]);
    assert_eq!(
        body["meetings"].as_array().map(Vec::len),
        Some(meetings as usize)
    );
    assert!(meetings > 0, "the world has Rakor in November");
    assert_eq!(body["meetings"][0]["theme"], "Rakor uji");
    let (_, follow_ups) = expect(Measure::FollowUps, &[]);
    assert_eq!(
        body["follow_ups"].as_array().map(Vec::len),
        Some(follow_ups as usize)
    );

    // The Kanwil's recap workbook holds the same figures, one sheet per table.
    let (status, bytes) = app
        .router
        .clone()
        .oneshot_bytes(
            axum::http::Request::get("/api/reports/monthly.xlsx?team=jembrana&month=2026-11")
                .header("authorization", format!("Bearer {}", kanwil.token))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let places = sheet(bytes.clone(), "II Jenis tempat");
    assert_eq!(
        places.len(),
        body["inspections_by_place_type"]["rows"]
            .as_array()
            .map_or(0, Vec::len)
            + 2
    );
    let last = places.last().expect("total row");
    assert_eq!(last[0], Data::String("Jumlah".into()));
    assert_eq!(last[1], Data::Float(inspections as f64));
    let actions = sheet(bytes.clone(), "III TAK");
    for (code, label) in [
        ("deportation", "Deportasi"),
        ("overstay_fee", "Pengenaan biaya beban"),
    ] {
        let count = |counts: &std::collections::BTreeMap<String, i64>| {
            Data::Float(counts.get(code).copied().unwrap_or(0) as f64)
        };
        assert!(
            actions.contains(&vec![
                Data::String(label.into()),
                count(&recommended),
                count(&decided)
            ]),
            "{code}: {actions:?}"
        );
    }
    let rakor = sheet(bytes.clone(), "I Rakor");
    assert_eq!(rakor.len(), meetings as usize + 1, "{rakor:?}");
    assert!(
        matches!(rakor[1][0], Data::DateTime(_)),
        "a typed date: {:?}",
        rakor[1][0]
    );
    let summary = sheet(bytes, "Ringkasan");
    assert_eq!(summary[1][1], Data::String("Kabupaten Jembrana".into()));
    let logged = exports_logged(&app, "kanwil").await;
    assert!(
        logged.iter().any(|(_, target, filters, _)| target
            == "laporan-bulanan-jembrana-2026-11.xlsx"
            && filters == "team=jembrana&month=2026-11"),
        "{logged:?}"
    );

    // The team's own coordinator may read it; another team's and a field officer may not.
    let own = app
        .request(
            "GET",
            "/api/reports/monthly?team=jembrana&month=2026-11",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    // The teams to choose from are those within the caller's region.
    let listed = |body: &serde_json::Value| -> Vec<String> {
        body.as_array()
            .expect("teams")
            .iter()
            .filter_map(|t| t["id"].as_str().map(str::to_string))
            .collect()
    };
    let province = app
        .request("GET", "/api/teams", Some(&kanwil.token), None)
        .await;
    assert_eq!(listed(&province.body), ["buleleng", "jembrana", "kanwil"]);
    // Each with the last time one of its devices was in touch: Jembrana's just now.
    let jembrana = province
        .body
        .as_array()
        .and_then(|teams| teams.iter().find(|t| t["id"] == "jembrana"))
        .expect("jembrana");
    let last_sync = jembrana["last_sync_ms"].as_i64().expect("a time");
    assert!(
        (crate::helpers::now_millis() as i64 - last_sync).abs() < 600_000,
        "{jembrana}"
    );
    let regency = app
        .request("GET", "/api/teams", Some(&coordinator.token), None)
        .await;
    assert_eq!(listed(&regency.body), ["jembrana"]);
    let other = app
        .officer("koor_buleleng_2", Role::Coordinator, "buleleng")
        .await;
    let field = app
        .officer("petugas_laporan", Role::Field, "jembrana")
        .await;
    for (session, query, status, code, field_name) in [
        (
            &other,
            "team=jembrana&month=2026-11",
            StatusCode::FORBIDDEN,
            "forbidden_scope",
            Some("team"),
        ),
        (
            &field,
            "team=jembrana&month=2026-11",
            StatusCode::FORBIDDEN,
            "forbidden",
            None,
        ),
        (
            &kanwil,
            "month=2026-11",
            StatusCode::BAD_REQUEST,
            "invalid_query",
            Some("team"),
        ),
        (
            &kanwil,
            "team=jembrana",
            StatusCode::BAD_REQUEST,
            "invalid_query",
            Some("month"),
        ),
        (
            &kanwil,
            "team=jembrana&month=2026-13",
            StatusCode::BAD_REQUEST,
            "invalid_query",
            Some("month"),
        ),
        (
            &kanwil,
            "team=jembrana&month=November",
            StatusCode::BAD_REQUEST,
            "invalid_query",
            Some("month"),
        ),
        (
            &kanwil,
            "team=tidak-ada&month=2026-11",
            StatusCode::NOT_FOUND,
            "not_found",
            Some("team"),
        ),
    ] {
        let refused = app
            .request(
                "GET",
                &format!("/api/reports/monthly?{query}"),
                Some(&session.token),
                None,
            )
            .await;
        assert_eq!(
            (
                refused.status,
                refused.error_code(),
                refused.body["error"]["field"].as_str()
            ),
            (status, code, field_name),
            "{query}: {:?}",
            refused.body
        );
    }
}
on_both_backends!(the_monthly_report_counts_the_teams_month);

/// Section V is there in a month an election period of the team's region runs, with the
/// month's political-activity findings and checks at campaign events and polling
/// stations, and the region's NIK holders; in another month it is not.
async fn the_report_watches_the_election_while_one_runs(engine: Engine) {
    let app = crate::helpers::TestApp::spawn(engine).await;
    let coordinator = app
        .officer("koor_pemilu", Role::Coordinator, "jembrana")
        .await;
    let stamp = |n: u32| hlc_at(coordinator.device_id, now_millis() - 30_000, n);
    let (rally, station, subject) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let check = |place_type: &str, started_at: &str, name: &str| {
        json!({"region_code": "51.01.02", "started_at": started_at, "place_name": name,
               "place_type": place_type, "warrant_number": "SP-PEMILU/1"})
    };
    let mut person = crate::helpers::subject_fields("51.01.02", "CONTOH KAMPANYE");
    person["permit_type"] = json!("ITAS");
    person["nik"] = json!("5101025505850003");
    let period = json!({"region_code": "51.01", "name": "Pemilihan Uji 2026",
        "campaign_start": "2026-10-20", "campaign_end": "2026-11-20", "voting_day": "2026-11-25"});
    let finding = json!({"region_code": "51.01.02", "inspection_id": rally, "subject_id": subject,
        "violations": ["political_activity"], "recommended_action": "deportation"});
    let pushed = app
        .push(
            &coordinator,
            vec![
                mutation("election_period", Uuid::now_v7(), stamp(0), period),
                mutation("subject", subject, stamp(1), person),
                mutation(
                    "inspection",
                    rally,
                    stamp(2),
                    check(
                        "campaign_event",
                        "2026-11-10T16:00:00+08:00",
                        "Kampanye uji",
                    ),
                ),
                mutation("finding", Uuid::now_v7(), stamp(3), finding),
                mutation(
                    "inspection",
                    station,
                    stamp(4),
                    check(
                        "polling_station",
                        "2026-11-25T09:00:00+08:00",
                        "TPS 003 uji",
                    ),
                ),
            ],
        )
        .await;
    assert!(
        statuses(&pushed).iter().all(|s| s == "applied"),
        "{:?}",
        pushed.body
    );
    let report = async |month: &str| {
        app.request(
            "GET",
            &format!("/api/reports/monthly?team=jembrana&month={month}"),
            Some(&coordinator.token),
            None,
        )
        .await
    };
    let november = report("2026-11").await;
    assert_eq!(november.status, StatusCode::OK, "{:?}", november.body);
    let election = &november.body["election"];
    assert_eq!(election["periods"][0]["name"], "Pemilihan Uji 2026");
    assert_eq!(election["political_activity_findings"], 1);
    assert_eq!(election["inspections_at_campaign_events"], 1);
    assert_eq!(election["inspections_at_polling_stations"], 1);
    assert_eq!(election["nik_holders"], 1);
    assert_eq!(election["nik_concerns"], 1, "an ITAS holder with a NIK");
    // The campaign began in October; in September nothing runs.
    assert!(report("2026-10").await.body["election"].is_object());
    let september = report("2026-09").await;
    assert_eq!(september.status, StatusCode::OK);
    assert!(september.body["election"].is_null(), "{:?}", september.body);

    let (status, bytes) = app
        .router
        .clone()
        .oneshot_bytes(
            axum::http::Request::get("/api/reports/monthly.xlsx?team=jembrana&month=2026-11")
                .header("authorization", format!("Bearer {}", coordinator.token))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sheet_v = sheet(bytes, "V Pemilu");
    assert!(
        sheet_v.contains(&vec![
            Data::String("Temuan kegiatan politik".into()),
            Data::Float(1.0)
        ]),
        "{sheet_v:?}"
    );
}
on_both_backends!(the_report_watches_the_election_while_one_runs);
