//! Election periods set from the office: by a team's coordinator for its region and by
//! the Kanwil for the province or any regency; field officers may not; bad dates are
//! refused by field; the tablets pull their region's periods and the province's.

use crate::helpers::{
    Engine, Response, Session, TestApp, hlc_at, mutation, now_millis, refusal, statuses,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

fn period(region: &str, name: &str) -> Value {
    json!({"region_code": region, "name": name, "campaign_start": "2027-01-10",
           "campaign_end": "2027-02-10", "voting_day": "2027-02-14"})
}

async fn create(app: &TestApp, session: &Session, body: Value) -> Response {
    app.request(
        "POST",
        "/api/election-periods",
        Some(&session.token),
        Some(body),
    )
    .await
}

async fn listed(app: &TestApp, session: &Session) -> Vec<String> {
    let answer = app
        .request("GET", "/api/election-periods", Some(&session.token), None)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let mut names: Vec<String> = answer.body["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .filter_map(|p| p["fields"]["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

async fn the_office_sets_election_periods_and_the_tablets_get_them(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let coordinator = app
        .officer("koor_jembrana", Role::Coordinator, "jembrana")
        .await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let buleleng = app.officer("putu", Role::Field, "buleleng").await;

    let made = create(&app, &coordinator, period("51.01", "Pilkada Uji Jembrana")).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let id = made.body["id"].as_str().expect("id").to_string();
    let kanwil_made = create(&app, &kanwil, period("51.08", "Pilkada Uji Buleleng")).await;
    assert_eq!(
        kanwil_made.status,
        StatusCode::CREATED,
        "{:?}",
        kanwil_made.body
    );

    // A province-wide election, from the Kanwil.
    let governor = create(&app, &kanwil, period("51", "Pilgub Uji")).await;
    assert_eq!(governor.status, StatusCode::CREATED, "{:?}", governor.body);

    // Refused, each by its field.
    assert_eq!(
        refusal(&create(&app, &coordinator, period("51.08", "Bukan wilayahnya")).await).0,
        StatusCode::FORBIDDEN
    );
    let mut backwards = period("51.01", "Tanggal terbalik");
    backwards["campaign_end"] = json!("2027-01-01");
    assert_eq!(
        refusal(&create(&app, &coordinator, backwards).await),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_early",
            "campaign_end"
        )
    );
    let mut no_name = period("51.01", "");
    no_name["name"] = Value::Null;
    assert_eq!(
        refusal(&create(&app, &coordinator, no_name).await),
        (StatusCode::UNPROCESSABLE_ENTITY, "required", "name")
    );
    assert_eq!(
        create(&app, &officer, period("51.01", "Petugas"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Nor does a field officer's tablet set one.
    let pushed = app
        .push(
            &officer,
            vec![mutation(
                "election_period",
                Uuid::now_v7(),
                hlc_at(officer.device_id, now_millis(), 1),
                period("51.01", "Dari tablet petugas"),
            )],
        )
        .await;
    assert_eq!(statuses(&pushed), ["rejected"], "{:?}", pushed.body);
    assert_eq!(pushed.body["results"][0]["error"]["code"], "forbidden");

    // Each sees its region's and the province's; the Kanwil every one.
    assert_eq!(
        listed(&app, &coordinator).await,
        ["Pilgub Uji", "Pilkada Uji Jembrana"]
    );
    assert_eq!(
        listed(&app, &kanwil).await,
        ["Pilgub Uji", "Pilkada Uji Buleleng", "Pilkada Uji Jembrana"]
    );
    let editable = app
        .request(
            "GET",
            "/api/election-periods",
            Some(&coordinator.token),
            None,
        )
        .await;
    let editable: Vec<(&str, bool)> = editable.body["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .filter_map(|p| Some((p["fields"]["name"].as_str()?, p["editable"].as_bool()?)))
        .collect();
    assert!(editable.contains(&("Pilgub Uji", false)), "{editable:?}");
    assert!(
        editable.contains(&("Pilkada Uji Jembrana", true)),
        "{editable:?}"
    );

    // Jembrana's tablets pull Jembrana's period, Buleleng's theirs, and both the
    // province's.
    let names = async |session: &Session| -> Vec<String> {
        let (changes, _) = app.pull_all(session, 0).await;
        let mut names: Vec<String> = changes
            .iter()
            .filter(|c| c["entity"] == "election_period")
            .filter_map(|c| c["record"]["name"].as_str().map(str::to_string))
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(&officer).await,
        ["Pilgub Uji", "Pilkada Uji Jembrana"]
    );
    assert_eq!(
        names(&buleleng).await,
        ["Pilgub Uji", "Pilkada Uji Buleleng"]
    );

    // Changed, then deleted.
    let path = format!("/api/election-periods/{id}");
    let renamed = app
        .request(
            "PATCH",
            &path,
            Some(&coordinator.token),
            Some(json!({"name": "Pilkada Uji Jembrana 2027"})),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{:?}", renamed.body);
    assert_eq!(renamed.body["name"], "Pilkada Uji Jembrana 2027");
    let read_only = app
        .request(
            "PATCH",
            &path,
            Some(&coordinator.token),
            Some(json!({"region_code": "51.08"})),
        )
        .await;
    assert_eq!(
        refusal(&read_only),
        (StatusCode::UNPROCESSABLE_ENTITY, "read_only", "region_code")
    );
    let elsewhere = app
        .request(
            "PATCH",
            &format!(
                "/api/election-periods/{}",
                kanwil_made.body["id"].as_str().unwrap_or("")
            ),
            Some(&coordinator.token),
            Some(json!({"name": "Bukan miliknya"})),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    // The province's period is the Kanwil's to change.
    let above = app
        .request(
            "PATCH",
            &format!(
                "/api/election-periods/{}",
                governor.body["id"].as_str().unwrap_or("")
            ),
            Some(&coordinator.token),
            Some(json!({"name": "Bukan miliknya"})),
        )
        .await;
    assert_eq!(above.status, StatusCode::NOT_FOUND);
    let deleted = app
        .request(
            "PATCH",
            &path,
            Some(&coordinator.token),
            Some(json!({"deleted": true})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{:?}", deleted.body);
    assert_eq!(listed(&app, &coordinator).await, ["Pilgub Uji"]);
}
on_both_backends!(the_office_sets_election_periods_and_the_tablets_get_them);
