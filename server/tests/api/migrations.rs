//! Schema migrations keep what is already stored: records written before a change of
//! the storage format still pull, merge and detect conflicts as they did.

use crate::helpers::{Engine, FreshDatabase, TestApp, hlc_at, mutation, now_millis, statuses};
use crate::on_both_backends;
use axum::http::StatusCode;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use uuid::Uuid;

/// Applies the migrations numbered below `first_left_out`, as a server of that version
/// did, and returns a connection to the database.
async fn migrate_up_to(
    database: &FreshDatabase,
    engine: Engine,
    first_left_out: u32,
) -> sqlx::AnyPool {
    let engine_dir = match engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    };
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(engine_dir);
    let older = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(&source).expect("migrations") {
        let path = entry.expect("migration").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let number: u32 = name[..4].parse().expect("numbered migration");
        if number < first_left_out {
            std::fs::copy(&path, older.path().join(name)).expect("copy migration");
        }
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.connect_url())
        .await
        .expect("connect");
    sqlx::migrate::Migrator::new(older.path())
        .await
        .expect("older migrations")
        .run(&pool)
        .await
        .expect("apply older migrations");
    pool
}

async fn stamped_fields_become_values_and_stamps(engine: Engine) {
    let database = FreshDatabase::create(engine).await;
    let pool = migrate_up_to(&database, engine, 5).await;
    // A foreign national created by one write and edited by a later one, stored as
    // `{"field": {"v": value, "h": stamp}}` with the change that set each field.
    let (record, writer) = (Uuid::now_v7(), Uuid::now_v7());
    let now = now_millis();
    let created = hlc_at(writer, now - 60_000, 0);
    let edited = hlc_at(writer, now - 30_000, 0);
    let fields = json!({
        "region_code": {"v": "51.01.02", "h": created},
        "full_name": {"v": "DEMO LAMA", "h": created},
        "nationality": {"v": "AUS", "h": created},
        "sex": {"v": "F", "h": created},
        "passport_number": {"v": "DM7654321", "h": created},
        "permit_type": {"v": "ITK", "h": created},
        "permit_expiry": {"v": "2026-12-31", "h": created},
        "address": {"v": "Jl. Contoh No. 1 (fiktif)", "h": edited},
    });
    let field_seqs = json!({
        "region_code": 1, "full_name": 1, "nationality": 1, "sex": 1,
        "passport_number": 1, "permit_type": 1, "permit_expiry": 1, "address": 2,
    });
    sqlx::query(
        "INSERT INTO records (id, entity, region_code, fields, field_seqs, deleted, seq, created_at_ms, updated_at_ms)
         VALUES ($1, 'subject', '51.01.02', $2, $3, 0, 2, 0, 0)",
    )
    .bind(record.to_string())
    .bind(fields.to_string())
    .bind(field_seqs.to_string())
    .execute(&pool)
    .await
    .expect("old record");
    for (seq, hlc) in [(1_i64, &created), (2, &edited)] {
        sqlx::query(
            "INSERT INTO change_log (seq, op_id, entity, record_id, officer_id, device_id, hlc,
                                     received_at_ms, old_region, new_region, changes, status)
             VALUES ($1, $2, 'subject', $3, 'petugas-lama', $4, $5, 0, NULL, '51.01.02', '[]', 'applied')",
        )
        .bind(seq)
        .bind(Uuid::now_v7().to_string())
        .bind(record.to_string())
        .bind(writer.to_string())
        .bind(hlc.as_str())
        .execute(&pool)
        .await
        .expect("old change");
    }
    pool.close().await;

    let app = TestApp::spawn_on(database, Settings::default()).await;
    let mut tx = app.db.begin_write().await.expect("write");
    let stored = tx
        .load_records(&[record.to_string()])
        .await
        .expect("load")
        .remove(&record.to_string())
        .expect("the record survives the migration");
    drop(tx);
    let expected_seqs: BTreeMap<String, i64> = serde_json::from_value(field_seqs).expect("seqs");
    assert_eq!(stored.field_seqs, expected_seqs);
    for (name, old) in fields.as_object().expect("fields") {
        let kept = &stored.record.fields[name];
        assert_eq!(kept.value, old["v"], "{name}");
        assert_eq!(
            kept.hlc.to_string(),
            old["h"].as_str().expect("stamp"),
            "{name}"
        );
    }

    // A device pulls the values as they were.
    let device = app.officer("budi", Role::Field, "jembrana").await;
    let (changes, _) = app.pull_all(&device, 0).await;
    assert_eq!(changes.len(), 1, "{changes:?}");
    let expected_values: serde_json::Map<String, serde_json::Value> = fields
        .as_object()
        .expect("fields")
        .iter()
        .map(|(name, old)| (name.clone(), old["v"].clone()))
        .collect();
    assert_eq!(changes[0]["record"], json!(expected_values));

    // The kept stamps still decide merges: a write older than the edit loses and is
    // logged as a conflict; one newer than the creation wins.
    let late = app
        .push(
            &device,
            vec![
                mutation(
                    "subject",
                    record,
                    hlc_at(device.device_id, now - 45_000, 0),
                    json!({"address": "Jl. Terlambat (fiktif)"}),
                ),
                mutation(
                    "subject",
                    record,
                    hlc_at(device.device_id, now, 0),
                    json!({"full_name": "DEMO BARU"}),
                ),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::OK, "{:?}", late.body);
    assert_eq!(statuses(&late), ["conflict", "applied"]);
    assert_eq!(late.body["results"][0]["lost_fields"], json!(["address"]));
}
on_both_backends!(stamped_fields_become_values_and_stamps);

/// Sets a stored subject's field to `value` as an earlier version could have stored it.
async fn store_directly(app: &TestApp, engine: Engine, id: Uuid, field: &str, value: &str) {
    let sql = match engine {
        Engine::Sqlite => {
            format!("UPDATE records SET fields = json_set(fields, '$.{field}', $1) WHERE id = $2")
        }
        Engine::Postgres => format!(
            "UPDATE records SET fields = jsonb_set(fields::jsonb, '{{{field}}}', to_jsonb($1::text))::text WHERE id = $2"
        ),
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .bind(id.to_string())
        .execute(&app.db.pool)
        .await
        .expect("store an old value");
}

async fn icao_spellings_of_countries_are_rewritten_as_iso_codes(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let (german, british, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let now = now_millis();
    let mut batch = Vec::new();
    for (i, (id, nationality)) in [(german, "DEU"), (british, "GBR"), (other, "NZL")]
        .into_iter()
        .enumerate()
    {
        batch.push(mutation(
            "subject",
            id,
            hlc_at(officer.device_id, now - 60_000, i as u32),
            json!({"region_code": "51.01", "full_name": format!("DEMO KODE {i}"),
                   "nationality": nationality, "passport_issuing_country": nationality}),
        ));
    }
    assert_eq!(statuses(&app.push(&officer, batch).await), ["applied"; 3]);
    // As an earlier version stored what a German or British document's MRZ said.
    store_directly(&app, engine, german, "nationality", "D").await;
    store_directly(&app, engine, german, "passport_issuing_country", "D").await;
    store_directly(&app, engine, british, "nationality", "GBN").await;
    let (_, cursor) = app.pull_all(&officer, 0).await;

    let changed = pantau_server::sync::recode::recode_document_countries(&app.db, now as i64)
        .await
        .expect("recode");
    assert_eq!(changed, 2);
    let (changes, _) = app.pull_all(&officer, cursor).await;
    let pulled: BTreeMap<String, (String, String)> = changes
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_string(),
                (
                    c["record"]["nationality"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    c["record"]["passport_issuing_country"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                ),
            )
        })
        .collect();
    assert_eq!(
        pulled,
        BTreeMap::from([
            (german.to_string(), ("DEU".into(), "DEU".into())),
            (british.to_string(), ("GBR".into(), "GBR".into())),
        ]),
        "devices pull the rewritten records, and only those"
    );
    let history = app
        .request(
            "GET",
            &format!("/api/records/{german}/history"),
            Some(&app.login("budi").await.token),
            None,
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{:?}", history.body);
    assert_eq!(
        history.body["entries"].as_array().map(Vec::len),
        Some(2),
        "{:?}",
        history.body
    );
    let again = pantau_server::sync::recode::recode_document_countries(&app.db, now as i64)
        .await
        .expect("recode again");
    assert_eq!(again, 0, "nothing left to rewrite");
    // A write spelled the ICAO way is refused, naming the field and the code to use.
    let refused = app
        .push(
            &officer,
            vec![mutation(
                "subject",
                other,
                hlc_at(officer.device_id, now, 9),
                json!({"nationality": "D"}),
            )],
        )
        .await;
    assert_eq!(statuses(&refused), ["rejected"]);
    let error = &refused.body["results"][0]["error"];
    assert_eq!(error["field"], "nationality");
    assert!(
        error["message"].as_str().is_some_and(|m| m.contains("DEU")),
        "{error}"
    );
}
on_both_backends!(icao_spellings_of_countries_are_rewritten_as_iso_codes);

/// The fixture's password for every account.
const FIXTURE_PASSWORD: &str = "sandi-lama-123";

async fn sign_in_with(app: &TestApp, username: &str, password: &str) -> crate::helpers::Session {
    let device_id = Uuid::now_v7();
    let response = app
        .request(
            "POST",
            "/api/auth/login",
            None,
            Some(json!({"username": username, "password": password, "device_id": device_id, "device_name": "Tablet baru"})),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    crate::helpers::Session {
        token: response.body["token"].as_str().expect("token").to_string(),
        device_id,
    }
}

async fn a_database_left_by_schema_0006_upgrades_and_serves_its_data(engine: Engine) {
    let database = FreshDatabase::create(engine).await;
    let pool = migrate_up_to(&database, engine, 7).await;
    let fixture = include_str!("../fixtures/schema-0006.sql");
    for statement in fixture
        .split(";\n")
        .map(|s| {
            s.lines()
                .filter(|l| !l.starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|s| !s.trim().is_empty())
    {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .expect("load the fixture");
    }
    pool.close().await;

    // Opening it runs every later migration.
    let app = TestApp::spawn_on(database, Settings::default()).await;
    let newest = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .expect("migrations")
        .count() as i64;
    assert_eq!(app.db.schema_version().await.expect("schema"), newest);

    // A new tablet signs in with the old password and pulls everything as it was.
    let lama = sign_in_with(&app, "lama", FIXTURE_PASSWORD).await;
    let (changes, cursor) = app.pull_all(&lama, 0).await;
    let records: BTreeMap<String, serde_json::Value> = changes
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_string(),
                c["record"].clone(),
            )
        })
        .collect();
    assert_eq!(records.len(), 4, "{records:?}");
    let first = &records["01900000-0000-7000-8000-00000000a001"];
    assert_eq!(first["full_name"], "DEMO LAMA SATU");
    assert_eq!(
        first["address"], "Jl. Fiktif 3",
        "the later of two concurrent edits"
    );
    assert_eq!(
        records["01900000-0000-7000-8000-00000000c001"]["status"],
        "final"
    );

    // Writes merge on top of the old stamps; the finalized inspection stays amend-only.
    let answer = app
        .push(
            &lama,
            vec![
                mutation(
                    "subject",
                    "01900000-0000-7000-8000-00000000b001".parse().expect("id"),
                    hlc_at(lama.device_id, now_millis(), 0),
                    json!({"address": "Jl. Fiktif 4"}),
                ),
                mutation(
                    "inspection",
                    "01900000-0000-7000-8000-00000000c001".parse().expect("id"),
                    hlc_at(lama.device_id, now_millis(), 1),
                    json!({"place_name": "Diubah"}),
                ),
            ],
        )
        .await;
    assert_eq!(
        statuses(&answer),
        ["applied", "rejected"],
        "{:?}",
        answer.body
    );
    let (after, _) = app.pull_all(&lama, cursor).await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0]["record"]["full_name"], "DEMO LAMA DUA");
    assert_eq!(after[0]["record"]["address"], "Jl. Fiktif 4");

    // The coordinator still has the old conflict to review, and the history reads.
    let koor = sign_in_with(&app, "koor", FIXTURE_PASSWORD).await;
    let conflicts = app
        .request("GET", "/api/conflicts", Some(&koor.token), None)
        .await;
    assert_eq!(conflicts.status, StatusCode::OK);
    assert_eq!(
        conflicts.body["conflicts"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        conflicts.body
    );
    let history = app
        .request(
            "GET",
            "/api/records/01900000-0000-7000-8000-00000000a001/history",
            Some(&koor.token),
            None,
        )
        .await;
    assert_eq!(history.body["entries"].as_array().map(Vec::len), Some(3));
    let stats = app
        .request(
            "GET",
            "/api/stats?measure=subjects&by=region",
            Some(&koor.token),
            None,
        )
        .await;
    assert_eq!(stats.status, StatusCode::OK, "{:?}", stats.body);
    assert_eq!(stats.body["total"], 2);
}
on_both_backends!(a_database_left_by_schema_0006_upgrades_and_serves_its_data);

/// Photos stored before reads followed the records that show them stay readable where
/// a live record shows them, and only there.
async fn photos_stored_before_citations_follow_their_records(engine: Engine) {
    let database = FreshDatabase::create(engine).await;
    let pool = migrate_up_to(&database, engine, 13).await;
    let (shown, deleted) = (Uuid::now_v7(), Uuid::now_v7());
    let (kept_photo, orphan_photo) = ("a".repeat(64), "b".repeat(64));
    for (id, deleted_flag, photo) in [(shown, 0, &kept_photo), (deleted, 1, &orphan_photo)] {
        let fields =
            json!({"region_code": "51.01.02", "full_name": "DEMO FOTO", "photos": [photo]});
        sqlx::query(
            "INSERT INTO records (id, entity, region_code, fields, stamps, deleted, seq, created_at_ms, updated_at_ms)
             VALUES ($1, 'subject', '51.01.02', $2, '[]', $3, 1, 0, 0)",
        )
        .bind(id.to_string())
        .bind(fields.to_string())
        .bind(deleted_flag)
        .execute(&pool)
        .await
        .expect("old record");
        sqlx::query(
            "INSERT INTO attachments (sha256, content_type, size, bytes, region_code, uploaded_by, uploaded_at_ms)
             VALUES ($1, 'image/jpeg', 4, $2, '51.01.02', 'petugas-lama', 0)",
        )
        .bind(photo.as_str())
        .bind(b"\xff\xd8\xff\xe0".to_vec())
        .execute(&pool)
        .await
        .expect("old photo");
    }
    pool.close().await;

    let app = TestApp::spawn_on(database, Settings::default()).await;
    let jembrana = app.officer("budi", Role::Field, "jembrana").await;
    let buleleng = app.officer("wayan", Role::Field, "buleleng").await;
    let status = |token: &str, sha: &str| {
        let path = format!("/api/attachments/{sha}");
        let token = token.to_string();
        let app = &app;
        async move { app.request("GET", &path, Some(&token), None).await.status }
    };
    assert_eq!(status(&jembrana.token, &kept_photo).await, StatusCode::OK);
    assert_eq!(
        status(&buleleng.token, &kept_photo).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&jembrana.token, &orphan_photo).await,
        StatusCode::NOT_FOUND
    );
}
on_both_backends!(photos_stored_before_citations_follow_their_records);
