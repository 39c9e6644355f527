//! The office restores its server from a backup older than a tablet's latest work. The
//! tablet, whose session the backup predates, asks its officer to sign in again, keeps
//! everything, and sends again what the server lost; another tablet then receives it.

use pantau_e2e::device::NativeDevice;
use pantau_e2e::{Browser, PASSWORD, Product};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tablet_sends_again_what_a_restored_server_lost() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("komang", "coordinator", "IMIGRASI"),
        ],
    )?;
    product.serve()?;
    // The nightly backup, taken before the tablet's day began.
    let backups = tempfile::tempdir()?;
    let backup = backups.path().join("cadangan.db");
    product.run(&["backup", "--out", &backup.display().to_string()], "")?;

    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    browser
        .register_subject("CONTOH SETELAH CADANGAN", "51.01.04")
        .await?;
    let photos = tempfile::tempdir()?;
    browser
        .take_photo(
            &photos.path().join("paspor.bmp"),
            pantau_e2e::bmp(1200, 800),
        )
        .await?;
    browser.wait_for_number("#pending-count", 0).await?;
    browser
        .wait_until("!document.querySelector('#photos-waiting')", 20)
        .await?;

    // The server's disk fails; the office restores last night's backup.
    browser.set_offline(true).await?;
    product.stop();
    product.run(
        &[
            "restore",
            "--from",
            &backup.display().to_string(),
            "--force",
        ],
        "",
    )?;
    product.start_again()?;

    // Signal returns: the restored server does not know the tablet's session.
    browser.set_offline(false).await?;
    browser
        .wait_for_text("#login-notice", "Sesi berakhir")
        .await?;
    browser.find("#username").await?.send_keys("ayu").await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.click("#login-submit").await?;
    browser.pass_lock().await?;
    browser.find("#welcome").await?;

    // The tablet kept the record, and sends it again once it hears the new epoch.
    let mut komang = NativeDevice::sign_in(&product.url, "komang", PASSWORD).await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        komang.sync().await?;
        let received = komang
            .state
            .records()
            .find(|r| r.text("full_name") == Some("CONTOH SETELAH CADANGAN"))
            .map(|r| r.texts("photos"));
        // The photo, uploaded after the backup too, is sent again.
        if let Some([photo]) = received.as_deref()
            && komang
                .attachment(photo)
                .await
                .is_ok_and(|bytes| !bytes.is_empty())
        {
            break;
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the record and photo made after the backup never reached the restored server"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    browser.client.clone().close().await?;
    Ok(())
}
