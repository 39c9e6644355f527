//! Registering someone already on the tablet: the form says who it may be, opens that
//! record, or registers anyway once the officer has seen it.

use pantau_e2e::{Browser, PASSWORD, Product};

/// Fills the registration form with a person's name, document and region, and saves.
async fn fill_and_save(
    browser: &Browser,
    name: &str,
    nationality: &str,
    passport: &str,
) -> anyhow::Result<()> {
    browser.click("#nav-subjects").await?;
    browser.click("#register-subject").await?;
    browser.find("#full_name").await?.send_keys(name).await?;
    browser
        .find("#nationality")
        .await?
        .send_keys(nationality)
        .await?;
    browser
        .find("#passport_number")
        .await?
        .send_keys(passport)
        .await?;
    browser
        .find("#region_code")
        .await?
        .send_keys("51.01.04")
        .await?;
    browser.click("#subject-save").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_someone_already_on_the_tablet_asks_first() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    fill_and_save(&browser, "CONTOH GANDA", "NZL", "DM5556667").await?;
    browser
        .wait_for_text("#detail-name", "CONTOH GANDA")
        .await?;

    // The same passport again, typed differently: the form names who it may be.
    fill_and_save(&browser, "Ganda Contoh", "NZL", "dm 5556667").await?;
    browser
        .wait_for_text("#duplicate-warning", "CONTOH GANDA")
        .await?;
    browser.click("#duplicate-open").await?;
    browser
        .wait_for_text("#detail-name", "CONTOH GANDA")
        .await?;
    browser.wait_for_number("#pending-count", 0).await?;

    // A different person who happens to match: registered once the officer says so.
    fill_and_save(&browser, "CONTOH GANDA KEDUA", "NZL", "DM5556667").await?;
    browser
        .wait_for_text("#duplicate-warning", "CONTOH GANDA")
        .await?;
    browser.click("#register-anyway").await?;
    browser
        .wait_for_text("#detail-name", "CONTOH GANDA KEDUA")
        .await?;
    browser.client.clone().close().await?;
    Ok(())
}
