//! An officer made with `pantau user add` signs in through the served app in headless
//! Chromium and sees the home screen; a wrong password gets a clear message.

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
    browser
        .wait_for_text("#welcome", "Selamat datang, Petugas Uji Coba")
        .await?;
    browser
        .wait_for_text("#officer-role", "Petugas lapangan")
        .await?;
    browser
        .wait_for_text("#connection-status", "Daring")
        .await?;

    // The session survives a reload, and the language switch changes every text.
    browser.client.refresh().await?;
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
