//! The read trail on both engines: what a pull carried to a device follows from the
//! logged range, and one record's readers and writers are found.

use crate::helpers::{Engine, TestApp, hlc_at, mutation, now_millis, statuses, subject_fields};
use crate::on_both_backends;
use pantau_shared::team::Role;
use uuid::Uuid;

async fn the_trail_finds_what_a_device_received(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let writer = app.officer("ayu", Role::Field, "jembrana").await;
    let other_team = app.officer("komang", Role::Field, "buleleng").await;
    let (first, second, elsewhere) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let now = now_millis();
    let pushed = app
        .push(
            &writer,
            vec![
                mutation(
                    "subject",
                    first,
                    hlc_at(writer.device_id, now, 0),
                    subject_fields("51.01.04", "CONTOH SATU"),
                ),
                mutation(
                    "subject",
                    second,
                    hlc_at(writer.device_id, now, 1),
                    subject_fields("51.01", "CONTOH DUA"),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied", "applied"]);
    let pushed = app
        .push(
            &other_team,
            vec![mutation(
                "subject",
                elsewhere,
                hlc_at(other_team.device_id, now, 0),
                subject_fields("51.08", "CONTOH LAIN"),
            )],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"]);

    let reader = app.officer("made", Role::Field, "jembrana").await;
    let (changes, _) = app.pull_all(&reader, 0).await;
    assert_eq!(changes.len(), 2);
    let received = app
        .db
        .records_read_by_device(&reader.device_id.to_string())
        .await
        .expect("trail");
    let ids: Vec<String> = received.iter().map(|r| r.id.clone()).collect();
    let mut expected = vec![first.to_string(), second.to_string()];
    expected.sort();
    let mut got = ids.clone();
    got.sort();
    assert_eq!(got, expected);
    assert!(received.iter().any(|r| r.label.starts_with("CONTOH SATU")));

    let reads = app
        .db
        .reads_of_record(&first.to_string())
        .await
        .expect("reads");
    let readers: Vec<Option<String>> = reads.iter().map(|r| r.device_id.clone()).collect();
    assert!(
        readers.contains(&Some(reader.device_id.to_string())),
        "{reads:?}"
    );
    assert!(!readers.contains(&Some(other_team.device_id.to_string())));
    let writes = app
        .db
        .writes_of_record(&first.to_string())
        .await
        .expect("writes");
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].officer, "ayu");
    assert_eq!(writes[0].role.as_deref(), Some("field"));
}
on_both_backends!(the_trail_finds_what_a_device_received);
