//! Registering someone already on the tablet: the form says who it may be, opens that
//! record, or registers anyway once the officer has seen it.

use pantau_e2e::{Browser, PASSWORD, Product, mrz};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_draft_never_mixes_two_people() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    let first = mrz(
        "LA1112223",
        "NZL",
        "900101",
        'F',
        "310101",
        "CONTOH<<PERTAMA",
    );
    let second = mrz("LB4445556", "AUS", "850505", 'M', "300505", "CONTOH<<KEDUA");

    // The first person from her passport, an address typed, and the officer leaves.
    browser.click("#nav-subjects").await?;
    browser.click("#register-subject").await?;
    browser.find("#mrz-input").await?.send_keys(&first).await?;
    browser.click("#mrz-fill").await?;
    browser
        .wait_for_text("#form-notice", "diisi dari MRZ")
        .await?;
    browser
        .find("#address")
        .await?
        .send_keys("Jl. Contoh Pertama")
        .await?;
    browser
        .find("#region_code")
        .await?
        .send_keys("51.01.04")
        .await?;
    browser
        .wait_until(
            "localStorage.getItem('pantau.draft.subject.new') !== null",
            10,
        )
        .await?;
    // The draft is kept sealed, like everything else about people on the tablet.
    let kept = browser
        .stored_text("pantau.draft.subject.new")
        .await?
        .unwrap_or_default();
    assert!(
        !kept.contains("51.01.04") && !kept.contains("PERTAMA"),
        "{kept}"
    );
    browser.click("#nav-subjects").await?;

    // The next registration opens on her draft, and says whose it is.
    browser.click("#register-subject").await?;
    browser.wait_for_text("#form-notice", "LA1112223").await?;
    browser.wait_for_text("#form-notice", "PERTAMA").await?;

    // Another passport: the officer is asked; declining keeps the rest as it was.
    browser.find("#mrz-input").await?.send_keys(&second).await?;
    browser.click("#mrz-fill").await?;
    let question = browser.client.get_alert_text().await?;
    assert!(question.contains("LA1112223"), "{question}");
    browser.client.dismiss_alert().await?;
    browser
        .wait_for_text("#form-notice", "diisi dari MRZ")
        .await?;
    assert_eq!(browser.value_of("#passport_number").await?, "LB4445556");
    assert_eq!(browser.value_of("#address").await?, "Jl. Contoh Pertama");

    // Asked again from the first passport, and told to clear: nothing of the other
    // person stays but the region the officer works in.
    browser.find("#mrz-input").await?.clear().await?;
    browser.find("#mrz-input").await?.send_keys(&first).await?;
    browser.click("#mrz-fill").await?;
    browser.client.accept_alert().await?;
    browser
        .wait_until(
            "document.querySelector('#passport_number').value === 'LA1112223'",
            10,
        )
        .await?;
    assert_eq!(browser.value_of("#address").await?, "");
    assert_eq!(browser.value_of("#region_code").await?, "51.01.04");
    assert_eq!(browser.value_of("#nationality").await?, "NZL");
    browser.client.clone().close().await?;
    Ok(())
}
