//! PostgreSQL over TLS: with `sslmode=require` in the URL every connection Pantau opens
//! is encrypted, pushes and pulls work as ever, and `verify-full` against a CA that did
//! not sign the server's certificate refuses to connect rather than trust it.

use crate::helpers::{
    Engine, FreshDatabase, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields,
};
use pantau_server::db::Db;
use pantau_server::state::Settings;
use pantau_shared::team::Role;
use uuid::Uuid;

/// Whether the pool's connection is encrypted, as the server sees it.
async fn encrypted(db: &Db) -> bool {
    let ssl: i64 = sqlx::query_scalar(
        "SELECT CAST(CASE WHEN ssl THEN 1 ELSE 0 END AS BIGINT) FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    )
    .fetch_one(&db.pool)
    .await
    .expect("pg_stat_ssl");
    ssl == 1
}

#[tokio::test]
async fn pantau_reaches_postgresql_over_tls() {
    let mut database = FreshDatabase::create(Engine::Postgres).await;
    let url = database.url.clone().expect("a PostgreSQL database");
    database.url = Some(format!("{url}?sslmode=require"));
    let app = TestApp::spawn_on(database, Settings::default()).await;
    assert!(encrypted(&app.db).await, "sslmode=require encrypts");
    let officer = app.officer("budi", Role::Field, "jembrana").await;
    let pushed = app
        .push(
            &officer,
            vec![mutation(
                "subject",
                Uuid::now_v7(),
                hlc_at(officer.device_id, now_millis(), 0),
                subject_fields("51.01.04", "CONTOH TLS"),
            )],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"], "the write connection too");
    let (changes, _) = app.pull_all(&officer, 0).await;
    assert_eq!(changes.len(), 1);

    // A CA the server's certificate does not come from: refused, not trusted.
    let folder = tempfile::tempdir().expect("temp dir");
    let stranger =
        rcgen::generate_simple_self_signed(vec!["pantau-uji".to_string()]).expect("a certificate");
    let ca = folder.path().join("bukan-ca.pem");
    std::fs::write(&ca, stranger.cert.pem()).expect("write");
    let verifying = format!("{url}?sslmode=verify-full&sslrootcert={}", ca.display());
    let refused = Db::open(Some(&verifying), folder.path()).await;
    assert!(
        refused.is_err(),
        "a certificate not signed by the CA given is refused"
    );
}
