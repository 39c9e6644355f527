//! An operation under one written order, through the screens: the coordinator records it
//! at the office (a backwards period is refused by name), the field officer's tablet
//! receives it and starts an inspection under it, which takes the order's number, and
//! the operation's report — read by the Kanwil, with no form — lists the inspection.

use pantau_e2e::{Browser, PASSWORD, Product};

/// Replaces the text of the input `css` with `text`.
async fn type_into(browser: &Browser, css: &str, text: &str) -> anyhow::Result<()> {
    let field = browser.find(css).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspection_is_made_under_the_coordinators_written_order() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("kadek", "coordinator", "IMIGRASI"),
            ("ayu", "field", "IMIGRASI"),
        ],
    )?;
    product.team("kanwil-bali", "51", &[("kanwil", "central", "KANWIL")])?;
    product.serve()?;
    let bali = time::macros::offset!(+8);
    let today = time::OffsetDateTime::now_utc().to_offset(bali).date();
    let (yesterday, in_a_week) = (
        today - time::Duration::days(1),
        today + time::Duration::days(7),
    );

    // The coordinator records the order; first with its period the wrong way round.
    let office = Browser::start().await?;
    office
        .sign_in_at(&product.url, "/kantor/operasi", "kadek")
        .await?;
    office
        .wait_for_text("#operations-empty", "Belum ada operasi")
        .await?;
    type_into(&office, "#operation-order-number", "SPRIN-UJI/09/2026").await?;
    office
        .set_value("#operation-order-date", &yesterday.to_string())
        .await?;
    type_into(&office, "#operation-issued-by", "Kepala Kantor Uji").await?;
    office
        .find("#operation-operation-type")
        .await?
        .select_by_value("joint")
        .await?;
    office
        .set_value("#operation-period-start", &in_a_week.to_string())
        .await?;
    office
        .set_value("#operation-period-end", &yesterday.to_string())
        .await?;
    office
        .wait_until(
            "document.querySelector('#operation-region')?.value === '51.01'",
            10,
        )
        .await?;
    office
        .click("#operation-agencies input[value='POLRES']")
        .await?;
    office.click("#save-operation").await?;
    office
        .wait_for_text("#operation-error", "Berakhir: terlalu awal")
        .await?;
    office
        .wait_for_text("#operations-empty", "Belum ada")
        .await?;
    office
        .set_value("#operation-period-start", &yesterday.to_string())
        .await?;
    office
        .set_value("#operation-period-end", &in_a_week.to_string())
        .await?;
    office.click("#save-operation").await?;
    office
        .wait_for_text("#operation-saved", "Operasi disimpan")
        .await?;
    office
        .wait_for_text("#operations", "SPRIN-UJI/09/2026")
        .await?;
    office.keep_screenshot("operations").await;

    // The field officer's tablet receives it and starts an inspection under it.
    let tablet = Browser::start().await?;
    tablet.sign_in(&product.url, "ayu", PASSWORD).await?;
    tablet.click("#nav-sync").await?;
    tablet.click("#sync-now").await?;
    tablet.click("#nav-inspections").await?;
    tablet.click("#start-inspection").await?;
    tablet
        .wait_for_text("#operation_id", "SPRIN-UJI/09/2026")
        .await?;
    tablet
        .find("#operation_id")
        .await?
        .send_keys("SPRIN-UJI/09/2026")
        .await?;
    tablet
        .find("#place_name")
        .await?
        .send_keys("Vila Contoh Operasi")
        .await?;
    tablet
        .find("#region_code")
        .await?
        .send_keys("51.01.04")
        .await?;
    tablet.find("#place_type").await?.send_keys("Vila").await?;
    // The written order's number is the operation's.
    anyhow::ensure!(
        tablet.value_of("#warrant_number").await? == "SPRIN-UJI/09/2026",
        "the order's number was not taken"
    );
    tablet.click("#inspection-save").await?;
    tablet
        .wait_for_text("#inspection-detail", "SPRIN-UJI/09/2026")
        .await?;
    tablet.click("#finalize").await?;
    tablet.click("#confirm-finalize").await?;
    tablet.wait_for_text("#inspection-status", "Final").await?;
    tablet.click("#nav-sync").await?;
    tablet.click("#sync-now").await?;
    tablet.wait_for_number("#pending-count", 0).await?;
    tablet.client.clone().close().await?;

    // The coordinator's list counts it.
    office.client.refresh().await?;
    office
        .wait_for_text("#operations .operation-inspections", "1")
        .await?;
    office.client.clone().close().await?;

    // The Kanwil reads the report, and is offered no form.
    let kanwil = Browser::start().await?;
    kanwil
        .sign_in_at(&product.url, "/kantor/operasi", "kanwil")
        .await?;
    kanwil.click("#operations a").await?;
    kanwil
        .wait_for_text("#operation-order-number", "SPRIN-UJI/09/2026")
        .await?;
    kanwil
        .wait_for_text("#operation-agencies-assigned", "Polres")
        .await?;
    kanwil
        .wait_for_text("#operation-inspections", "Vila Contoh Operasi")
        .await?;
    kanwil
        .wait_for_text("#operation-places tr[data-code='villa']", "1")
        .await?;
    kanwil.keep_screenshot("operation-report").await;
    anyhow::ensure!(
        kanwil
            .client
            .find_all(fantoccini::Locator::Css("#operation-form"))
            .await?
            .is_empty(),
        "the Kanwil is offered the operation form"
    );
    kanwil.client.clone().close().await?;
    Ok(())
}
