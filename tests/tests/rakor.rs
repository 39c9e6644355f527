//! A coordinator records a Rakor in the browser: attendance ticked from the team roster
//! grouped by agency, a follow-up that is already overdue, which the open follow-ups
//! list marks — until its status moves to done.

use pantau_e2e::device::NativeDevice;
use pantau_e2e::{Browser, PASSWORD, Product};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_records_a_meeting_with_attendance_and_follow_ups() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("koordinator", "coordinator", "IMIGRASI"),
            ("polres", "field", "POLRES"),
        ],
    )?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser
        .sign_in(&product.url, "koordinator", PASSWORD)
        .await?;

    browser.click("#nav-meetings").await?;
    browser.click("#new-meeting").await?;
    // The roster arrives with the first sync after sign-in.
    browser
        .wait_for_text("#attendance", "Petugas polres")
        .await?;
    browser.wait_for_text("#attendance", "Polres").await?;
    // Saving with nothing filled in names every missing field and saves nothing.
    browser.click("#meeting-save").await?;
    browser.wait_for_text("#theme-error", "wajib diisi").await?;
    browser.wait_for_text("#place-error", "wajib diisi").await?;
    browser.wait_for_number("#pending-count", 0).await?;
    browser.find("#date").await?.send_keys("11202026").await?;
    browser
        .find("#place")
        .await?
        .send_keys("Aula Kantor Imigrasi (uji)")
        .await?;
    browser
        .find("#theme")
        .await?
        .send_keys("Kewaspadaan Terhadap Pemilu")
        .await?;
    browser.find("#region_code").await?.clear().await?;
    browser
        .find("#region_code")
        .await?
        .send_keys("51.01")
        .await?;
    for checkbox in browser
        .client
        .find_all(fantoccini::Locator::Css("#attendance input[type=checkbox]"))
        .await?
    {
        browser.tap(&checkbox).await?;
    }
    browser.click("#meeting-save").await?;
    browser
        .wait_for_text("#meeting-theme", "Kewaspadaan Terhadap Pemilu")
        .await?;
    browser
        .wait_for_text("#meeting-attendance", "2 hadir")
        .await?;
    browser
        .wait_for_text("#meeting-attendance", "Polres")
        .await?;

    browser
        .find("#description")
        .await?
        .send_keys("Pemadanan data WNA ber-NIK dengan DPT")
        .await?;
    browser
        .find("#owner_agency")
        .await?
        .send_keys("Polres")
        .await?;
    browser
        .find("#due_date")
        .await?
        .send_keys("01012026")
        .await?;
    browser.click("#follow-up-save").await?;
    browser
        .wait_for_text("#meeting-follow-ups", "Terlambat")
        .await?;

    browser.click("#nav-meetings").await?;
    browser
        .wait_for_text("#follow-up-list", "Pemadanan data WNA ber-NIK dengan DPT")
        .await?;
    browser
        .wait_for_text("#follow-up-list", "Terlambat")
        .await?;

    browser.click("#meeting-list a").await?;
    browser
        .wait_for_text("#meeting-follow-ups", "Terlambat")
        .await?;
    browser
        .find(".status-select")
        .await?
        .send_keys("Selesai")
        .await?;
    browser
        .wait_until(
            "document.querySelector('#meeting-follow-ups .badge') === null",
            10,
        )
        .await?;
    browser.click("#nav-meetings").await?;
    browser
        .wait_for_element_count(
            "#follow-up-list li",
            0,
            "#no-follow-ups",
            "Tidak ada tindak lanjut terbuka",
        )
        .await?;
    browser
        .wait_for_text("#meeting-list", "Kewaspadaan Terhadap Pemilu")
        .await?;
    browser.wait_for_number("#pending-count", 0).await?;

    // What the server holds: one meeting (the refused save wrote nothing) and its
    // follow-up, done.
    let mut check = NativeDevice::sign_in(&product.url, "koordinator", PASSWORD).await?;
    check.sync().await?;
    let count = |entity: &str| check.state.records().filter(|r| r.entity == entity).count();
    assert_eq!((count("meeting"), count("action_item")), (1, 1));
    assert!(
        check
            .state
            .records()
            .any(|r| r.entity == "action_item" && r.text("status") == Some("done"))
    );
    browser.client.clone().close().await?;
    Ok(())
}
