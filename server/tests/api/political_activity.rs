//! The office's list of political activity by foreign nationals: narrowed by election
//! period and region, within the caller's scope, for coordinators and the Kanwil only,
//! on the access log; and the stats name election periods by their names.

use crate::helpers::{
    Engine, Session, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

/// A period, a rally checked under it where political activity was seen, and a finding
/// with no political activity at the same rally, all in `region` (a village).
async fn campaign(app: &TestApp, session: &Session, region: &str, name: &str) -> String {
    let stamp = |n: u32| hlc_at(session.device_id, now_millis() - 30_000, n);
    let regency = &region[..5];
    let (period, rally) = (Uuid::now_v7(), Uuid::now_v7());
    let (activist, bystander) = (Uuid::now_v7(), Uuid::now_v7());
    let finding = |subject: Uuid, extra: Value| {
        let mut fields = json!({"region_code": region, "inspection_id": rally,
            "subject_id": subject, "recommended_action": "deportation"});
        fields
            .as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        fields
    };
    let pushed = app
        .push(
            session,
            vec![
                mutation(
                    "election_period",
                    period,
                    stamp(0),
                    json!({"region_code": regency, "name": name,
                        "campaign_start": "2026-10-20", "campaign_end": "2026-11-20",
                        "voting_day": "2026-11-25"}),
                ),
                mutation(
                    "subject",
                    activist,
                    stamp(1),
                    subject_fields(region, &format!("CONTOH ORASI {name}")),
                ),
                mutation(
                    "subject",
                    bystander,
                    stamp(2),
                    subject_fields(region, &format!("CONTOH PENONTON {name}")),
                ),
                mutation(
                    "inspection",
                    rally,
                    stamp(3),
                    json!({"region_code": region, "started_at": "2026-11-10T16:00:00+08:00",
                        "place_name": format!("Lapangan {name}"), "place_type": "campaign_event",
                        "warrant_number": "SP-PEMILU/1", "election_period_id": period}),
                ),
                mutation(
                    "finding",
                    Uuid::now_v7(),
                    stamp(4),
                    finding(
                        activist,
                        json!({"violations": ["political_activity"],
                            "political_activity": "rally",
                            "political_activity_place": format!("Panggung {name}")}),
                    ),
                ),
                mutation(
                    "finding",
                    Uuid::now_v7(),
                    stamp(5),
                    finding(bystander, json!({"violations": ["overstay"]})),
                ),
            ],
        )
        .await;
    assert!(
        statuses(&pushed).iter().all(|s| s == "applied"),
        "{:?}",
        pushed.body
    );
    period.to_string()
}

async fn listed(app: &TestApp, session: &Session, query: &str) -> Value {
    let answer = app
        .request(
            "GET",
            &format!("/api/political-activity{query}"),
            Some(&session.token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {:?}", answer.body);
    answer.body
}

fn names(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["full_name"].as_str())
        .collect()
}

async fn the_office_lists_political_activity_by_election_period(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let coordinator = app
        .officer("koor_jembrana", Role::Coordinator, "jembrana")
        .await;
    let buleleng = app
        .officer("koor_buleleng", Role::Coordinator, "buleleng")
        .await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let pilkada = campaign(&app, &coordinator, "51.01.02", "Pilkada Uji").await;
    let pemilu = campaign(&app, &coordinator, "51.01.03", "Pemilu Uji").await;
    campaign(&app, &buleleng, "51.08.01", "Pilkada Utara").await;

    // The team sees its two, each with what was seen and where; never the other team's.
    let all = listed(&app, &coordinator, "").await;
    assert_eq!(all["region"], "51.01");
    assert_eq!(
        names(&all),
        ["CONTOH ORASI Pilkada Uji", "CONTOH ORASI Pemilu Uji"]
    );
    let first = &all["items"][0];
    assert_eq!(first["political_activity"], "rally");
    assert_eq!(first["political_activity_place"], "Panggung Pilkada Uji");
    assert_eq!(first["place_name"], "Lapangan Pilkada Uji");
    assert_eq!(first["recommended_action"], "deportation");
    assert_eq!(all["more"], false);

    // Narrowed to one election period, then to a district.
    let one = listed(&app, &coordinator, &format!("?election_period={pemilu}")).await;
    assert_eq!(names(&one), ["CONTOH ORASI Pemilu Uji"]);
    let district = listed(&app, &coordinator, "?region=51.01.02").await;
    assert_eq!(names(&district), ["CONTOH ORASI Pilkada Uji"]);
    let before = listed(&app, &coordinator, "?to=2026-11-01").await;
    assert!(names(&before).is_empty(), "{before:?}");

    // The Kanwil sees the province.
    assert_eq!(names(&listed(&app, &kanwil, "").await).len(), 3);

    // The oversight map's counts: by area for one period, and periods by name.
    let map = app
        .request(
            "GET",
            &format!(
                "/api/stats?measure=violations&by=region&violation=political_activity&election_period={pilkada}"
            ),
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(map.status, StatusCode::OK, "{:?}", map.body);
    assert_eq!(map.body["total"], 1);
    assert_eq!(map.body["rows"][0]["keys"][0], "51.01.02");
    let by_period = app
        .request(
            "GET",
            "/api/stats?measure=inspections&by=election_period",
            Some(&coordinator.token),
            None,
        )
        .await;
    let mut labels: Vec<&str> = by_period.body["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|row| row["labels"][0]["id"].as_str())
        .collect();
    labels.sort();
    assert_eq!(
        labels,
        ["Pemilu Uji", "Pilkada Uji"],
        "{:?}",
        by_period.body
    );

    // Refusals: another team's region, a violation of the caller's choosing, a field
    // officer.
    for (session, query, status, field) in [
        (
            &coordinator,
            "?region=51.08",
            StatusCode::FORBIDDEN,
            "region",
        ),
        (
            &coordinator,
            "?violation=overstay",
            StatusCode::BAD_REQUEST,
            "violation",
        ),
        (
            &coordinator,
            "?from=2026-13-01",
            StatusCode::BAD_REQUEST,
            "from",
        ),
        (&officer, "", StatusCode::FORBIDDEN, ""),
    ] {
        let refused = app
            .request(
                "GET",
                &format!("/api/political-activity{query}"),
                Some(&session.token),
                None,
            )
            .await;
        assert_eq!(refused.status, status, "{query}: {:?}", refused.body);
        assert_eq!(
            refused.body["error"]["field"].as_str().unwrap_or(""),
            field,
            "{query}"
        );
    }

    // Each list of named people read is on the access log, with its question and size.
    let (officer_id,): (String,) =
        sqlx::query_as("SELECT id FROM officers WHERE username = 'koor_jembrana'")
            .fetch_one(&app.db.pool)
            .await
            .expect("officer");
    let logged: Vec<(String, String, String, i64)> = app
        .db
        .access_log(&officer_id)
        .await
        .expect("log")
        .into_iter()
        .filter(|(_, target, ..)| target == "political_activity")
        .collect();
    assert_eq!(logged.len(), 4, "refusals read nothing: {logged:?}");
    assert_eq!(logged[1].2, format!("election_period={pemilu}"));
    assert_eq!(logged[1].3, 1);
}
on_both_backends!(the_office_lists_political_activity_by_election_period);
