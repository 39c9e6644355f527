//! Administration with the real `pantau` binary: accounts listed, disabled, enabled and
//! given a new password; devices listed and a lost one revoked. Each change is seen
//! through the API the way a tablet meets it, and each mistake is named.

use pantau_e2e::device::NativeDevice;
use pantau_e2e::{PASSWORD, Product};

async fn sign_in_status(product: &Product, username: &str, password: &str) -> anyhow::Result<u16> {
    let response = reqwest::Client::new()
        .post(format!("{}/api/auth/login", product.url))
        .json(
            &serde_json::json!({"username": username, "password": password,
            "device_id": uuid::Uuid::now_v7(), "device_name": "uji"}),
        )
        .send()
        .await?;
    Ok(response.status().as_u16())
}

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
    assert_eq!(sign_in_status(&product, "made", PASSWORD).await?, 401);
    product.run(&["user", "enable", "--username", "made"], "")?;
    assert_eq!(sign_in_status(&product, "made", PASSWORD).await?, 200);

    // A new password ends every session; only the new one signs in.
    let mut before = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let said = product.run(
        &["user", "password", "--username", "made"],
        "sandi-baru-456\n",
    )?;
    assert!(said.contains("session(s) ended"), "{said}");
    assert!(before.sync().await.is_err(), "the old session ended");
    assert_eq!(sign_in_status(&product, "made", PASSWORD).await?, 401);
    assert_eq!(
        sign_in_status(&product, "made", "sandi-baru-456").await?,
        200
    );

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
    assert_eq!(
        sign_in_status(&product, "made", "sandi-baru-456").await?,
        200
    );
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
