//! Administration with the real `pantau` binary: accounts listed, disabled, enabled and
//! given a new password; devices listed and a lost one revoked. Each change is seen
//! through the API the way a tablet meets it, and each mistake is named.

use pantau_e2e::device::NativeDevice;
use pantau_e2e::{PASSWORD, Product};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_manages_accounts_and_revokes_a_lost_tablet() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("made", "field", "POLRES")],
    )?;
    product.serve()?;

    let users = product.run(&["user", "list"], "")?;
    assert!(
        users
            .lines()
            .any(|l| l.starts_with("ayu\tPetugas ayu\tfield\tjembrana\tIMIGRASI\tactive")),
        "{users}"
    );

    // A lost tablet: listed with its officer, then revoked; its next request is told to wipe.
    let mut lost = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    lost.sync().await?;
    let device = lost.state.device_id().to_string();
    let devices = product.run(&["device", "list", "--username", "ayu"], "")?;
    assert!(
        devices
            .lines()
            .any(|l| l.starts_with(&format!("{device}\tayu\t")) && l.contains("\tactive\t")),
        "{devices}"
    );
    let said = product.run(&["device", "revoke", "--id", &device], "")?;
    assert!(said.contains("revoked"), "{said}");
    let refused = lost
        .sync()
        .await
        .expect_err("a revoked device syncs no more");
    assert!(format!("{refused:#}").contains("401"), "{refused:#}");
    let devices = product.run(&["device", "list"], "")?;
    assert!(
        devices
            .lines()
            .any(|l| l.starts_with(&device) && l.contains("\trevoked\t")),
        "{devices}"
    );

    // A disabled account cannot sign in and its sessions end; enabled, it can again.
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    product.run(&["user", "disable", "--username", "made"], "")?;
    assert!(made.sync().await.is_err(), "the session ended");
    assert_eq!(product.sign_in_status("made", PASSWORD).await?, 401);
    product.run(&["user", "enable", "--username", "made"], "")?;
    assert_eq!(product.sign_in_status("made", PASSWORD).await?, 200);

    // A new password ends every session; only the new one signs in.
    let mut before = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let said = product.run(
        &["user", "password", "--username", "made"],
        "sandi-baru-456\n",
    )?;
    assert!(said.contains("session(s) ended"), "{said}");
    assert!(before.sync().await.is_err(), "the old session ended");
    assert_eq!(product.sign_in_status("made", PASSWORD).await?, 401);
    assert_eq!(product.sign_in_status("made", "sandi-baru-456").await?, 200);

    // Mistakes are named, and change nothing.
    for (args, stdin, named) in [
        (
            vec!["user", "disable", "--username", "tidak-ada"],
            "",
            "tidak-ada",
        ),
        (
            vec!["user", "password", "--username", "made"],
            "pendek\n",
            "at least 8",
        ),
        (
            vec!["device", "revoke", "--id", "bukan-id"],
            "",
            "not a device id",
        ),
        (
            vec![
                "device",
                "revoke",
                "--id",
                "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c",
            ],
            "",
            "no such device",
        ),
        (
            vec!["device", "list", "--username", "tidak-ada"],
            "",
            "no such account",
        ),
    ] {
        let error = product.run(&args, stdin).expect_err("refused");
        assert!(format!("{error:#}").contains(named), "{args:?}: {error:#}");
    }
    assert_eq!(product.sign_in_status("made", "sandi-baru-456").await?, 200);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_read_trail_says_what_reached_a_device_and_who_received_a_person() -> anyhow::Result<()>
{
    use pantau_e2e::device::fields;
    use pantau_shared::sync::EntityKind;
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("made", "field", "POLRES")],
    )?;
    product.team("buleleng", "51.08", &[("komang", "field", "IMIGRASI")])?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let mut people = Vec::new();
    for name in ["CONTOH JEJAK SATU", "CONTOH JEJAK DUA", "CONTOH JEJAK TIGA"] {
        let id = uuid::Uuid::now_v7();
        ayu.edit(
            EntityKind::Subject,
            id,
            fields(serde_json::json!({"region_code": "51.01.04", "full_name": name, "nationality": "NZL", "passport_number": "DM7654321"})),
        )?;
        people.push(id);
    }
    ayu.sync().await?;
    let mut komang = NativeDevice::sign_in(&product.url, "komang", PASSWORD).await?;
    komang.edit(
        EntityKind::Subject,
        uuid::Uuid::now_v7(),
        fields(serde_json::json!({"region_code": "51.08", "full_name": "CONTOH JEJAK LAIN"})),
    )?;
    komang.sync().await?;

    // A tablet of the team pulls, and its officer opens one person's history.
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    made.sync().await?;
    let history = made.history(people[0]).await?;
    assert!(history["entries"].as_array().is_some_and(|e| !e.is_empty()));

    let device = made.state.device_id().to_string();
    let trail = product.run(&["audit", "device", "--id", &device], "")?;
    for name in ["CONTOH JEJAK SATU", "CONTOH JEJAK DUA", "CONTOH JEJAK TIGA"] {
        assert!(trail.contains(name), "{name} missing from\n{trail}");
    }
    assert!(
        !trail.contains("CONTOH JEJAK LAIN"),
        "another team's person:\n{trail}"
    );
    assert!(
        trail.contains("3 records reached this device, 3 of them foreign nationals"),
        "{trail}"
    );
    assert!(
        trail.lines().any(|l| l.contains("\tmade\tpull\t51.01\t")),
        "{trail}"
    );
    assert!(
        trail.lines().any(|l| l.contains("\tmade\thistory\t")),
        "{trail}"
    );

    let person = product.run(
        &["audit", "person", "--subject", &people[0].to_string()],
        "",
    )?;
    assert!(person.contains("CONTOH JEJAK SATU"), "{person}");
    assert!(
        person
            .lines()
            .any(|l| l.contains("\tmade\t") && l.contains(&device) && l.ends_with("\tpull")),
        "{person}"
    );
    assert!(
        person
            .lines()
            .any(|l| l.contains("\tmade\t") && l.ends_with("\thistory")),
        "{person}"
    );
    assert!(
        person
            .lines()
            .any(|l| l.contains("\tayu\tfield\t") && l.ends_with("\twrite")),
        "{person}"
    );
    assert!(!person.contains("komang"), "{person}");

    let refused = product
        .run(&["audit", "device", "--id", "bukan-id"], "")
        .expect_err("not a device id");
    assert!(refused.to_string().contains("--id bukan-id"), "{refused}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persons_data_is_exported_whole_for_their_request() -> anyhow::Result<()> {
    use pantau_e2e::device::fields;
    use pantau_shared::sync::EntityKind;
    use std::io::Read;
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    // A photo of the person's passport page: a tiny made-up PNG.
    let photo: Vec<u8> = b"\x89PNG\r\n\x1a\nbukan foto sungguhan".to_vec();
    let sha = pantau_e2e::sha256_hex(&photo);
    ayu.upload(&sha, "image/png", "51.01.04", photo.clone())
        .await?;
    let (person, inspection, finding) = (
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
    );
    ayu.edit(
        EntityKind::Subject,
        person,
        fields(serde_json::json!({"region_code": "51.01.04", "full_name": "CONTOH PERMINTAAN DATA", "nationality": "NZL", "photos": [sha]})),
    )?;
    ayu.edit(
        EntityKind::Inspection,
        inspection,
        fields(serde_json::json!({"region_code": "51.01.04", "started_at": "2026-11-28T09:00:00+08:00", "place_name": "Vila Contoh", "warrant_number": "SPRIN/UJI/9", "status": "draft"})),
    )?;
    ayu.edit(
        EntityKind::Finding,
        finding,
        fields(serde_json::json!({"region_code": "51.01.04", "inspection_id": inspection, "subject_id": person, "violations": ["overstay"]})),
    )?;
    ayu.sync().await?;

    let folder = tempfile::tempdir()?;
    let out = folder.path().join("data-pribadi.zip");
    let said = product.run(
        &[
            "export",
            "person",
            "--subject",
            &person.to_string(),
            "--out",
            &out.display().to_string(),
        ],
        "",
    )?;
    assert!(
        said.contains("1 finding(s)") && said.contains("1 photo(s)"),
        "{said}"
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out)?)?;
    let mut read = |name: &str| -> anyhow::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        archive.by_name(name)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    let record: serde_json::Value = serde_json::from_slice(&read("record.json")?)?;
    assert_eq!(record["fields"]["full_name"], "CONTOH PERMINTAAN DATA");
    let findings: serde_json::Value = serde_json::from_slice(&read("findings.json")?)?;
    assert_eq!(findings[0]["id"], finding.to_string());
    let history: serde_json::Value = serde_json::from_slice(&read("history.json")?)?;
    assert_eq!(history.as_array().map(Vec::len), Some(1));
    let trail = String::from_utf8(read("access-trail.tsv")?)?;
    assert!(
        trail
            .lines()
            .any(|l| l.contains("\tayu\tfield\t") && l.ends_with("\twrite")),
        "{trail}"
    );
    assert_eq!(read(&format!("photos/{sha}.png"))?, photo);

    // The export is itself on the access log.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&product.database_url()).await?;
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_log WHERE action = 'export' AND target = $1",
    )
    .bind(format!("person/{person}"))
    .fetch_one(&pool)
    .await?;
    assert_eq!(logged, 1);

    let refused = product
        .run(
            &[
                "export",
                "person",
                "--subject",
                &inspection.to_string(),
                "--out",
                &out.display().to_string(),
            ],
            "",
        )
        .expect_err("an inspection is not a person");
    assert!(
        refused.to_string().contains("not a foreign national"),
        "{refused}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_person_is_erased_from_the_server_and_every_tablet() -> anyhow::Result<()> {
    use pantau_e2e::device::fields;
    use pantau_shared::sync::EntityKind;
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("made", "field", "POLRES")],
    )?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let (person, kept) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    for (id, name) in [(person, "CONTOH SALAH DAFTAR"), (kept, "CONTOH TETAP")] {
        ayu.edit(
            EntityKind::Subject,
            id,
            fields(serde_json::json!({"region_code": "51.01.04", "full_name": name, "nationality": "NZL"})),
        )?;
    }
    ayu.sync().await?;
    made.sync().await?;
    ayu.edit(
        EntityKind::Subject,
        person,
        fields(serde_json::json!({"deleted": true})),
    )?;
    ayu.sync().await?;

    let show = product.run(&["retention", "show"], "")?;
    assert!(show.contains("subject\t3650"), "{show}");
    let planned = product.run(&["retention", "run", "--dry-run"], "")?;
    assert!(
        planned.contains("subject: 1 due (1 deleted by an officer, 0 past retention)")
            && planned.contains("nothing was changed"),
        "{planned}"
    );
    let done = product.run(&["retention", "run"], "")?;
    assert!(done.contains("subject: 1 erased"), "{done}");
    let nothing = product.run(&["retention", "run"], "")?;
    assert!(nothing.contains("nothing is due"), "{nothing}");

    for device in [&mut ayu, &mut made] {
        device.sync().await?;
        let record = device.state.record(person).expect("the tombstone");
        assert!(record.is_deleted());
        assert_eq!(record.text("full_name"), None, "erased on the tablet too");
        assert_eq!(
            device.state.record(kept).and_then(|r| r.text("full_name")),
            Some("CONTOH TETAP")
        );
    }
    assert_eq!(
        ayu.state.kept_count(),
        1,
        "of the writes kept for a restore, only the other person's remains"
    );

    let error = product
        .run(
            &["retention", "set", "--entity", "orang", "--days", "30"],
            "",
        )
        .expect_err("refused");
    assert!(
        format!("{error:#}").contains("--entity: orang"),
        "{error:#}"
    );
    let said = product.run(
        &["retention", "set", "--entity", "meeting", "--days", "1825"],
        "",
    )?;
    assert!(said.contains("1825 days"), "{said}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_erases_a_deletion_soon_without_being_asked() -> anyhow::Result<()> {
    use pantau_e2e::device::fields;
    use pantau_shared::sync::EntityKind;
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("made", "field", "POLRES")],
    )?;
    product.serve_with(&["--erase-deleted-every", "1s"])?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let person = uuid::Uuid::now_v7();
    ayu.edit(
        EntityKind::Subject,
        person,
        fields(serde_json::json!({"region_code": "51.01.04", "full_name": "CONTOH TERHAPUS", "nationality": "NZL"})),
    )?;
    ayu.sync().await?;
    made.sync().await?;
    ayu.edit(
        EntityKind::Subject,
        person,
        fields(serde_json::json!({"deleted": true})),
    )?;
    ayu.sync().await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        made.sync().await?;
        let record = made.state.record(person).expect("the record");
        if record.text("full_name").is_none() {
            assert!(record.is_deleted());
            break;
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the deletion was not erased within 15 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_edit_of_an_erased_person_is_refused_in_words() -> anyhow::Result<()> {
    use pantau_e2e::Browser;
    use pantau_e2e::device::fields;
    use pantau_shared::sync::EntityKind;
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("made", "field", "POLRES")],
    )?;
    product.serve()?;
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let person = uuid::Uuid::now_v7();
    made.edit(
        EntityKind::Subject,
        person,
        fields(serde_json::json!({"region_code": "51.01.04", "full_name": "CONTOH TERHAPUS"})),
    )?;
    made.sync().await?;

    // Ayu's tablet has the person, loses signal, and adds an address.
    let tablet = Browser::start().await?;
    tablet.sign_in(&product.url, "ayu", PASSWORD).await?;
    tablet.search_subjects("terhapus").await?;
    tablet.click("#subject-results a").await?;
    tablet.set_offline(true).await?;
    tablet.click("#edit-subject").await?;
    tablet
        .find("#address")
        .await?
        .send_keys("Jl. Contoh Luring")
        .await?;
    tablet.click("#subject-save").await?;
    tablet.wait_for_number("#pending-count", 1).await?;

    // Meanwhile the record is deleted and erased on the server.
    made.edit(
        EntityKind::Subject,
        person,
        fields(serde_json::json!({"deleted": true})),
    )?;
    made.sync().await?;
    let done = product.run(&["retention", "run"], "")?;
    assert!(done.contains("subject: 1 erased"), "{done}");

    // Back online, the edit is refused, and the officer reads why.
    tablet.set_offline(false).await?;
    tablet.click("#nav-sync").await?;
    tablet.click("#sync-now").await?;
    tablet
        .wait_for_text("#pending-list", "dihapus permanen di server")
        .await?;
    tablet.client.clone().close().await?;
    Ok(())
}
