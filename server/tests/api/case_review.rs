//! Case review: the office's queue of finalized findings, a coordinator's decision on
//! one with the overstay fee of the inspection's date stored with it, the transitions to
//! carried out or cancelled, and every refusal, each changing nothing.

use crate::export::download;
use crate::helpers::{
    Engine, Response, Session, TestApp, hlc_at, mutation, refusal, statuses, subject_fields,
};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::clock::Clock;
use pantau_server::state::Settings;
use pantau_shared::decision::decision_id;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

/// 2026-12-20 12:00 in Bali: 22 days after the inspection of 2026-11-28.
const REVIEW_DAY_MS: i64 = 1_797_739_200_000;

/// A foreign national whose permit ended on 2026-10-01, found at an inspection on
/// 2026-11-28 (58 days of overstay), pushed by `officer` with the inspection `status`.
/// Returns the finding's id.
async fn finding_under(app: &TestApp, officer: &Session, status: &str, name: &str) -> Uuid {
    let found = json!({"violations": ["overstay"], "recommended_action": "deportation"});
    finding_with(app, officer, status, name, found).await
}

/// As [`finding_under`], with what the field found (`violations`, `recommended_action`).
pub(crate) async fn finding_with(
    app: &TestApp,
    officer: &Session,
    status: &str,
    name: &str,
    found: Value,
) -> Uuid {
    finding_on(
        app,
        officer,
        status,
        name,
        found,
        "2026-11-28T09:00:00+08:00",
    )
    .await
}

/// As [`finding_with`], at an inspection that started at `started_at`.
async fn finding_on(
    app: &TestApp,
    officer: &Session,
    status: &str,
    name: &str,
    found: Value,
    started_at: &str,
) -> Uuid {
    let (inspection, subject, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let now = app.now_ms();
    let tick = |n: u32| hlc_at(officer.device_id, now, n);
    let mut person = subject_fields("51.01.04", name);
    person["permit_expiry"] = json!("2026-10-01");
    let pushed = app
        .push(
            officer,
            vec![
                mutation("subject", subject, tick(0), person),
                mutation(
                    "inspection",
                    inspection,
                    tick(1),
                    json!({
                        "region_code": "51.01.04",
                        "started_at": started_at,
                        "place_name": "Vila Contoh (fiktif)",
                        "warrant_number": "SPRIN/UJI/001",
                        "status": "draft",
                    }),
                ),
                mutation("finding", finding, tick(2), {
                    let mut fields = found;
                    fields["region_code"] = json!("51.01.04");
                    fields["inspection_id"] = json!(inspection);
                    fields["subject_id"] = json!(subject);
                    fields
                }),
                mutation("inspection", inspection, tick(3), json!({"status": status})),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 4], "{:?}", pushed.body);
    finding
}

async fn queue(app: &TestApp, session: &Session, state: &str) -> Response {
    app.request(
        "GET",
        &format!("/api/case-review?state={state}"),
        Some(&session.token),
        None,
    )
    .await
}

fn items(response: &Response) -> Vec<Value> {
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    response.body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn decide(app: &TestApp, session: &Session, finding: Uuid, body: Value) -> Response {
    app.request(
        "POST",
        &format!("/api/case-review/{finding}/decision"),
        Some(&session.token),
        Some(body),
    )
    .await
}

async fn change(app: &TestApp, session: &Session, finding: Uuid, body: Value) -> Response {
    app.request(
        "PATCH",
        &format!("/api/case-review/{finding}/decision"),
        Some(&session.token),
        Some(body),
    )
    .await
}

fn deportation(date: &str) -> Value {
    json!({
        "decided_action": "deportation",
        "decision_number": "W20.IMI.1-GR.04.01-0001 (uji)",
        "decision_date": date,
        "notes": "Overstay 58 hari; penjamin tidak ditemukan (uji)",
    })
}

async fn decisions_stored(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM records WHERE entity = 'decision'")
        .await
}

async fn a_coordinator_reviews_and_decides_a_finding(engine: Engine) {
    let settings = Settings {
        clock: Clock::manual(REVIEW_DAY_MS),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("komang", Role::Coordinator, "jembrana").await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;
    let finding = finding_under(&app, &officer, "final", "DEMO TINJAU").await;
    finding_under(&app, &officer, "draft", "DEMO DRAF").await;
    // A check that found nothing and recommended nothing has nothing to decide.
    finding_with(&app, &officer, "final", "DEMO TANPA TEMUAN", json!({})).await;

    // Only the finalized finding with something to decide waits, with its overstay, age
    // and overdue mark.
    let waiting = items(&queue(&app, &coordinator, "awaiting").await);
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    let item = &waiting[0];
    assert_eq!(item["finding_id"], json!(finding));
    assert_eq!(item["full_name"], "DEMO TINJAU");
    assert_eq!(item["recommended_action"], "deportation");
    assert_eq!(item["inspected_on"], "2026-11-28");
    assert_eq!(item["overstay_days"], 58);
    assert_eq!(item["overstay_fee_idr"], 58_000_000);
    assert_eq!(item["age_days"], 22);
    assert_eq!(item["overdue"], true);
    assert_eq!(items(&queue(&app, &kanwil, "awaiting").await).len(), 1);
    // The office gives reviews longer (`pantau review policy`); a value out of range is
    // refused and changes nothing.
    let refused = pantau_server::policy::set_review_policy(&app.db, Some(0))
        .await
        .expect_err("0 days is refused");
    assert_eq!(
        refused.to_string(),
        "--overdue-days 0: must be from 1 to 365"
    );
    let said = pantau_server::policy::set_review_policy(&app.db, Some(30))
        .await
        .expect("30 days");
    assert_eq!(said.trim(), "--overdue-days 30");
    let waiting = items(&queue(&app, &coordinator, "awaiting").await);
    assert_eq!(
        (
            waiting[0]["age_days"].as_i64(),
            waiting[0]["overdue"].as_bool()
        ),
        (Some(22), Some(false))
    );
    pantau_server::policy::set_review_policy(&app.db, Some(14))
        .await
        .expect("back to 14 days");
    assert_eq!(
        queue(&app, &officer, "awaiting").await.status,
        StatusCode::FORBIDDEN
    );

    // Refusals name their code and field and store nothing.
    let refused = [
        (decide(&app, &officer, finding, deportation("2026-12-01")).await, (StatusCode::FORBIDDEN, "forbidden", "")),
        (decide(&app, &kanwil, finding, deportation("2026-12-01")).await, (StatusCode::FORBIDDEN, "forbidden", "")),
        (decide(&app, &coordinator, finding, deportation("2026-11-27")).await, (StatusCode::UNPROCESSABLE_ENTITY, "too_early", "decision_date")),
        (
            decide(&app, &coordinator, finding, json!({"decided_action": "hanging", "decision_number": "X/1", "decision_date": "2026-12-01"})).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "not_allowed_value", "decided_action"),
        ),
        (decide(&app, &coordinator, Uuid::now_v7(), deportation("2026-12-01")).await, (StatusCode::NOT_FOUND, "not_found", "finding_id")),
        (change(&app, &coordinator, finding, json!({"notes": "x"})).await, (StatusCode::NOT_FOUND, "not_found", "finding_id")),
    ];
    for (response, expected) in &refused {
        assert_eq!(refusal(response), *expected, "{:?}", response.body);
    }
    assert_eq!(decisions_stored(&app).await, 0);

    // The decision stores the overstay of the inspection's date.
    let decided = decide(&app, &coordinator, finding, deportation("2026-12-01")).await;
    assert_eq!(decided.status, StatusCode::CREATED, "{:?}", decided.body);
    assert_eq!(decided.body["state"], "decided");
    assert_eq!(decided.body["decided_action"], "deportation");
    assert_eq!(decided.body["overstay_days"], 58);
    assert_eq!(decided.body["overstay_fee_idr"], 58_000_000);
    assert_eq!(decided.body["finding_id"], json!(finding));
    let again = decide(&app, &coordinator, finding, deportation("2026-12-02")).await;
    assert_eq!(
        refusal(&again),
        (StatusCode::CONFLICT, "already_decided", "finding_id")
    );
    assert!(items(&queue(&app, &coordinator, "awaiting").await).is_empty());

    // A later fee rule changes what a new decision would store, never this one.
    // (A correction of the rule's first version, which only the database's owner makes.)
    sqlx::query("UPDATE overstay_rules SET daily_fee_idr = 500000 WHERE valid_from = ''")
        .execute(&app.db.pool)
        .await
        .expect("a new fee");
    let listed = items(&queue(&app, &kanwil, "decided").await);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["overstay_fee_idr"], 29_000_000);
    assert_eq!(listed[0]["decision"]["overstay_fee_idr"], 58_000_000);
    assert_eq!(listed[0]["overdue"], false);

    // Amended, then carried out; after that it is closed.
    let bad_changes = [
        (
            json!({"overstay_fee_idr": 1}),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "read_only",
                "overstay_fee_idr",
            ),
        ),
        (
            json!({"state": "carried_out"}),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "required",
                "carried_out_on",
            ),
        ),
        (
            json!({"state": "carried_out", "carried_out_on": "2026-11-30"}),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_early",
                "carried_out_on",
            ),
        ),
        (
            json!({"state": "cancelled"}),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "required",
                "cancel_reason",
            ),
        ),
        (
            json!({"decision_date": "2026-11-01"}),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_early",
                "decision_date",
            ),
        ),
    ];
    for (body, expected) in bad_changes {
        let response = change(&app, &coordinator, finding, body.clone()).await;
        assert_eq!(refusal(&response), expected, "{body}: {:?}", response.body);
    }
    let amended = change(
        &app,
        &coordinator,
        finding,
        json!({"decision_number": "W20.IMI.1-GR.04.01-0002 (uji)"}),
    )
    .await;
    assert_eq!(amended.status, StatusCode::OK, "{:?}", amended.body);
    assert_eq!(
        amended.body["decision_number"],
        "W20.IMI.1-GR.04.01-0002 (uji)"
    );
    assert_eq!(amended.body["decision_date"], "2026-12-01");
    let carried = change(
        &app,
        &coordinator,
        finding,
        json!({"state": "carried_out", "carried_out_on": "2026-12-05", "receipt_number": "DEP-UJI-1"}),
    )
    .await;
    assert_eq!(carried.status, StatusCode::OK, "{:?}", carried.body);
    assert_eq!(carried.body["state"], "carried_out");
    let closed = change(&app, &coordinator, finding, json!({"notes": "late"})).await;
    assert_eq!(
        refusal(&closed),
        (StatusCode::CONFLICT, "decision_closed", "")
    );
    assert_eq!(
        items(&queue(&app, &coordinator, "carried_out").await).len(),
        1
    );
    assert!(items(&queue(&app, &coordinator, "decided").await).is_empty());

    // The decision is a synced record: the field officer's device pulls it.
    let (changes, _) = app.pull_all(&officer, 0).await;
    let pulled = changes
        .iter()
        .rev()
        .find(|c| c["id"] == json!(decision_id(finding)))
        .expect("the decision is pulled");
    assert_eq!(pulled["record"]["state"], "carried_out");
    assert_eq!(pulled["record"]["receipt_number"], "DEP-UJI-1");
}
on_both_backends!(a_coordinator_reviews_and_decides_a_finding);

async fn a_pushed_decision_is_checked_like_the_office_s(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("komang", Role::Coordinator, "jembrana").await;
    let other_team = app.officer("ketut", Role::Coordinator, "buleleng").await;
    let finding = finding_under(&app, &officer, "final", "DEMO DORONG").await;
    let draft = finding_under(&app, &officer, "draft", "DEMO DRAF").await;
    let fields = |finding: Uuid| {
        json!({
            "region_code": "51.01.04",
            "finding_id": finding,
            "state": "decided",
            "decided_action": "overstay_fee",
            "decision_number": "W20/UJI/9",
            "decision_date": "2026-12-01",
            "decided_by": Uuid::now_v7(),
        })
    };
    let now = app.now_ms();
    let pushed = |session: &Session, id: Uuid, finding: Uuid, n: u32| {
        mutation(
            "decision",
            id,
            hlc_at(session.device_id, now, n),
            fields(finding),
        )
    };
    let refused = [
        (
            &officer,
            pushed(&officer, decision_id(finding), finding, 0),
            "forbidden",
        ),
        (
            &coordinator,
            pushed(&coordinator, Uuid::now_v7(), finding, 1),
            "wrong_decision_id",
        ),
        (
            &coordinator,
            pushed(&coordinator, decision_id(draft), draft, 2),
            "not_final",
        ),
        (
            &other_team,
            pushed(&other_team, decision_id(finding), finding, 3),
            "forbidden",
        ),
    ];
    for (session, write, code) in refused {
        let answer = app.push(session, vec![write]).await;
        assert_eq!(statuses(&answer), ["rejected"], "{code}: {:?}", answer.body);
        assert_eq!(answer.body["results"][0]["error"]["code"], code);
    }
    assert_eq!(decisions_stored(&app).await, 0);
    let accepted = app
        .push(
            &coordinator,
            vec![pushed(&coordinator, decision_id(finding), finding, 4)],
        )
        .await;
    assert_eq!(statuses(&accepted), ["applied"], "{:?}", accepted.body);
    // Another coordinator's tablet decided the same finding, offline and earlier: one
    // record, one value kept, the other in the conflict log.
    let second = app.officer("wayan", Role::Coordinator, "jembrana").await;
    let mut earlier = fields(finding);
    earlier["decided_action"] = json!("deportation");
    let concurrent = app
        .push(
            &second,
            vec![mutation(
                "decision",
                decision_id(finding),
                hlc_at(second.device_id, now - 60_000, 0),
                earlier,
            )],
        )
        .await;
    assert_eq!(statuses(&concurrent), ["conflict"], "{:?}", concurrent.body);
    let listed = items(&queue(&app, &coordinator, "decided").await);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["decision"]["decided_action"], "overstay_fee");
    let conflicts = app
        .request("GET", "/api/conflicts", Some(&coordinator.token), None)
        .await;
    let logged: Vec<(Value, Value)> = conflicts.body["conflicts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["entity"] == "decision")
        .map(|c| (c["field"].clone(), c["losing"]["value"].clone()))
        .collect();
    assert!(
        logged.contains(&(json!("decided_action"), json!("deportation"))),
        "{logged:?}"
    );
}
on_both_backends!(a_pushed_decision_is_checked_like_the_office_s);

async fn rule_change(
    app: &TestApp,
    admin: &Session,
    method: &str,
    from: &str,
    body: Option<Value>,
) -> Response {
    app.request(
        method,
        &format!("/api/admin/overstay-rules/{from}"),
        Some(&admin.token),
        body,
    )
    .await
}

fn fee_and_days(fee: i64, days: i64) -> Option<Value> {
    Some(json!({"overstay_daily_fee_idr": fee, "overstay_deportation_days": days}))
}

async fn versions_kept(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM overstay_rules").await
}

/// An administrator plans a new overstay fee from next month: a finding of this month
/// keeps the fee of its own date, and one made once the new fee is in force has it;
/// every refusal names its field and changes nothing.
async fn a_new_overstay_fee_applies_from_its_day_only(engine: Engine) {
    let clock = Clock::manual(REVIEW_DAY_MS);
    let settings = Settings {
        clock: clock.clone(),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("komang", Role::Coordinator, "jembrana").await;
    let before = finding_under(&app, &officer, "final", "DEMO SEBELUM").await;

    let planned = rule_change(
        &app,
        &admin,
        "PUT",
        "2027-01-01",
        fee_and_days(2_000_000, 30),
    )
    .await;
    assert_eq!(planned.status, StatusCode::OK, "{:?}", planned.body);
    assert_eq!(
        planned.body["versions"],
        json!([
            {"valid_from": null, "overstay_daily_fee_idr": 1_000_000, "overstay_deportation_days": 60},
            {"valid_from": "2027-01-01", "overstay_daily_fee_idr": 2_000_000, "overstay_deportation_days": 30},
        ])
    );
    // Devices get every version, and today's beside them for those that read only it.
    let settings = app
        .request("GET", "/api/settings", Some(&officer.token), None)
        .await;
    assert_eq!(settings.body["overstay_rules"], planned.body["versions"]);
    assert_eq!(settings.body["overstay_daily_fee_idr"], 1_000_000);

    let refused = [
        (rule_change(&app, &admin, "PUT", "2026-12-19", fee_and_days(5, 30)).await, (StatusCode::UNPROCESSABLE_ENTITY, "valid_from_past", "valid_from")),
        (rule_change(&app, &admin, "PUT", "2027-13-01", fee_and_days(5, 30)).await, (StatusCode::BAD_REQUEST, "invalid_date", "valid_from")),
        (rule_change(&app, &admin, "PUT", "2027-02-01", fee_and_days(-1, 30)).await, (StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", "overstay_daily_fee_idr")),
        (rule_change(&app, &admin, "PUT", "2027-02-01", fee_and_days(5, 0)).await, (StatusCode::UNPROCESSABLE_ENTITY, "out_of_range", "overstay_deportation_days")),
        (rule_change(&app, &admin, "PUT", "2027-02-01", Some(json!({"overstay_daily_fee_idr": 5}))).await, (StatusCode::BAD_REQUEST, "required", "overstay_deportation_days")),
        (rule_change(&app, &admin, "PUT", "2027-02-01", Some(json!({"overstay_daily_fee_idr": "5", "overstay_deportation_days": 30}))).await, (StatusCode::BAD_REQUEST, "wrong_type", "overstay_daily_fee_idr")),
        (rule_change(&app, &admin, "PUT", "2027-02-01", Some(json!({"overstay_daily_fee_idr": 5, "overstay_deportation_days": 30, "fine": 1}))).await, (StatusCode::BAD_REQUEST, "unknown_field", "fine")),
        (rule_change(&app, &admin, "DELETE", "2027-02-01", None).await, (StatusCode::NOT_FOUND, "not_found", "valid_from")),
        (rule_change(&app, &coordinator, "PUT", "2027-02-01", fee_and_days(5, 30)).await, (StatusCode::FORBIDDEN, "forbidden", "")),
    ];
    for (response, expected) in &refused {
        assert_eq!(refusal(response), *expected, "{:?}", response.body);
    }
    assert_eq!(versions_kept(&app).await, 2);

    // The finding of last month is judged by last month's fee.
    let waiting = items(&queue(&app, &coordinator, "awaiting").await);
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0]["overstay_fee_idr"], 58_000_000);

    // Once the new fee is in force, a new finding has it, the old one keeps its own,
    // and the version in force is history that stays.
    clock.advance(std::time::Duration::from_secs(21 * 86_400));
    let (officer, coordinator, admin) = (
        app.login("budi").await,
        app.login("komang").await,
        app.login("root").await,
    );
    let after = finding_on(
        &app,
        &officer,
        "final",
        "DEMO SESUDAH",
        json!({"violations": ["overstay"], "recommended_action": "deportation"}),
        "2027-01-05T09:00:00+08:00",
    )
    .await;
    let waiting = items(&queue(&app, &coordinator, "awaiting").await);
    let fee_of = |finding: Uuid| {
        waiting
            .iter()
            .find(|item| item["finding_id"] == json!(finding))
            .map(|item| {
                (
                    item["overstay_days"].clone(),
                    item["overstay_fee_idr"].clone(),
                )
            })
    };
    assert_eq!(fee_of(before), Some((json!(58), json!(58_000_000))));
    assert_eq!(fee_of(after), Some((json!(96), json!(192_000_000))));
    let decided = decide(&app, &coordinator, after, deportation("2027-01-06")).await;
    assert_eq!(
        decided.body["overstay_fee_idr"], 192_000_000,
        "{:?}",
        decided.body
    );
    let in_force = rule_change(&app, &admin, "DELETE", "2027-01-01", None).await;
    assert_eq!(
        refusal(&in_force),
        (StatusCode::CONFLICT, "rule_in_force", "valid_from")
    );

    // A version not yet in force may be withdrawn.
    let planned = rule_change(
        &app,
        &admin,
        "PUT",
        "2027-03-01",
        fee_and_days(3_000_000, 30),
    )
    .await;
    assert_eq!(planned.status, StatusCode::OK, "{:?}", planned.body);
    let withdrawn = rule_change(&app, &admin, "DELETE", "2027-03-01", None).await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{:?}", withdrawn.body);
    assert_eq!(withdrawn.body["versions"].as_array().map(Vec::len), Some(2));
}
on_both_backends!(a_new_overstay_fee_applies_from_its_day_only);

async fn action_change(app: &TestApp, admin: &Session, path: &str, body: Value) -> Response {
    let method = if path.ends_with("/retire") {
        "POST"
    } else {
        "PUT"
    };
    let path = format!("/api/admin/administrative-actions/{path}");
    app.request(method, &path, Some(&admin.token), Some(body))
        .await
}

fn decision_of(action: &str, date: &str) -> Value {
    json!({"decided_action": action, "decision_number": "KEP/UJI/7", "decision_date": date})
}

/// A decided action is judged by the table in force on the decision's date, a field
/// recommendation by the table of the day it is written; a decision amended to another
/// date is judged again, and a note added to it is not.
async fn a_decision_is_judged_by_the_actions_in_force_on_its_date(engine: Engine) {
    let settings = Settings {
        clock: Clock::manual(REVIEW_DAY_MS),
        ..Settings::default()
    };
    let app = TestApp::spawn_with(engine, settings).await;
    app.add_user("root", Role::Admin, None).await;
    let admin = app.login("root").await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("komang", Role::Coordinator, "jembrana").await;
    let label = json!({"label_id": "Larangan berada di wilayah (uji)",
                       "label_en": "Area ban (test)", "valid_from": "2026-12-20"});
    let added = action_change(&app, &admin, "area_ban", label).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    let retirement = json!({"valid_to": "2026-12-31", "successor": "area_ban"});
    let retired = action_change(&app, &admin, "place_ban/retire", retirement).await;
    assert_eq!(retired.status, StatusCode::OK, "{:?}", retired.body);
    let finding = finding_under(&app, &officer, "final", "DEMO TAK").await;

    let refused = [
        decide(
            &app,
            &coordinator,
            finding,
            decision_of("place_ban", "2027-01-02"),
        )
        .await,
        decide(
            &app,
            &coordinator,
            finding,
            decision_of("area_ban", "2026-12-19"),
        )
        .await,
    ];
    for response in &refused {
        assert_eq!(
            refusal(response),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_allowed_value",
                "decided_action"
            ),
            "{:?}",
            response.body
        );
    }
    assert_eq!(decisions_stored(&app).await, 0);

    let decided = decide(
        &app,
        &coordinator,
        finding,
        decision_of("place_ban", "2026-12-31"),
    )
    .await;
    assert_eq!(decided.status, StatusCode::CREATED, "{:?}", decided.body);
    let noted = change(
        &app,
        &coordinator,
        finding,
        json!({"notes": "Dicatat (uji)"}),
    )
    .await;
    assert_eq!(noted.status, StatusCode::OK, "{:?}", noted.body);
    let moved = change(
        &app,
        &coordinator,
        finding,
        json!({"decision_date": "2027-01-03"}),
    )
    .await;
    assert_eq!(
        refusal(&moved),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_allowed_value",
            "decided_action"
        )
    );
    let stored = app
        .request(
            "GET",
            "/api/case-review?state=decided",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(
        items(&stored)[0]["decision"]["decision_date"],
        "2026-12-31",
        "{:?}",
        stored.body
    );

    // A recommendation names an action the table holds.
    let (inspection, subject, flogged) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let now = app.now_ms();
    let tick = |n: u32| hlc_at(officer.device_id, now, n);
    let pushed = app
        .push(
            &officer,
            vec![
                mutation("subject", subject, tick(0), subject_fields("51.01.04", "DEMO REKOMENDASI")),
                mutation(
                    "inspection",
                    inspection,
                    tick(1),
                    json!({"region_code": "51.01.04", "started_at": "2026-12-20T09:00:00+08:00",
                           "place_name": "Vila Contoh (fiktif)", "warrant_number": "SPRIN/UJI/002"}),
                ),
                mutation(
                    "finding",
                    flogged,
                    tick(2),
                    json!({"region_code": "51.01.04", "inspection_id": inspection,
                           "subject_id": subject, "recommended_action": "flogging"}),
                ),
            ],
        )
        .await;
    assert_eq!(
        statuses(&pushed),
        ["applied", "applied", "rejected"],
        "{:?}",
        pushed.body
    );
    assert_eq!(
        pushed.body["results"][2]["error"]["field"],
        "recommended_action"
    );
    assert_eq!(
        pushed.body["results"][2]["error"]["code"],
        "not_allowed_value"
    );
}
on_both_backends!(a_decision_is_judged_by_the_actions_in_force_on_its_date);

/// An amendment of a finding with its corrections, stamped by `officer`'s device.
fn correction(
    app: &TestApp,
    officer: &Session,
    finding: Uuid,
    n: u32,
    corrections: Value,
) -> Value {
    amendment_of(app, officer, "finding", finding, n, corrections)
}

/// An amendment of the record `original` (an `entity`) that makes `corrections`.
fn amendment_of(
    app: &TestApp,
    officer: &Session,
    entity: &str,
    original: Uuid,
    n: u32,
    corrections: Value,
) -> Value {
    mutation(
        "amendment",
        Uuid::now_v7(),
        hlc_at(officer.device_id, app.now_ms(), n),
        json!({"region_code": "51.01.04", "original_entity": entity, "original_id": original,
               "reason": "Salah catat di lapangan (uji)", "changes": "koreksi data (uji)",
               "corrections": corrections}),
    )
}

/// A finalized finding is corrected field by field by an amendment, and the office
/// reviews it as corrected; a correction of a field that is not corrected this way, with
/// a value the field does not take, or of a record the server does not hold is refused
/// with the field named, and stores nothing.
async fn the_office_reviews_a_finding_as_its_amendments_correct_it(engine: Engine) {
    let app = TestApp::spawn_with(
        engine,
        Settings {
            clock: Clock::manual(REVIEW_DAY_MS),
            ..Settings::default()
        },
    )
    .await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("komang", Role::Coordinator, "jembrana").await;
    let finding = finding_under(&app, &officer, "final", "DEMO KOREKSI").await;

    let refused = app
        .push(
            &officer,
            vec![
                correction(
                    &app,
                    &officer,
                    finding,
                    1,
                    json!({"subject_id": Uuid::now_v7()}),
                ),
                correction(
                    &app,
                    &officer,
                    finding,
                    2,
                    json!({"violations": ["jaywalking"]}),
                ),
                correction(
                    &app,
                    &officer,
                    finding,
                    3,
                    json!({"recommended_action": "flogging"}),
                ),
                correction(&app, &officer, Uuid::now_v7(), 4, json!({"notes": "x"})),
            ],
        )
        .await;
    let errors: Vec<(&str, &str)> = refused.body["results"]
        .as_array()
        .map(|results| {
            results
                .iter()
                .map(|r| {
                    (
                        r["error"]["code"].as_str().unwrap_or(""),
                        r["error"]["field"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        errors,
        [
            ("read_only", "corrections.subject_id"),
            ("not_allowed_value", "corrections.violations"),
            ("not_allowed_value", "corrections.recommended_action"),
            ("unknown_original", "original_id"),
        ],
        "{:?}",
        refused.body
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records WHERE entity = 'amendment'")
            .await,
        0
    );

    let corrected = app
        .push(
            &officer,
            vec![
                correction(
                    &app, &officer,
                    finding,
                    5,
                    json!({"violations": ["overstay", "no_document"], "recommended_action": "overstay_fee"}),
                ),
                correction(&app, &officer, finding, 6, json!({"recommended_action": "deportation"})),
            ],
        )
        .await;
    assert_eq!(statuses(&corrected), ["applied"; 2], "{:?}", corrected.body);
    let waiting = items(&queue(&app, &coordinator, "awaiting").await);
    let item = waiting
        .iter()
        .find(|item| item["finding_id"] == json!(finding))
        .expect("the finding waits for review");
    assert_eq!(item["violations"], json!(["overstay", "no_document"]));
    assert_eq!(item["recommended_action"], "deportation");
}
on_both_backends!(the_office_reviews_a_finding_as_its_amendments_correct_it);

/// The counts of `question` over Jembrana, each row's keys joined by `/`.
async fn counted(app: &TestApp, session: &Session, question: &str) -> Vec<(String, i64)> {
    let answer = app
        .request(
            "GET",
            &format!("/api/stats?region=51.01&{question}"),
            Some(&session.token),
            None,
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{question}: {:?}",
        answer.body
    );
    let rows = answer.body["rows"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .map(|row| {
            let keys: Vec<&str> = row["keys"]
                .as_array()
                .map(|keys| keys.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            (keys.join("/"), row["count"].as_i64().unwrap_or(-1))
        })
        .filter(|(_, count)| *count != 0)
        .collect()
}

/// The values of `column` in the office's export of Jembrana's findings.
async fn exported(app: &TestApp, session: &Session, column: &str) -> Vec<String> {
    let (status, bytes) = download(app, session, "/api/export/findings.csv?region=51.01").await;
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let at = reader
        .headers()
        .expect("a header row")
        .iter()
        .position(|h| h == column)
        .expect("the column");
    reader
        .records()
        .map(|line| line.expect("a CSV line")[at].to_string())
        .collect()
}

/// Whatever the office counts, exports and lists reads a finding, and the inspection it
/// was found at, as their amendments correct them: the stats, the export, the list of
/// political activity and the review queue follow each correction, and a finding
/// corrected to nothing to decide leaves the queue.
async fn what_the_office_counts_exports_and_lists_reads_records_as_amended(engine: Engine) {
    let app = TestApp::spawn_with(
        engine,
        Settings {
            clock: Clock::manual(REVIEW_DAY_MS),
            ..Settings::default()
        },
    )
    .await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let coordinator = app.officer("komang", Role::Coordinator, "jembrana").await;
    let finding = finding_under(&app, &officer, "final", "DEMO KOREKSI HITUNG").await;
    let stored = |id: Uuid| {
        let pool = app.db.pool.clone();
        async move {
            let (fields,): (String,) = sqlx::query_as("SELECT fields FROM records WHERE id = $1")
                .bind(id.to_string())
                .fetch_one(&pool)
                .await
                .expect("a stored record");
            serde_json::from_str::<Value>(&fields).expect("stored fields")
        }
    };
    let inspection = stored(finding).await["inspection_id"]
        .as_str()
        .map(str::to_string)
        .expect("the finding's inspection");
    let inspection = Uuid::parse_str(&inspection).expect("an id");
    assert_eq!(
        counted(&app, &coordinator, "measure=violations&by=violation").await,
        [("overstay".to_string(), 1)]
    );

    let corrected = app
        .push(
            &officer,
            vec![
                correction(
                    &app,
                    &officer,
                    finding,
                    1,
                    json!({"violations": ["political_activity"], "political_activity": "rally"}),
                ),
                amendment_of(
                    &app,
                    &officer,
                    "inspection",
                    inspection,
                    2,
                    json!({"place_type": "villa", "place_name": "Vila Koreksi (fiktif)"}),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&corrected), ["applied"; 2], "{:?}", corrected.body);
    assert_eq!(
        counted(&app, &coordinator, "measure=violations&by=violation").await,
        [("political_activity".to_string(), 1)]
    );
    assert_eq!(
        counted(&app, &coordinator, "measure=findings&by=place_type").await,
        [("villa".to_string(), 1)]
    );
    assert_eq!(
        exported(&app, &coordinator, "violations").await,
        ["political_activity"]
    );
    assert_eq!(
        exported(&app, &coordinator, "place_name").await,
        ["Vila Koreksi (fiktif)"]
    );
    let listed = app
        .request(
            "GET",
            "/api/political-activity?region=51.01",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(listed.body["items"][0]["political_activity"], "rally");
    assert_eq!(
        items(&queue(&app, &coordinator, "awaiting").await)[0]["violations"],
        json!(["political_activity"])
    );

    // Corrected to nothing found and nothing to recommend: nothing left to decide.
    let cleared = app
        .push(
            &officer,
            vec![correction(
                &app,
                &officer,
                finding,
                3,
                json!({"violations": [], "political_activity": null, "recommended_action": null}),
            )],
        )
        .await;
    assert_eq!(statuses(&cleared), ["applied"], "{:?}", cleared.body);
    assert!(
        counted(&app, &coordinator, "measure=violations&by=violation")
            .await
            .is_empty()
    );
    assert!(items(&queue(&app, &coordinator, "awaiting").await).is_empty());
    let listed = app
        .request(
            "GET",
            "/api/political-activity?region=51.01",
            Some(&coordinator.token),
            None,
        )
        .await;
    assert_eq!(listed.body["items"], json!([]), "{:?}", listed.body);
    // The finding itself stays as it was finalized.
    assert_eq!(stored(finding).await["violations"], json!(["overstay"]));
}
on_both_backends!(what_the_office_counts_exports_and_lists_reads_records_as_amended);
