//! The Kanwil sets a regency's election period on the office screen, in headless
//! Chromium: dates in the wrong order are refused by field, the period saved is listed as
//! running, and the regency's tablet pulls it.

use pantau_e2e::device::NativeDevice;
use pantau_e2e::{Browser, PASSWORD, Product};
use serde_json::json;

/// Sets a date input as a person picking a date does: its value, then `input`.
async fn set_date(browser: &Browser, css: &str, value: &str) -> anyhow::Result<()> {
    browser
        .client
        .execute(
            "const input = document.querySelector(arguments[0]); input.value = arguments[1]; \
             input.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![json!(css), json!(value)],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kanwil_sets_a_regencys_election_period() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.team("kanwil-bali", "51", &[("kanwil", "central", "KANWIL")])?;
    product.serve()?;
    let bali = time::macros::offset!(+8);
    let today = time::OffsetDateTime::now_utc().to_offset(bali).date();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();

    let office = Browser::start().await?;
    office
        .sign_in_at(&product.url, "/kantor/pemilu", "kanwil")
        .await?;
    office
        .wait_for_text("#elections-empty", "Belum ada")
        .await?;
    // Only the teams' regencies are offered, not the province.
    office
        .wait_for_text("#election-region", "Kabupaten Jembrana")
        .await?;
    office
        .find("#election-region")
        .await?
        .select_by_value("51.01")
        .await?;
    office
        .find("#election-name")
        .await?
        .send_keys("Pilkada Contoh Jembrana")
        .await?;
    set_date(&office, "#election-campaign-start", &day(-2)).await?;
    set_date(&office, "#election-campaign-end", &day(-5)).await?;
    set_date(&office, "#election-voting-day", &day(20)).await?;
    office.click("#save-election").await?;
    office
        .wait_for_text("#election-error", "Akhir kampanye: terlalu awal")
        .await?;
    set_date(&office, "#election-campaign-end", &day(14)).await?;
    office.click("#save-election").await?;
    let listed = office
        .wait_for_text("#elections", "Pilkada Contoh Jembrana")
        .await?;
    assert!(listed.contains("Berjalan"), "{listed}");
    assert!(listed.contains("Kabupaten Jembrana"), "{listed}");

    // The regency's tablet holds it, running today.
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    ayu.sync().await?;
    let running = ayu
        .state
        .active_election(&today.to_string())
        .map(|(_, name)| name.to_string());
    assert_eq!(running.as_deref(), Some("Pilkada Contoh Jembrana"));
    office.client.clone().close().await?;
    Ok(())
}
