//! Signed finalization on both engines: a device's signature over its statement is
//! checked before anything applies, the signed record joins the Merkle log with a
//! receipt the server's public key verifies, and `pantau audit verify` finds an edited
//! change-log row, an edited log entry and a log cut short.

use crate::helpers::{Engine, PASSWORD, Session, TestApp, hlc_at, now_millis, statuses};
use crate::on_both_backends;
use axum::http::StatusCode;
use clap::Parser;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use pantau_shared::entity::FieldMap;
use pantau_shared::signing::{Receipt, STATEMENT_KIND, SignedRecord, Statement};
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

/// A field officer signed in on a device that registered `key`.
async fn signing_officer(app: &TestApp, key: &SigningKey) -> (Session, Uuid) {
    app.add_user("ayu", Role::Field, Some("jembrana")).await;
    let device_id = Uuid::now_v7();
    let login = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(json!({
                "username": "ayu", "password": PASSWORD, "device_id": device_id,
                "device_name": "Tablet uji",
                "signing_key": hex::encode(key.verifying_key().as_bytes()),
            })),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let officer = login.body["officer"]["id"]
        .as_str()
        .and_then(|id| Uuid::parse_str(id).ok())
        .expect("officer id");
    let session = Session {
        token: login.body["token"].as_str().expect("token").into(),
        device_id,
    };
    (session, officer)
}

fn fields(value: Value) -> FieldMap {
    value.as_object().cloned().expect("object")
}

/// An inspection with one finding, as drafted and pushed before it is finalized.
struct Draft {
    inspection: Uuid,
    record: FieldMap,
    finding: SignedRecord,
}

async fn push_draft(app: &TestApp, session: &Session, place: &str, counter: u32) -> Draft {
    let (inspection, subject, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let record = fields(json!({
        "region_code": "51.01.02", "started_at": "2026-11-10T10:00:00+08:00",
        "place_name": place, "place_type": "villa", "warrant_number": "SP-UJI/1",
    }));
    let finding_record = fields(json!({
        "region_code": "51.01.02", "inspection_id": inspection, "subject_id": subject,
        "violations": ["overstay"], "recommended_action": "deportation",
    }));
    let stamp = |n: u32| hlc_at(session.device_id, now_millis() - 60_000, counter + n);
    let pushed = app
        .push(
            session,
            vec![
                json!({"op_id": Uuid::now_v7(), "entity": "subject", "id": subject, "hlc": stamp(0),
                    "fields": {"region_code": "51.01.02", "full_name": "CONTOH TERTANDA", "nationality": "AUS", "permit_type": "ITK"}}),
                json!({"op_id": Uuid::now_v7(), "entity": "inspection", "id": inspection, "hlc": stamp(1), "fields": record}),
                json!({"op_id": Uuid::now_v7(), "entity": "finding", "id": finding, "hlc": stamp(2), "fields": finding_record}),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 3], "{:?}", pushed.body);
    Draft {
        inspection,
        record,
        finding: SignedRecord {
            id: finding,
            record: finding_record,
        },
    }
}

/// The finalize mutation of `draft`, signed by `key` as `officer` on `device`.
fn signed_finalize(
    draft: &Draft,
    key: &SigningKey,
    officer: Uuid,
    device: Uuid,
    hlc: String,
) -> Value {
    let mut record = draft.record.clone();
    record.insert("status".into(), json!("final"));
    let statement = Statement {
        kind: STATEMENT_KIND.into(),
        entity: "inspection".into(),
        id: draft.inspection,
        record,
        findings: vec![draft.finding.clone()],
        photos: vec![],
        officer,
        device,
        hlc: hlc.clone(),
    };
    let statement = pantau_server::signed_log::canonical(&statement);
    let signature = key.sign(statement.as_bytes());
    json!({
        "op_id": Uuid::now_v7(), "entity": "inspection", "id": draft.inspection, "hlc": hlc,
        "fields": {"status": "final"},
        "signed": {
            "key": hex::encode(key.verifying_key().as_bytes()),
            "statement": statement,
            "signature": hex::encode(signature.to_bytes()),
        },
    })
}

async fn status_of(app: &TestApp, inspection: Uuid) -> Option<String> {
    let (fields,): (String,) = sqlx::query_as("SELECT fields FROM records WHERE id = $1")
        .bind(inspection.to_string())
        .fetch_one(&app.db.pool)
        .await
        .expect("record");
    let fields: Value = serde_json::from_str(&fields).expect("fields");
    fields["status"]["value"]
        .as_str()
        .or(fields["status"].as_str())
        .map(str::to_string)
}

fn receipt_of(response: &crate::helpers::Response, n: usize) -> Receipt {
    serde_json::from_value(response.body["results"][n]["receipt"].clone()).expect("a receipt")
}

async fn audit_verify(app: &TestApp) -> Result<(), String> {
    audit_verify_from(app, app.data_dir()).await
}

/// `pantau audit verify` on the app's database by a server whose data directory (and so
/// whose log key) is `data_dir`.
async fn audit_verify_from(app: &TestApp, data_dir: &std::path::Path) -> Result<(), String> {
    let cli = pantau_server::cli::Cli::parse_from([
        "pantau",
        "--data-dir",
        &data_dir.display().to_string(),
        "--database-url",
        &app.database_url,
        "audit",
        "verify",
    ]);
    pantau_server::cli::run(cli)
        .await
        .map_err(|error| error.to_string())
}

/// A field officer's inspection, drafted and finalized with a signature by `key`; the
/// push is applied.
async fn signed_inspection(
    app: &TestApp,
    key: &SigningKey,
    place: &str,
) -> (Session, Uuid, Draft, Value, crate::helpers::Response) {
    let (session, officer) = signing_officer(app, key).await;
    let device = session.device_id;
    let draft = push_draft(app, &session, place, 0).await;
    let finalize = signed_finalize(
        &draft,
        key,
        officer,
        device,
        hlc_at(device, now_millis(), 10),
    );
    let pushed = app.push(&session, vec![finalize.clone()]).await;
    assert_eq!(statuses(&pushed), ["applied"], "{:?}", pushed.body);
    (session, officer, draft, finalize, pushed)
}

async fn signed_finalization_is_checked_logged_and_verifiable(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let key = SigningKey::from_bytes(&[7; 32]);
    let (session, officer, first, finalize, pushed) =
        signed_inspection(&app, &key, "Vila tertanda").await;
    let device = session.device_id;
    let receipt = receipt_of(&pushed, 0);
    assert_eq!((receipt.index, receipt.tree_size), (1, 1));
    let health = app.request("GET", "/api/health", None, None).await;
    let server_key: [u8; 32] = hex::decode(health.body["log_public_key"].as_str().expect("key"))
        .expect("hex")
        .try_into()
        .expect("32 bytes");
    let server_key = VerifyingKey::from_bytes(&server_key).expect("a public key");
    assert!(pantau_server::signed_log::receipt_verifies(
        &server_key,
        &receipt
    ));
    let mut forged = receipt.clone();
    forged.tree_size = 2;
    assert!(!pantau_server::signed_log::receipt_verifies(
        &server_key,
        &forged
    ));
    assert_eq!(
        status_of(&app, first.inspection).await.as_deref(),
        Some("final")
    );

    // The answer was lost and the device sends it again: the same receipt, no new entry.
    let again = app.push(&session, vec![finalize.clone()]).await;
    assert_eq!(statuses(&again), ["duplicate"]);
    assert_eq!(receipt_of(&again, 0), receipt);

    // Each bad signature is refused with its own code, and the inspection stays a draft.
    let second = push_draft(&app, &session, "Vila kedua", 20).await;
    let stamp = |n: u32| hlc_at(device, now_millis(), 30 + n);
    let mut tampered = signed_finalize(&second, &key, officer, device, stamp(0));
    tampered["fields"]["place_name"] = json!("Vila lain");
    let mut bad_signature = signed_finalize(&second, &key, officer, device, stamp(1));
    let flipped = bad_signature["signed"]["signature"]
        .as_str()
        .expect("signature")
        .replacen('0', "1", 1)
        .replacen('a', "b", 1);
    bad_signature["signed"]["signature"] = json!(flipped);
    let stranger = SigningKey::from_bytes(&[9; 32]);
    let unknown_key = signed_finalize(&second, &stranger, officer, device, stamp(2));
    let mut replayed = finalize.clone();
    replayed["op_id"] = json!(Uuid::now_v7());
    replayed["id"] = json!(second.inspection);
    let pushed = app
        .push(
            &session,
            vec![tampered, bad_signature, unknown_key, replayed],
        )
        .await;
    let codes: Vec<&str> = (0..4)
        .map(|n| {
            pushed.body["results"][n]["error"]["code"]
                .as_str()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        codes,
        [
            "signature_mismatch",
            "bad_signature",
            "unknown_device_key",
            "signature_replayed"
        ],
        "{:?}",
        pushed.body
    );
    assert_eq!(pushed.body["results"][0]["error"]["field"], "place_name");
    assert_eq!(status_of(&app, second.inspection).await, None);
    assert_eq!(app.count("SELECT COUNT(*) FROM signed_log").await, 1);

    let pushed = app
        .push(
            &session,
            vec![signed_finalize(&second, &key, officer, device, stamp(4))],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"], "{:?}", pushed.body);
    let second_receipt = receipt_of(&pushed, 0);
    assert_eq!((second_receipt.index, second_receipt.tree_size), (2, 2));
    assert_ne!(second_receipt.root, receipt.root);
    assert!(pantau_server::signed_log::receipt_verifies(
        &server_key,
        &second_receipt
    ));
    audit_verify(&app).await.expect("an untouched log verifies");

    // A server started without its key file (restored without it) makes a new key; the
    // receipts it gave before still check against the old one, which it remembers.
    let elsewhere = tempfile::tempdir().expect("a data directory");
    audit_verify_from(&app, elsewhere.path())
        .await
        .expect("earlier receipts check under a new key");
    // Only a key that signed a receipt is trusted for receipts.
    assert_eq!(app.count("SELECT COUNT(*) FROM log_keys").await, 1);

    // The monthly report prints the log's checkpoint: the server's signed tree head.
    let coordinator = app.officer("koor", Role::Coordinator, "jembrana").await;
    let month = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .date();
    let month = format!("{}-{:02}", month.year(), u8::from(month.month()));
    let report = |month: String| {
        let token = coordinator.token.clone();
        let app = &app;
        async move {
            let path = format!("/api/reports/monthly?team=jembrana&month={month}");
            let report = app.request("GET", &path, Some(&token), None).await;
            assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
            report.body["log_checkpoint"].clone()
        }
    };
    let checkpoint = report(month).await;
    assert_eq!(checkpoint["tree_size"], 2);
    assert_eq!(checkpoint["root"], json!(second_receipt.root));
    assert_eq!(checkpoint["server_key"], health.body["log_public_key"]);
    let as_receipt = Receipt {
        index: 2,
        leaf_hash: checkpoint["leaf_hash"].as_str().unwrap_or("").into(),
        tree_size: 2,
        root: checkpoint["root"].as_str().unwrap_or("").into(),
        signature: checkpoint["signature"].as_str().unwrap_or("").into(),
    };
    assert!(pantau_server::signed_log::receipt_verifies(
        &server_key,
        &as_receipt
    ));
    let before_any = report("2020-01".into()).await;
    assert_eq!(before_any["tree_size"], 0);

    // The office's review queue says who signed each finding's inspection, where, and
    // which stored field is no longer as signed.
    let signature_of = |finding: Uuid| {
        let token = coordinator.token.clone();
        let app = &app;
        async move {
            let queue = app
                .request("GET", "/api/case-review", Some(&token), None)
                .await;
            assert_eq!(queue.status, StatusCode::OK, "{:?}", queue.body);
            let items = queue.body["items"].as_array().cloned().unwrap_or_default();
            items
                .into_iter()
                .find(|item| item["finding_id"] == json!(finding))
                .map(|item| item["signature"].clone())
                .expect("the finding is in the queue")
        }
    };
    let signature = signature_of(first.finding.id).await;
    assert_eq!(signature["receipt_index"], 1, "{signature}");
    assert_eq!(signature["officer"], "Petugas Uji ayu");
    assert_eq!(signature["device"], "Tablet uji");
    assert_eq!(signature["differing"], json!([]));
    assert_eq!(signature_of(second.finding.id).await["receipt_index"], 2);
    let finding_id = second.finding.id.to_string();
    let (stored,): (String,) = sqlx::query_as("SELECT fields FROM records WHERE id = $1")
        .bind(&finding_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("finding");
    sqlx::query("UPDATE records SET fields = $1 WHERE id = $2")
        .bind(stored.replace("deportation", "overstay_fee"))
        .bind(&finding_id)
        .execute(&app.db.pool)
        .await
        .expect("edit");
    let signature = signature_of(second.finding.id).await;
    assert_eq!(
        signature["differing"],
        json!(["finding.recommended_action"]),
        "{signature}"
    );

    // Someone edits the finalize row of the change log by hand: found.
    let op_id = finalize["op_id"].as_str().expect("op id").to_string();
    let (changes,): (String,) = sqlx::query_as("SELECT changes FROM change_log WHERE op_id = $1")
        .bind(&op_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("row");
    let set_changes = |text: String| {
        let op_id = op_id.clone();
        let pool = app.db.pool.clone();
        async move {
            sqlx::query("UPDATE change_log SET changes = $1 WHERE op_id = $2")
                .bind(text)
                .bind(op_id)
                .execute(&pool)
                .await
                .expect("edit");
        }
    };
    set_changes(changes.replace("final", "draft")).await;
    let error = audit_verify(&app).await.expect_err("an edited change log");
    assert!(
        error.contains("entry #1") && error.contains("edited"),
        "{error}"
    );
    set_changes(changes).await;
    audit_verify(&app).await.expect("restored");

    // An edited log entry: found.
    sqlx::query("UPDATE signed_log SET logged_at_ms = logged_at_ms + 1 WHERE log_index = 2")
        .execute(&app.db.pool)
        .await
        .expect("edit");
    let error = audit_verify(&app).await.expect_err("an edited entry");
    assert!(
        error.contains("entry #2") && error.contains("changed"),
        "{error}"
    );
    sqlx::query("UPDATE signed_log SET logged_at_ms = logged_at_ms - 1 WHERE log_index = 2")
        .execute(&app.db.pool)
        .await
        .expect("undo");

    // A log cut short: found.
    sqlx::query("DELETE FROM signed_log WHERE log_index = 2")
        .execute(&app.db.pool)
        .await
        .expect("truncate");
    let error = audit_verify(&app).await.expect_err("a truncated log");
    assert!(error.contains("missing"), "{error}");
}

async fn a_bad_signing_key_at_sign_in_is_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.add_user("ayu", Role::Field, Some("jembrana")).await;
    let login = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(json!({
                "username": "ayu", "password": PASSWORD, "device_id": Uuid::now_v7(),
                "device_name": "Tablet uji", "signing_key": "abc",
            })),
        )
        .await;
    assert_eq!(login.status, StatusCode::BAD_REQUEST);
    assert_eq!(login.body["error"]["field"], "signing_key");
    assert_eq!(app.count("SELECT COUNT(*) FROM device_keys").await, 0);
}

on_both_backends!(signed_finalization_is_checked_logged_and_verifiable);
on_both_backends!(a_bad_signing_key_at_sign_in_is_refused);

/// Retention erases a signed inspection's data, the statement that holds it included;
/// the log keeps the statement's digest and still re-computes.
async fn retention_erases_a_signed_statement_and_the_log_still_verifies(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let key = SigningKey::from_bytes(&[11; 32]);
    signed_inspection(&app, &key, "Vila kedaluwarsa").await;
    for entity in ["subject", "inspection", "finding"] {
        app.db.set_retention_days(entity, 1).await.expect("setting");
    }
    let later = now_millis() as i64 + 2 * 24 * 3600 * 1000;
    pantau_server::retention::run(&app.db, later, false)
        .await
        .expect("retention");
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM signed_log WHERE statement IS NULL AND erased_at_ms IS NOT NULL"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM signed_log WHERE statement LIKE '%kedaluwarsa%'")
            .await,
        0
    );
    audit_verify(&app)
        .await
        .expect("an erased statement leaves the log verifiable");
    let check = app
        .db
        .verify_signed_log(app.db.log_key())
        .await
        .expect("check");
    assert!(
        matches!(
            check,
            pantau_server::db::signed_log::LogCheck::Sound {
                entries: 1,
                erased: 1,
                ..
            }
        ),
        "{check:?}"
    );
}

on_both_backends!(retention_erases_a_signed_statement_and_the_log_still_verifies);

async fn a_required_signature_refuses_an_unsigned_finalization_and_a_new_key_registers_without_sign_in(
    engine: Engine,
) {
    let app = TestApp::spawn(engine).await;
    let first_key = SigningKey::from_bytes(&[7; 32]);
    let (session, officer) = signing_officer(&app, &first_key).await;
    let device = session.device_id;
    let change = pantau_server::lease::PolicyChange {
        require_signatures: Some(true),
        ..Default::default()
    };
    let said = pantau_server::lease::set_policy(&app.db, change)
        .await
        .expect("policy");
    assert!(said.contains("--require-signatures true"), "{said}");

    // Unsigned: refused with its own code, and the inspection stays a draft.
    let draft = push_draft(&app, &session, "Vila Contoh Wajib", 0).await;
    let unsigned = json!({"op_id": Uuid::now_v7(), "entity": "inspection", "id": draft.inspection,
        "hlc": hlc_at(device, now_millis(), 10), "fields": {"status": "final"}});
    let refused = app.push(&session, vec![unsigned]).await;
    assert_eq!(statuses(&refused), ["rejected"], "{:?}", refused.body);
    assert_eq!(
        refused.body["results"][0]["error"]["code"],
        "signature_required"
    );
    assert_eq!(refused.body["results"][0]["error"]["field"], "signed");
    assert_eq!(status_of(&app, draft.inspection).await, None);

    // A key the server has never seen is refused; registered on the session, it signs.
    let second_key = SigningKey::from_bytes(&[9; 32]);
    let signed = |counter| {
        signed_finalize(
            &draft,
            &second_key,
            officer,
            device,
            hlc_at(device, now_millis(), counter),
        )
    };
    let unknown = app.push(&session, vec![signed(11)]).await;
    assert_eq!(
        unknown.body["results"][0]["error"]["code"],
        "unknown_device_key"
    );
    let bad = app
        .request(
            "POST",
            "/api/device/signing-key",
            Some(&session.token),
            Some(json!({"signing_key": "00ff"})),
        )
        .await;
    assert_eq!(
        (
            bad.status,
            bad.error_code(),
            bad.body["error"]["field"].as_str()
        ),
        (
            StatusCode::BAD_REQUEST,
            "invalid_field",
            Some("signing_key")
        )
    );
    let registered = app
        .request(
            "POST",
            "/api/device/signing-key",
            Some(&session.token),
            Some(json!({"signing_key": hex::encode(second_key.verifying_key().as_bytes())})),
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK, "{:?}", registered.body);
    let applied = app.push(&session, vec![signed(12)]).await;
    assert_eq!(statuses(&applied), ["applied"], "{:?}", applied.body);
    assert_eq!(
        status_of(&app, draft.inspection).await.as_deref(),
        Some("final")
    );
    // Drafts and other records need no signature.
    let other = push_draft(&app, &session, "Vila Contoh Lain", 20).await;
    assert_eq!(status_of(&app, other.inspection).await, None);
}
on_both_backends!(
    a_required_signature_refuses_an_unsigned_finalization_and_a_new_key_registers_without_sign_in
);
