//! An officer made with `pantau user add` signs in through the served app in headless
//! Chromium and sees the home screen; a wrong password gets a clear message, and a
//! locked-out officer is told for how long.

use pantau_e2e::{Browser, Product};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_signs_in_and_sees_the_home_screen() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.run(
        &[
            "team",
            "add",
            "--id",
            "jembrana",
            "--name",
            "Tim PORA Jembrana (uji)",
            "--region",
            "51.01",
        ],
        "",
    )?;
    product.run(
        &[
            "user",
            "add",
            "--username",
            "petugas.uji",
            "--name",
            "Petugas Uji Coba",
            "--role",
            "field",
            "--team",
            "jembrana",
            "--agency",
            "IMIGRASI",
        ],
        "sandi-uji-123\n",
    )?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser.client.goto(&format!("{}/", product.url)).await?;

    browser
        .find("#username")
        .await?
        .send_keys("petugas.uji")
        .await?;
    browser
        .find("#password")
        .await?
        .send_keys("salah-sandi")
        .await?;
    browser.click("#login-submit").await?;
    browser
        .wait_for_text("#login-error", "Nama pengguna atau kata sandi salah")
        .await?;

    browser.find("#password").await?.clear().await?;
    browser
        .find("#password")
        .await?
        .send_keys("sandi-uji-123")
        .await?;
    browser.click("#login-submit").await?;
    browser.pass_lock().await?;
    browser
        .wait_for_text("#welcome", "Selamat datang, Petugas Uji Coba")
        .await?;
    browser
        .wait_for_text("#officer-role", "Petugas lapangan")
        .await?;
    browser
        .wait_for_text("#connection-status", "Daring")
        .await?;

    // The session survives a reload behind the PIN, and the language switch changes
    // every text.
    browser.client.refresh().await?;
    browser.pass_lock().await?;
    browser
        .wait_for_text("#welcome", "Petugas Uji Coba")
        .await?;
    browser.click("#language-switch").await?;
    browser
        .wait_for_text("#welcome", "Welcome, Petugas Uji Coba")
        .await?;
    browser
        .wait_for_text("#officer-role", "Field officer")
        .await?;

    browser.click("#nav-sync").await?;
    browser.click("#logout").await?;
    browser.find("#username").await?;
    browser.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_out_officer_is_told_how_long_to_wait() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("petugas.uji", "field", "IMIGRASI")])?;
    product.serve()?;
    // Five wrong passwords use up the account's allowance for the 15-minute window.
    let http = reqwest::Client::new();
    for _ in 0..5 {
        let answer = http
            .post(format!("{}/api/auth/login", product.url))
            .json(&serde_json::json!({
                "username": "petugas.uji",
                "password": "salah-sandi",
                "device_id": "01900000-0000-7000-8000-0000000000aa",
                "device_name": "Tablet uji",
            }))
            .send()
            .await?;
        anyhow::ensure!(
            answer.status() == 401,
            "expected 401, got {}",
            answer.status()
        );
    }

    let browser = Browser::start().await?;
    browser.client.goto(&format!("{}/", product.url)).await?;
    browser
        .find("#username")
        .await?
        .send_keys("petugas.uji")
        .await?;
    // Even the right password waits out the lockout.
    browser
        .find("#password")
        .await?
        .send_keys("sandi-uji-123")
        .await?;
    browser.click("#login-submit").await?;
    browser
        .wait_for_text(
            "#login-error",
            "Terlalu banyak percobaan gagal. Coba lagi dalam 15 menit.",
        )
        .await?;
    browser.client.clone().close().await?;
    Ok(())
}
