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
