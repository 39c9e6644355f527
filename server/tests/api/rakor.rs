//! Who writes the Rakor: the team's coordinator records meetings and follow-ups; a field
//! officer moves along (status, notes) the follow-ups their own agency owns and writes
//! nothing else of them; the Kanwil reads. Each refusal names its field and changes
//! nothing.

use crate::helpers::{Engine, Session, TestApp, hlc_at, mutation, now_millis, statuses};
use crate::on_both_backends;
use pantau_shared::team::Role;
use serde_json::{Value, json};
use uuid::Uuid;

fn meeting_fields() -> Value {
    json!({
        "region_code": "51.01",
        "date": "2026-11-20",
        "place": "Aula Kantor Imigrasi (uji)",
        "theme": "Rakor uji",
    })
}

fn follow_up_fields(meeting: Uuid, owner: &str) -> Value {
    json!({
        "region_code": "51.01",
        "meeting_id": meeting,
        "description": "Tindak lanjut uji",
        "owner_agency": owner,
        "due_date": "2026-12-15",
    })
}

/// One write by `session`, answered with its status and its error's code and field.
async fn write(
    app: &TestApp,
    session: &Session,
    entity: &str,
    id: Uuid,
    fields: Value,
) -> (String, String, String) {
    let hlc = hlc_at(session.device_id, now_millis(), 0);
    let response = app
        .push(session, vec![mutation(entity, id, hlc, fields)])
        .await;
    let result = &response.body["results"][0];
    let text = |value: &Value| value.as_str().unwrap_or("").to_string();
    (
        text(&result["status"]),
        text(&result["error"]["code"]),
        text(&result["error"]["field"]),
    )
}

fn applied() -> (String, String, String) {
    ("applied".into(), String::new(), String::new())
}

fn forbidden(field: &str) -> (String, String, String) {
    ("rejected".into(), "forbidden".into(), field.into())
}

async fn only_the_coordinator_keeps_the_minutes(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let coordinator = app
        .officer("koordinator", Role::Coordinator, "jembrana")
        .await;
    app.add_user_of("polres", Role::Field, Some("jembrana"), "POLRES")
        .await;
    let police = app.login("polres").await;
    let kanwil = app.officer("kanwil", Role::Central, "kanwil").await;

    // A field officer creates no meeting and no follow-up.
    let (meeting, theirs, others) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    assert_eq!(
        write(&app, &police, "meeting", meeting, meeting_fields()).await,
        forbidden("")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM records").await,
        0,
        "a refused write stores nothing"
    );

    // The coordinator does: a follow-up for the police and one for the KPU.
    let pushed = app
        .push(
            &coordinator,
            vec![
                mutation(
                    "meeting",
                    meeting,
                    hlc_at(coordinator.device_id, now_millis(), 0),
                    meeting_fields(),
                ),
                mutation(
                    "action_item",
                    theirs,
                    hlc_at(coordinator.device_id, now_millis(), 1),
                    follow_up_fields(meeting, "POLRES"),
                ),
                mutation(
                    "action_item",
                    others,
                    hlc_at(coordinator.device_id, now_millis(), 2),
                    follow_up_fields(meeting, "KPU"),
                ),
            ],
        )
        .await;
    assert_eq!(statuses(&pushed), ["applied"; 3], "{:?}", pushed.body);
    let changes = app.count("SELECT COUNT(*) FROM change_log").await;

    // The field officer edits neither the meeting nor a follow-up's terms, deletes none,
    // nor moves along another agency's; the Kanwil writes nothing of it.
    let refused = [
        (
            &police,
            "meeting",
            meeting,
            json!({"theme": "Diubah"}),
            ("forbidden", ""),
        ),
        (
            &police,
            "action_item",
            Uuid::now_v7(),
            follow_up_fields(meeting, "POLRES"),
            ("forbidden", ""),
        ),
        (
            &police,
            "action_item",
            theirs,
            json!({"status": "done", "due_date": "2027-01-31"}),
            ("forbidden", "due_date"),
        ),
        (
            &police,
            "action_item",
            theirs,
            json!({"deleted": true}),
            ("forbidden", "deleted"),
        ),
        (
            &police,
            "action_item",
            others,
            json!({"status": "done"}),
            ("forbidden", "owner_agency"),
        ),
        (
            &kanwil,
            "action_item",
            theirs,
            json!({"status": "done"}),
            ("forbidden", ""),
        ),
    ];
    for (session, entity, id, fields, (code, field)) in refused {
        let said = write(&app, session, entity, id, fields.clone()).await;
        assert_eq!(
            said,
            ("rejected".to_string(), code.to_string(), field.to_string()),
            "{entity} {fields}"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM change_log").await,
        changes,
        "no refused write changed anything"
    );

    // The police move their own along, with a note.
    assert_eq!(
        write(
            &app,
            &police,
            "action_item",
            theirs,
            json!({"status": "done", "notes": "Data diserahkan (uji)"})
        )
        .await,
        applied()
    );
    let (records, _) = app.pull_all(&coordinator, 0).await;
    let status_of = |id: Uuid| {
        records
            .iter()
            .rev()
            .find(|change| change["id"] == json!(id))
            .map(|change| change["record"]["status"].clone())
    };
    assert_eq!(status_of(theirs), Some(json!("done")));
    assert_eq!(status_of(others), Some(Value::Null));

    // The coordinator still edits everything.
    assert_eq!(
        write(
            &app,
            &coordinator,
            "action_item",
            others,
            json!({"due_date": "2027-01-31", "status": "in_progress"})
        )
        .await,
        applied()
    );
    assert_eq!(
        write(
            &app,
            &coordinator,
            "meeting",
            meeting,
            json!({"minutes": "Notulen uji"})
        )
        .await,
        applied()
    );
}
on_both_backends!(only_the_coordinator_keeps_the_minutes);
