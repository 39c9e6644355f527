//! A coordinator records a Rakor in the browser: attendance ticked from the team roster
//! grouped by agency, a follow-up for the police that is already overdue, which the open
//! follow-ups list marks, and one for the election commission. The police officer reads
//! the Rakor on their own tablet, with no button to write it, and moves the police's
//! follow-up to done; the coordinator's list then holds the commission's alone.

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
    // A second one, for the election commission, due later.
    browser
        .find("#description")
        .await?
        .send_keys("Sosialisasi larangan kampanye bagi WNA")
        .await?;
    browser
        .find("#owner_agency")
        .await?
        .send_keys("KPU")
        .await?;
    browser
        .find("#due_date")
        .await?
        .send_keys("12312030")
        .await?;
    browser.click("#follow-up-save").await?;
    browser
        .wait_for_text("#meeting-follow-ups", "Sosialisasi larangan kampanye")
        .await?;

    browser.click("#nav-meetings").await?;
    browser
        .wait_for_text("#follow-up-list", "Pemadanan data WNA ber-NIK dengan DPT")
        .await?;
    browser
        .wait_for_text("#follow-up-list", "Terlambat")
        .await?;

    browser.wait_for_number("#pending-count", 0).await?;

    // The police officer reads the Rakor and moves along only the police's follow-up:
    // no button to record or edit a meeting, no form to add a follow-up.
    let police = Browser::start().await?;
    police.sign_in(&product.url, "polres", PASSWORD).await?;
    police.click("#nav-meetings").await?;
    police
        .wait_for_text("#meeting-list", "Kewaspadaan Terhadap Pemilu")
        .await?;
    police.click("#meeting-list a").await?;
    police
        .wait_for_text("#meeting-follow-ups", "Sosialisasi larangan kampanye")
        .await?;
    for absent in ["#new-meeting", "#edit-meeting", "#follow-up-form"] {
        anyhow::ensure!(
            police
                .client
                .find_all(fantoccini::Locator::Css(absent))
                .await?
                .is_empty(),
            "a field officer is offered {absent}"
        );
    }
    let selects = police
        .client
        .find_all(fantoccini::Locator::Css(
            "#meeting-follow-ups .status-select",
        ))
        .await?;
    assert_eq!(
        selects.len(),
        1,
        "only the police's follow-up can be moved along"
    );
    police
        .wait_for_text("#meeting-follow-ups .follow-up-status", "Terbuka")
        .await?;
    selects[0].send_keys("Selesai").await?;
    police
        .wait_until(
            "document.querySelector('#meeting-follow-ups .badge') === null",
            10,
        )
        .await?;
    police.wait_for_number("#pending-count", 0).await?;
    police.client.clone().close().await?;

    // The coordinator's tablet hears of it: only the election commission's stays open.
    browser.click("#nav-sync").await?;
    browser.click("#sync-now").await?;
    browser.click("#nav-meetings").await?;
    browser
        .wait_for_element_count(
            "#follow-up-list li",
            1,
            "#follow-up-list",
            "Sosialisasi larangan kampanye",
        )
        .await?;

    // What the server holds: one meeting (the refused save wrote nothing), the police's
    // follow-up done and the commission's untouched.
    let mut check = NativeDevice::sign_in(&product.url, "koordinator", PASSWORD).await?;
    check.sync().await?;
    let count = |entity: &str| check.state.records().filter(|r| r.entity == entity).count();
    assert_eq!((count("meeting"), count("action_item")), (1, 2));
    let status_of = |owner: &str| {
        check
            .state
            .records()
            .find(|r| r.entity == "action_item" && r.text("owner_agency") == Some(owner))
            .map(|r| r.text("status").map(str::to_string))
    };
    assert_eq!(status_of("POLRES"), Some(Some("done".to_string())));
    assert_eq!(status_of("KPU"), Some(None));
    browser.client.clone().close().await?;
    Ok(())
}
